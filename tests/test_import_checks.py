"""An indicator file's figures and form are checked with words a person can act on: impossible figures by row and
column, a file saved in the wrong encoding or with the wrong separator, a workbook with XML entities."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from indicators.imports.services import import_file
from indicators.models import Indicator, IndicatorValue

from .indicator_files import TEMPLATE_HEADER, fingertips_csv, fingertips_row, template_xlsx

pytestmark = pytest.mark.django_db

FID = 90631
PLACE = "E08000012"  # Liverpool
CLASS_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception|Forbidden)\b")


@pytest.fixture
def indicator():
    indicator = Indicator.objects.get(number=4)
    indicator.fingertips_id = FID
    indicator.save()
    return indicator


def template_row(period, value=41.5, count=None, denominator=None):
    return [12, PLACE, period, "Persons", "All ages", value, None, None, count, denominator, None]


def test_a_negative_count_a_denominator_not_above_zero_and_an_impossible_value_are_refused_by_row_and_column():
    plan = import_file("anchor.xlsx", template_xlsx([
        template_row("2020/21", count=-5), template_row("2021/22", denominator=0),
        template_row("2022/23", denominator=-3), template_row("2023/24", value=1e308),
        template_row("2024/25", value=-12.5, count=0, denominator=1000),  # a fall below zero is a real figure
    ]))
    assert plan.errors == [
        "anchor.xlsx, sheet 'Values', row 2, column 'Count': the count -5 is below zero",
        "anchor.xlsx, sheet 'Values', row 3, column 'Denominator': the denominator 0 is not above zero: leave it "
        "blank if it is not known",
        "anchor.xlsx, sheet 'Values', row 4, column 'Denominator': the denominator -3 is not above zero: leave it "
        "blank if it is not known",
        "anchor.xlsx, sheet 'Values', row 5, column 'Value': '1e+308' is beyond any figure an indicator could have "
        "(more than 1,000,000,000,000); check the column",
    ]
    assert IndicatorValue.objects.count() == 0


def test_a_fingertips_export_with_impossible_figures_names_each_row(indicator):
    rows = [fingertips_row(FID, PLACE, "2021/22", "60.0", count="-1", denominator="10"),
            fingertips_row(FID, PLACE, "2022/23", "60.0", count="1", denominator="0"),
            fingertips_row(FID, PLACE, "2023/24", "1e308")]
    plan = import_file("export.csv", fingertips_csv(rows))
    assert [error.split(":")[0] for error in plan.errors] == [
        "export.csv, row 2, column 'Count'", "export.csv, row 3, column 'Denominator'",
        "export.csv, row 4, column 'Value'"]
    assert IndicatorValue.objects.count() == 0


def test_a_value_of_1e308_is_refused_at_the_preview_not_at_confirmation(indicator):
    plan = import_file("export.csv", fingertips_csv([fingertips_row(FID, PLACE, "2021/22", "1e308")]), dry_run=True)
    assert not plan.ok and "beyond any figure" in plan.errors[0]


@pytest.mark.parametrize("bom", [b"", b"\xff\xfe"])
def test_a_utf16_csv_is_told_its_encoding_and_how_to_save_it(bom):
    content = bom + ",".join(TEMPLATE_HEADER).encode("utf-16-le")
    [error] = import_file("values.csv", content).errors
    assert "UTF-16" in error and "CSV UTF-8 (Comma delimited)" in error


def test_a_semicolon_separated_csv_is_told_its_separator_and_how_to_save_it():
    [error] = import_file("values.csv", ";".join(TEMPLATE_HEADER).encode()).errors
    assert "separated by semicolons, not commas" in error and "CSV UTF-8 (Comma delimited)" in error


def entity_workbook():
    """The template with an XML entity declared in its sheet, as an attacker would build it (Excel never does)."""
    workbook = Workbook()
    workbook.active.append(TEMPLATE_HEADER)
    plain = io.BytesIO()
    workbook.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaaaaaaaa">]>' + data
            target.writestr(part, data)
    return out.getvalue()


def test_a_workbook_declaring_xml_entities_is_refused_in_words_not_an_exception_name():
    [error] = import_file("values.xlsx", entity_workbook()).errors
    assert "declares XML entities" in error and "save it as a new Excel Workbook" in error
    assert not CLASS_NAME.search(error)


def test_a_damaged_workbook_is_refused_without_an_exception_name():
    [error] = import_file("values.xlsx", b"PK\x03\x04 not really a zip").errors
    assert "not a readable Excel workbook" in error and not CLASS_NAME.search(error)


def test_a_stocktake_workbook_declaring_xml_entities_is_refused_in_the_same_words():
    from stocktake.services import import_file as import_stocktake

    [error] = import_stocktake("stocktake.xlsx", entity_workbook()).errors
    assert "declares XML entities" in error and not CLASS_NAME.search(error)
