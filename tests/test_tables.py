"""django-tables2 with the signature cache (atf_portal/core/tables.py): the same arguments for every cell."""

import django_tables2
from django_tables2 import utils

from atf_portal.core import tables
from atf_portal.dashboard.tables import GapTable
from indicators.tables import IndicatorTable, IndicatorValueTable
from programmes.evidence.tables import EvidenceTable
from programmes.tables import ActionTable, ProgrammeTable
from stocktake.tables import ActivityTable

TABLES = [GapTable, IndicatorTable, IndicatorValueTable, EvidenceTable, ProgrammeTable, ActionTable, ActivityTable]


def render_methods():
    """Every render and value method the portal's tables and the library's columns define, bound as they are drawn."""
    found = [getattr(table.__new__(table), name) for table in TABLES for name in dir(table)
             if name.startswith(("render_", "value_"))]
    columns = [django_tables2.Column(), django_tables2.BooleanColumn(), django_tables2.DateColumn(),
               django_tables2.TemplateColumn(template_code="{{ value }}")]
    return found + [getattr(column, name) for column in columns for name in ("render", "value")]


def test_the_cached_signature_is_the_librarys_own_for_every_render_method_of_the_portals_tables():
    assert utils.signature is tables.signature  # installed when the app is ready
    methods = render_methods()
    assert len(methods) > 20
    for method in methods:
        assert tables.signature(method) == tables.LIBRARY_SIGNATURE(method), method
    assert tables.signature(len) == tables.LIBRARY_SIGNATURE(len)  # not a method: asked of the library each time


def test_a_signature_is_read_once_per_function_however_many_rows_draw_it():
    tables._of_function.cache_clear()
    for _ in range(25):
        tables.signature(ProgrammeTable.__new__(ProgrammeTable).render_boards)
    assert tables._of_function.cache_info().misses == 1
