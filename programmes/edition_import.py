"""A plan edition from a workbook laid out as the plan's table, through the shared import flow: a template to
download, a preview, every bad cell named by its sheet, row and column, and nothing saved on error."""

import io
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from atf_portal.core.imports import ImportFlow, Plan, Refused
from atf_portal.framework.models import Theme

from .editions import EditionUpload, PlanEdition
from .models import Programme

EDITION_SHEET, ROWS_SHEET = "Edition", "Rows"
EDITION_FIELDS = [("Starts in the financial year", "start_year"), ("Title, as the plan gives it", "title"),
                  ("Source: the document or decision", "source")]
# The plan's table, left to right, with the Programme field each column fills.
COLUMNS = [
    ("Row", None), ("Theme", None), ("Programme of investment / activity", "name"), ("Programme outline", "outline"),
    ("Economic contribution", None), ("Programme outcomes", "outcomes"), ("Programme measures", "measures"),
    ("Accountable board (as written)", "board_text"), ("Leading and contributing partners (as written)",
                                                       "partners_text"),
    ("Stage (as written)", "status_quote"), ("Carried from (the row in the edition before)", None),
]
REQUIRED = {"Row", "Theme", "Programme of investment / activity"}


def template_workbook():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = EDITION_SHEET
    for label, _ in EDITION_FIELDS:
        sheet.append([label, None])
    sheet.column_dimensions["A"].width = 40
    rows = workbook.create_sheet(ROWS_SHEET)
    rows.append([label for label, _ in COLUMNS])
    for number, (label, _) in enumerate(COLUMNS, 1):
        rows.cell(1, number).font = Font(bold=True)
        rows.column_dimensions[get_column_letter(number)].width = 14 if label in ("Row", "Theme") else 40
    rows.append(["3/01", 3, "Example: delete this row", "", "No", "", "", "", "", "", "DP2024-25/3/01"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass
class EditionPlan(Plan):
    edition: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)


class EditionFlow(ImportFlow):
    upload_model = EditionUpload
    plan_class = EditionPlan

    def check(self, plan, content, user, **options):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            plan.errors.append(f"{plan.file_name}: not an Excel workbook (.xlsx); start from the template.")
            return
        for name in (EDITION_SHEET, ROWS_SHEET):
            if name not in workbook.sheetnames:
                plan.errors.append(f"{plan.file_name}: the sheet '{name}' is missing; start from the template.")
        if plan.errors:
            return
        _read_edition(plan, list(workbook[EDITION_SHEET].iter_rows(values_only=True)))
        _read_rows(plan, list(workbook[ROWS_SHEET].iter_rows(values_only=True)))

    def recheck(self, plan):
        if PlanEdition.objects.filter(start_year=plan.edition["start_year"]).exists():
            raise Refused(f"An edition starting in {plan.edition['start_year']} already exists; nothing was saved.")

    def write(self, plan, upload, user):
        edition = PlanEdition.objects.create(**plan.edition)
        themes = dict(Theme.objects.values_list("number", "pk"))
        for order, row in enumerate(plan.rows, 1):
            programme = Programme(edition=edition, theme_id=themes[row["theme"]], plan_order=order,
                                  source_ref=f"{edition.code}/{row['ref']}", predecessor_id=row["predecessor"],
                                  economic_contribution=row["economic_contribution"], updated_by=user,
                                  status=Programme.Status.AS_WRITTEN if row["status_quote"] else
                                  Programme.Status.NOT_STATED, **row["fields"])
            programme._change_reason = f"Loaded from the workbook {upload.file_name}"
            programme._history_user = user
            programme.save()
        upload.edition = edition


def _cell(sheet, row, column):
    return f"Sheet '{sheet}', row {row}, column {get_column_letter(column)}"


def _read_edition(plan, lines):
    values = {line[0]: (line[1] if len(line) > 1 else None) for line in lines if line and line[0]}
    for number, (label, name) in enumerate(EDITION_FIELDS, 1):
        value = values.get(label)
        where = _cell(EDITION_SHEET, number, 2)
        if value in (None, ""):
            plan.errors.append(f"{where} ({label}): required.")
        elif name == "start_year":
            if not isinstance(value, (int, float)) or int(value) != value or not 2024 <= value <= 2100:
                plan.errors.append(f"{where} ({label}): a year such as 2025, not '{value}'.")
            elif PlanEdition.objects.filter(start_year=int(value)).exists():
                plan.errors.append(f"{where} ({label}): an edition starting in {int(value)} already exists.")
            else:
                plan.edition[name] = int(value)
        else:
            plan.edition[name] = str(value).strip()


def _read_rows(plan, lines):
    header = [str(value or "").strip() for value in (lines[0] if lines else [])]
    expected = [label for label, _ in COLUMNS]
    if header[:len(expected)] != expected:
        plan.errors.append(f"Sheet '{ROWS_SHEET}', row 1: the columns must be the template's, in its order.")
        return
    themes = set(Theme.objects.values_list("number", flat=True))
    earlier = dict(Programme.objects.filter(source_ref__isnull=False).values_list("source_ref", "pk"))
    seen = set()
    for number, line in enumerate(lines[1:], 2):
        cells = dict(zip(expected, [("" if v is None else v) for v in line], strict=False))
        if not any(str(v).strip() for v in cells.values()):
            continue
        row = _read_row(plan, number, cells, themes, earlier, seen)
        if row:
            plan.rows.append(row)
    if not plan.rows and not plan.errors:
        plan.errors.append(f"Sheet '{ROWS_SHEET}': no rows to load.")


def _read_row(plan, number, cells, themes, earlier, seen):
    errors = []

    def refuse(label, why):
        errors.append(f"{_cell(ROWS_SHEET, number, [c for c, _ in COLUMNS].index(label) + 1)} ({label}): {why}")

    for label in REQUIRED:
        if not str(cells.get(label, "")).strip():
            refuse(label, "required.")
    ref, theme = str(cells.get("Row", "")).strip(), cells.get("Theme")
    if ref and ref in seen:
        refuse("Row", f"'{ref}' is given twice.")
    seen.add(ref)
    if theme != "" and (not isinstance(theme, (int, float)) or int(theme) not in themes):
        refuse("Theme", f"a theme number from 1 to 8, not '{theme}'.")
    contribution = str(cells.get("Economic contribution", "")).strip().lower()
    if contribution not in ("", "yes", "no"):
        refuse("Economic contribution", f"Yes or No, not '{cells['Economic contribution']}'.")
    carried = str(cells.get("Carried from (the row in the edition before)", "")).strip()
    if carried and carried not in earlier:
        refuse("Carried from (the row in the edition before)", f"no row '{carried}' in an earlier edition.")
    plan.errors.extend(errors)
    if errors:
        return None
    return {"ref": ref, "theme": int(theme), "economic_contribution": contribution == "yes",
            "predecessor": earlier.get(carried), "carried": carried,
            "status_quote": str(cells["Stage (as written)"]).strip(),
            "fields": {name: str(cells[label]).strip() for label, name in COLUMNS if name}}


FLOW = EditionFlow()
