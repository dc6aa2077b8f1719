"""A board's pack for a period: each programme's approved update, milestones, measures against target and the
Beacon Indicators it should move, for the printable page and the XLSX. A fixed number of queries."""

import io
from dataclasses import dataclass

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from atf_portal.core.exports import neutralise
from indicators.models import Indicator
from programmes.models import Programme
from programmes.prevention.figures import partnership_headline

from .models import MeasureActual, Update


@dataclass
class MeasureRow:
    measure: object
    actual: object  # MeasureActual for the period, or None
    expected: float | None
    off_track: bool


@dataclass
class PackBlock:
    programme: object
    update: object  # the approved Update for the period, or None
    milestones: list
    measures: list
    indicators: list


def board_pack(board, period):
    programmes = list(
        Programme.objects.filter(boards=board).select_related("theme").prefetch_related(
            "milestones", "structured_measures",
            Prefetch("indicators", queryset=Indicator.objects.with_summary()))
    )
    updates = {u.programme_id: u for u in Update.objects.filter(
        period=period, programme__in=programmes, state=Update.State.APPROVED).select_related("lead")}
    actuals = {a.measure_id: a for a in MeasureActual.objects.filter(
        period=period, measure__programme__in=programmes)}
    blocks = []
    for programme in programmes:
        measures = []
        for measure in programme.structured_measures.all():
            actual = actuals.get(measure.pk)
            expected = measure.expected_at(period.end)
            measures.append(MeasureRow(measure, actual, expected,
                                       bool(actual) and measure.is_off_track(actual.value, period.end)))
        blocks.append(PackBlock(programme, updates.get(programme.pk), list(programme.milestones.all()), measures,
                                list(programme.indicators.all())))
    return blocks


def indicator_position(indicator):
    summary = indicator.summary
    if not indicator.is_live:
        return indicator.get_status_display()
    if not (summary and summary.has_data):
        return "No data loaded"
    return (f"{summary.worse_count} of {summary.place_count} Places worse than England ({summary.latest_period}); "
            f"trend: {summary.trend_phrase()}")


HEADERS = {
    "Programmes": ["Programme", "Theme", "Status", "RAG", "Reason for rating", "Update", "Lead", "Approved on"],
    "Milestones": ["Programme", "Milestone", "Due", "Owner", "Status"],
    "Measures": ["Programme", "Measure", "Unit", "Direction", "Baseline", "Baseline date", "Target", "Target date",
                 "Actual this period", "Expected on the line", "Off track", "As written in the plan", "Where"],
    "Indicators": ["Programme", "Beacon Indicator", "Latest position"],
    "Prevention": ["The partnership's prevention investment (principle 1)"],
}


def board_pack_xlsx(board, period, blocks):
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {}
    for title, headers in HEADERS.items():
        sheet = workbook.create_sheet(title)
        sheet.append([f"{board.name}: {title.lower()}, {period.name}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        sheets[title] = sheet

    def add(title, row):
        sheets[title].append([neutralise(value) for value in row])

    add("Prevention", [partnership_headline()])
    for block in blocks:
        p, u = block.programme, block.update
        add("Programmes", [p.name, f"Theme {p.theme.number}", p.get_status_display(),
                           u.get_rag_display() if u else "No approved update", u.reason if u else "",
                           u.narrative if u else "", str(u.lead or "") if u else "",
                           u.decided_at.date() if u and u.decided_at else None])
        for m in block.milestones:
            add("Milestones", [p.name, m.description, m.due_date, m.owner, m.get_status_display()])
        for row in block.measures:
            m = row.measure
            add("Measures", [p.name, m.what, m.unit, m.get_direction_display(), m.baseline_value, m.baseline_date,
                             m.target_value, m.target_date, row.actual.value if row.actual else None,
                             round(row.expected, 2), "Off track" if row.off_track else "", m.source_text,
                             m.source])
        for indicator in block.indicators:
            add("Indicators", [p.name, f"{indicator.number}. {indicator.title}", indicator_position(indicator)])
    for sheet in sheets.values():
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = 40 if letter in "ABEF" else 16
            for cell in column[2:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
