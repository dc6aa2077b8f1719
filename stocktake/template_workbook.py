"""The stocktake template: the current themes, system recommendations and indicators down the side, the
levels across the top (or one Place's column for a Marmot lead)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from atf_portal.framework.models import SystemRecommendation, Theme
from indicators.models import Indicator


def build(levels, place=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Stocktake"
    sheet.append(["All Together Fairer stocktake" + (f": {place.name}'s return" if place else "")])
    sheet.append(["Write each activity on its own line in the cell. Leave a cell empty where there is nothing to "
                  "record."])
    columns = [place] if place else levels
    sheet.append(["Theme, system recommendation or Beacon Indicator",
                  *[f"{level.name} activity" if place else f"{level.name} level activity" for level in columns]])
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sections = [
        ("Marmot themes", [f"Theme {t.number}: {t.title}" for t in Theme.objects.all()]),
        ("System recommendations", [f"System recommendation {s.number}: {s.title}"
                                    for s in SystemRecommendation.objects.all()]),
        ("Beacon Indicators", [f"Indicator {i.number}: {i.title}" for i in Indicator.objects.all()]),
    ]
    for heading, labels in sections:
        sheet.append([heading])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for label in labels:
            sheet.append([label])
    sheet.column_dimensions["A"].width = 60
    for index in range(2, len(columns) + 2):
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = 40
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
