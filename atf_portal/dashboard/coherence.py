"""Coherence: each recommendation against the programmes carrying it out, the stocktake activity recorded for it and
the indicators those programmes should move; and three plain figures per theme.

The stocktake records activity against a theme, a system recommendation or an indicator, never against one of a
theme's Marmot recommendations, so a Marmot recommendation's activity is its theme's, and the page says so.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from atf_portal.core.exports import neutralise
from atf_portal.framework.models import MarmotRecommendation, SystemRecommendation, Theme
from indicators.models import Indicator
from places.models import Area
from programmes.editions import in_edition
from programmes.evidence.models import EvidenceRecord
from programmes.models import Programme
from stocktake.models import Activity


def covered(kind, edition=None):
    """The one rule for "recommendation covered", as an expression on recommendations of `kind`
    (MarmotRecommendation or SystemRecommendation): a programme carries it out, or the current stocktake records
    activity for it; a Marmot recommendation's activity is its theme's. Programmes of one plan edition: the
    current one's unless another is given."""
    if kind is MarmotRecommendation:
        link, column = Programme.recommendations, "marmotrecommendation"
        row = {"row_kind": Activity.RowKind.THEME, "row_number": OuterRef("theme__number")}
    else:
        link, column = Programme.system_recommendations, "systemrecommendation"
        row = {"row_kind": Activity.RowKind.SYSTEM_RECOMMENDATION, "row_number": OuterRef("number")}
    # The recommendations carried out, as one set the database builds once: correlated per recommendation instead,
    # SQLite walks every programme of a chosen edition for each one.
    carried = link.through.objects.filter(**in_edition("programme__", edition)).values(f"{column}_id")
    return ExpressionWrapper(Q(pk__in=carried) | Q(Exists(Activity.objects.current().filter(**row))),
                             output_field=BooleanField())


def _count(queryset):
    """How many rows a correlated queryset holds, as a subquery of the outer query (0 when none)."""
    counted = queryset.order_by().values("theme").annotate(n=Count("pk", distinct=True)).values("n")
    return Coalesce(Subquery(counted[:1]), Value(0))


def programme_count(edition=None):
    """A theme's count of one edition's programmes, as an expression on themes."""
    return _count(Programme.objects.in_edition(edition).filter(theme=OuterRef("pk")))


def themes_with_figures(edition=None):
    """The themes, each with its programme counts and the three coherence figures, in one query:
    - recommendations_covered of recommendation_count: its Marmot recommendations with a programme carrying them
      out or stocktake activity (recorded against the theme), and recommendations_with_programme of them;
    - indicators_acted_on of indicator_count: its indicators with a programme acting on them (from any theme);
    - programmes_linked of programme_count: its programmes linked to at least one indicator."""
    here = {"theme": OuterRef("pk")}
    programmes = Programme.objects.in_edition(edition).filter(**here)
    recommendations = MarmotRecommendation.objects.filter(**here)
    recommendation_count = _count(recommendations)
    with_programme = _count(recommendations.filter(**in_edition("programmes__", edition)))
    is_covered = covered(MarmotRecommendation, edition)
    return Theme.objects.annotate(
        programme_count=programme_count(edition),
        hcp_led_count=_count(programmes.filter(hcp_led=True)),
        programmes_linked=_count(programmes.filter(indicators__isnull=False)),
        indicator_count=_count(Indicator.objects.filter(**here)),
        indicators_acted_on=_count(Indicator.objects.filter(**here, **in_edition("programmes__", edition))),
        recommendation_count=recommendation_count,
        recommendations_with_programme=with_programme,
        recommendations_covered=_count(recommendations.alias(covered=is_covered).filter(covered=True)),
    )


@dataclass
class Row:
    """One recommendation across the matrix."""

    reference: str
    text: str
    programmes: list
    activity: list  # [(level, activities)] for the levels that recorded any
    covered: bool  # by the one rule, `covered()`
    pk: int | None = None  # a Marmot recommendation's, for its evidence on the hub
    evidence: int = 0  # approved evidence concerning it
    indicators: list = field(default_factory=list)  # the indicators its programmes should move, by number

    @property
    def has_nothing(self):
        return not self.covered


@dataclass
class ThemeMatrix:
    theme: Theme  # with the figures of themes_with_figures()
    rows: list
    activity: list  # the theme's own stocktake activity by level, which every one of its rows shares
    indicators_alone: list  # its indicators no programme acts on


class _Links:
    """One edition's programmes against what they carry out and act on, read as pairs from the link tables, and
    only the programmes some row shows: work in proportion to the links, not to every programme's related sets."""

    def __init__(self, edition, indicators):
        def pairs(link, column):
            through = link.through.objects.filter(**in_edition("programme__", edition))
            return through, through.values_list(column, "programme_id")

        recommended, by_recommendation = pairs(Programme.recommendations, "marmotrecommendation_id")
        systems, by_system = pairs(Programme.system_recommendations, "systemrecommendation_id")
        self.indicators_of = defaultdict(set)
        for indicator, programme in pairs(Programme.indicators, "indicator_id")[1]:
            self.indicators_of[programme].add(indicator)
        self.acted_on = {pk for found in self.indicators_of.values() for pk in found}
        shown = Programme.objects.filter(Q(pk__in=recommended.values("programme_id"))
                                         | Q(pk__in=systems.values("programme_id"))).only("pk", "name")
        order = {programme.pk: programme for programme in shown}  # in the programmes' own order
        self.indicators = indicators
        self.by_recommendation, self.by_system = self._group(by_recommendation, order), self._group(by_system, order)

    @staticmethod
    def _group(pairs, programmes):
        rank = {pk: index for index, pk in enumerate(programmes)}
        grouped = defaultdict(list)
        for row, programme in sorted(pairs, key=lambda pair: rank[pair[1]]):
            grouped[row].append(programmes[programme])
        return grouped

    def row(self, programmes, **fields):
        """A Row carried out by `programmes`, with the indicators they act on."""
        moved = {pk for programme in programmes for pk in self.indicators_of.get(programme.pk, ())}
        indicators = sorted((self.indicators[pk] for pk in moved), key=lambda indicator: indicator.number)
        return Row(programmes=programmes, indicators=indicators, **fields)


def matrix(edition=None):
    """[ThemeMatrix] for the eight themes, and the system recommendations' [Row]: a fixed number of queries. The
    programmes are one plan edition's (the current one's unless another is given)."""
    themes = list(themes_with_figures(edition))
    levels = list(Area.objects.levels())
    counts = Activity.objects.current().counts_by_row_and_level()

    def activity(kind, number):
        found = counts.get((kind, number), {})
        return [(level, found[level.pk]) for level in levels if level.pk in found]

    all_indicators = {indicator.pk: indicator for indicator in Indicator.objects.all()}
    links = _Links(edition, all_indicators)
    evidence = dict(EvidenceRecord.objects.shown().filter(recommendations__isnull=False).values_list(
        "recommendations").annotate(n=Count("pk", distinct=True)).order_by())
    recommendations, indicators = defaultdict(list), defaultdict(list)
    for recommendation in MarmotRecommendation.objects.annotate(covered=covered(MarmotRecommendation, edition)):
        recommendations[recommendation.theme_id].append(recommendation)
    for indicator in all_indicators.values():
        indicators[indicator.theme_id].append(indicator)

    matrices = []
    for theme in themes:
        shared = activity(Activity.RowKind.THEME, theme.number)
        for recommendation in recommendations[theme.pk]:
            recommendation.theme = theme  # its reference ("6.3") without a query each
        rows = [links.row(links.by_recommendation[r.pk], reference=r.reference, text=r.text, activity=shared,
                          covered=r.covered, pk=r.pk, evidence=evidence.get(r.pk, 0))
                for r in recommendations[theme.pk]]
        alone = [i for i in indicators[theme.pk] if i.pk not in links.acted_on]
        matrices.append(ThemeMatrix(theme, rows, shared, alone))
    systems = [links.row(links.by_system[s.pk], reference=s.reference, text=s.title, covered=s.covered,
                         activity=activity(Activity.RowKind.SYSTEM_RECOMMENDATION, s.number))
               for s in SystemRecommendation.objects.annotate(covered=covered(SystemRecommendation, edition))]
    return matrices, systems


HEADER = ["Theme", "Recommendation", "Recommendation text", "Programmes carrying it out",
          "Stocktake activity by level", "Indicators those programmes should move", "Nothing against it"]


def _cells(label, row, theme_wide):
    where = "recorded against the whole theme: " if theme_wide and row.activity else ""
    return [label, row.reference, row.text, "\n".join(p.name for p in row.programmes) or "No programme",
            where + "; ".join(f"{level.name} {n}" for level, n in row.activity) or "None recorded",
            "\n".join(f"{i.number}. {i.title}" for i in row.indicators) or "None",
            "Nothing: no programme and no stocktake activity" if row.has_nothing else ""]


def coherence_xlsx(matrices, systems):
    """The matrix, one row per recommendation, and the figures per theme, as a workbook for a board pack."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Coherence"
    sheet.append(HEADER)
    for group in matrices:
        for row in group.rows:
            sheet.append([neutralise(v) for v in _cells(f"Theme {group.theme.number}: {group.theme.title}", row,
                                                        True)])
    for row in systems:
        sheet.append([neutralise(v) for v in _cells("System recommendations", row, False)])
    figures = workbook.create_sheet("Figures")
    figures.append(["Theme", "Recommendations with a programme or activity", "Recommendations",
                    "Indicators with a programme acting on them", "Indicators", "Programmes linked to an indicator",
                    "Programmes"])
    for group in matrices:
        theme = group.theme
        figures.append([f"Theme {theme.number}: {theme.title}", theme.recommendations_covered,
                        theme.recommendation_count, theme.indicators_acted_on, theme.indicator_count,
                        theme.programmes_linked, theme.programme_count])
    for ws, widths in ((sheet, (30, 10, 60, 45, 40, 45, 25)), (figures, (45, 18, 14, 18, 12, 18, 12))):
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="005EB8")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, width in enumerate(widths, 1):
            ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = width
        ws.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
