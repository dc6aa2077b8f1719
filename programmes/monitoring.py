"""The monitoring view the HCP mocked up in its January 2024 pack (002, 3.5):
Theme | Programmes and action | Milestones | Outcome indicator, rows grouped by theme."""

import io

from django.db.models import Exists, OuterRef, Prefetch
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from atf_portal.core.exports import neutralise
from atf_portal.framework.models import Theme
from indicators.models import Indicator

from .editions import in_edition
from .models import Milestone, Programme

HEADER = ["Theme", "Programmes and action", "Milestones", "Outcome indicator"]
HEADLINE = "Life expectancy"


def monitoring_groups(today, board=None, status=None, edition=None):
    """[{"label", "theme", "rows": [{"programme", "milestones", "indicators"}]}], life expectancy first.

    Each theme's indicators that no listed programme acts on get a row of their own, with no programme, so the
    gap shows where it is. The programmes are one plan edition's (the current one's unless another is given)."""
    programmes = Programme.objects.in_edition(edition).with_related().prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("indicator").with_overdue(today))
    )
    if board is not None:
        programmes = programmes.filter(boards=board)
    if status:
        programmes = programmes.filter(status=status)
    by_theme = {}
    for programme in programmes:
        by_theme.setdefault(programme.theme_id, []).append(programme)
    linked = Programme.indicators.through.objects.filter(indicator=OuterRef("pk"), **in_edition("programme__", edition))
    indicators = list(Indicator.objects.select_related("theme").annotate(acted_on=Exists(linked)))
    groups = [{"label": HEADLINE, "theme": None, "rows": [
        {"programme": None, "milestones": [], "indicators": [i for i in indicators if i.theme_id is None]}]}]
    for theme in Theme.objects.all():
        rows = [{"programme": p, "milestones": list(p.milestones.all()), "indicators": list(p.indicators.all())}
                for p in by_theme.get(theme.pk, [])]
        shown = {i.pk for row in rows for i in row["indicators"]}
        orphans = [i for i in indicators if i.theme_id == theme.pk and i.pk not in shown]
        if orphans or not rows:
            rows.append({"programme": None, "milestones": [], "indicators": orphans})
        groups.append({"label": f"Theme {theme.number}. {theme.title}", "theme": theme, "rows": rows})
    return groups


def milestone_line(milestone):
    done = f", done {milestone.done_on:%d %b %Y}" if milestone.done_on else ""
    return f"{milestone.due_date:%d %b %Y}: {milestone.description} ({milestone.get_status_display()}{done})"


def monitoring_xlsx(groups):
    """The same table as a workbook for a board pack: one header row, each theme's label in a merged cell."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Monitoring"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="005EB8")
    for group in groups:
        first = sheet.max_row + 1
        for row in group["rows"]:
            programme = row["programme"]
            sheet.append([
                neutralise(group["label"]) if sheet.max_row + 1 == first else None,
                neutralise(programme.name) if programme else "No programme acts on this",
                neutralise("\n".join(milestone_line(m) for m in row["milestones"])) or None,
                neutralise("\n".join(f"{i.number}. {i.title}" for i in row["indicators"])) or None,
            ])
        if sheet.max_row > first:
            sheet.merge_cells(start_row=first, start_column=1, end_row=sheet.max_row, end_column=1)
    for letter, width in zip("ABCD", (40, 50, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
