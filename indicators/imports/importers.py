"""Reading indicator files: a Fingertips CSV export or the portal's own template (CSV or XLSX).

Reading only turns a file into row dictionaries with their row numbers; checking them against the
portal's indicators and areas is done in checks.py, so both formats share one set of rules.
"""

import csv
import io
import operator
import re
import zipfile

from openpyxl import Workbook, load_workbook

FINGERTIPS_COLUMNS = {
    "indicator_id": "Indicator ID",
    "area_code": "Area Code",
    "sex": "Sex",
    "age": "Age",
    "category_type": "Category Type",
    "category": "Category",
    "period": "Time period",
    "value": "Value",
    "lower_ci": "Lower CI 95.0 limit",
    "upper_ci": "Upper CI 95.0 limit",
    "count": "Count",
    "denominator": "Denominator",
    "value_note": "Value note",
}
FINGERTIPS_OPTIONAL = {"indicator_name": "Indicator Name", "area_name": "Area Name", "area_type": "Area Type",
                       "lower_ci_998": "Lower CI 99.8 limit", "upper_ci_998": "Upper CI 99.8 limit",
                       "published_trend": "Recent Trend"}
# Fingertips names this column after the comparator, e.g. "Compared to England value or percentiles".
FINGERTIPS_COMPARED = re.compile(r"^Compared to .+ value or percentiles$", re.IGNORECASE)

TEMPLATE_COLUMNS = {
    "indicator_number": "Indicator number",
    "area_code": "Area code",
    "period": "Period",
    "sex": "Sex",
    "age": "Age",
    "category_type": "Category type",
    "category": "Category",
    "value": "Value",
    "lower_ci": "Lower CI",
    "upper_ci": "Upper CI",
    "count": "Count",
    "denominator": "Denominator",
    "value_note": "Note",
}
# Blank for the figure for the whole area; filled for a breakdown. Templates from before breakdowns lack them.
TEMPLATE_OPTIONAL = {"category_type", "category"}

SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}

MAX_ROWS = 500_000
MAX_CELL = 1000


class FileError(Exception):
    """The file as a whole cannot be read; nothing in it is imported."""


class ParsedFile:
    def __init__(self, kind, rows, sheet=None):
        self.kind = kind  # "fingertips" or "template"
        self.rows = rows  # list of (row_number, {field: text})
        self.sheet = sheet


def read_file(file_name, content):
    if file_name.lower().endswith(".xlsx"):
        return _parse(*_xlsx_rows(content))
    if file_name.lower().endswith(".csv"):
        return _parse(_csv_rows(content), None)
    raise FileError("Upload a .csv file (a Fingertips export or the template) or the .xlsx template.")


SAVE_AS_CSV = "In Excel choose File, Save As, 'CSV UTF-8 (Comma delimited) (*.csv)', and upload that file."


def _csv_rows(content):
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(content):
        raise FileError(f"The file is UTF-16 text, not the UTF-8 this portal reads. {SAVE_AS_CSV}")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(f"The file is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8. {SAVE_AS_CSV}") from None
    return csv.reader(io.StringIO(text, newline=""))


def _looks_utf16(content):
    """UTF-16 without its byte-order mark: every other byte of plain-letter text is zero."""
    start = content[:200]
    return len(start) >= 4 and (start[1::2].count(0) > len(start) // 4 or start[0::2].count(0) > len(start) // 4)


def _workbook_error():
    return FileError("The file is not a readable Excel workbook: it is damaged, or was not saved by Excel. Open it in "
                     "Excel and save it again as an Excel Workbook (.xlsx), or as CSV UTF-8.")


def _xlsx_rows(content):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):  # openpyxl's words name its internals, not the file
        raise _workbook_error() from None
    sheet = workbook.worksheets[0]
    rows = (["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True))
    return rows, sheet.title


def _header(header):
    """(kind, columns, positions) of a header row: which format, its column titles, each field's position."""
    if not header or not any(cell.strip() for cell in header):
        raise FileError("The file is empty: it has no header row.")
    names = [cell.strip() for cell in header]
    lowered = [name.lower() for name in names]
    if "indicator id" in lowered:
        kind, columns = "fingertips", FINGERTIPS_COLUMNS
    elif "indicator number" in lowered:
        kind, columns = "template", TEMPLATE_COLUMNS
    elif len(names) == 1 and any(mark in names[0] for mark in ";\t|"):
        separator = next(mark for mark in ";\t|" if mark in names[0])
        raise FileError(
            f"Row 1 is separated by {SEPARATORS[separator]}, not commas: the portal reads comma-separated CSV (a "
            f"spreadsheet set to another language may save with semicolons). {SAVE_AS_CSV}"
        )
    else:
        raise FileError(
            "Row 1 is not a header this portal knows: expected a Fingertips export (with an 'Indicator ID' "
            "column) or the portal template (with an 'Indicator number' column)."
        )
    optional = TEMPLATE_OPTIONAL if kind == "template" else set()
    missing = [title for field, title in columns.items() if field not in optional and title.lower() not in lowered]
    if missing:
        raise FileError(f"Row 1 lacks the column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}.")
    positions = {field: lowered.index(title.lower()) for field, title in columns.items() if title.lower() in lowered}
    compared = next((i for i, name in enumerate(names) if FINGERTIPS_COMPARED.match(name)), None)
    if compared is not None:
        positions["published_comparison"] = compared
    if kind == "fingertips":
        # Optional columns: the name of an ID no Beacon Indicator claims, and what an area new to the portal is.
        for field, title in FINGERTIPS_OPTIONAL.items():
            if title.lower() in lowered:
                positions[field] = lowered.index(title.lower())
    return kind, columns, positions


def fingertips_columns(content):
    """A clean Fingertips CSV export read column by column: {field: list of stripped texts}, or None when the
    file is not one (another format, a blank or ragged row, an over-long cell, too many rows), for `read_file`
    to read row by row and name the row at fault. A national export is 150,000 rows: turning the rows into
    columns once (zip) and checking whole columns costs far less than a dictionary per row."""
    try:
        rows = _csv_rows(content)
        header = next(rows, None)
        kind, _, positions = _header(header)
        if kind != "fingertips":
            return None
        fields = list(positions)
        # Only the columns the portal reads, turned from rows into columns at C speed; a short or blank row
        # (IndexError) sends the file down the row-by-row path.
        transposed = list(zip(*map(operator.itemgetter(*positions.values()), rows), strict=True))
    except (FileError, csv.Error, IndexError):
        return None
    if not transposed or len(transposed[0]) > MAX_ROWS:
        return None
    columns = {}
    for field, column in zip(fields, transposed, strict=True):
        column = [text.strip() for text in column]
        if max(map(len, column)) > MAX_CELL:
            return None
        columns[field] = column
    return columns


def _parse(rows, sheet):
    header = next(rows, None)
    kind, columns, positions = _header(header)

    fields = list(positions)
    indexes = list(positions.values())
    width = max(indexes) + 1
    parsed = []
    # Kept cheap per row, as a national export runs to 150,000 rows: C-level any/max/map instead of loops.
    for number, row in enumerate(rows, start=2):
        if not any(row) or not "".join(row).strip():
            continue
        if len(parsed) >= MAX_ROWS:
            raise FileError(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.")
        if len(row) < width:
            row = [*row, *[""] * (width - len(row))]
        cells = [row[i].strip() for i in indexes]
        if max(map(len, cells)) > MAX_CELL:
            field = next(f for f, text in zip(fields, cells, strict=True) if len(text) > MAX_CELL)
            raise FileError(f"Row {number}, column '{columns.get(field, field)}': more than {MAX_CELL} characters.")
        parsed.append((number, dict(zip(fields, cells, strict=True))))
    return ParsedFile(kind, parsed, sheet)


def template_csv():
    out = io.StringIO()
    csv.writer(out).writerow(TEMPLATE_COLUMNS.values())
    return out.getvalue().encode("utf-8")


def template_xlsx(indicators, areas):
    """The template workbook: a data sheet with the header, and a guidance sheet listing valid codes."""
    workbook = Workbook()
    data = workbook.active
    data.title = "Values"
    data.append(list(TEMPLATE_COLUMNS.values()))
    guide = workbook.create_sheet("Guidance")
    guide.append(["Fill in the 'Values' sheet, one row per indicator, area, period, sex, age and category."])
    guide.append(["Leave Value blank and write a Note where a figure is suppressed."])
    guide.append(["Leave Category type and Category blank for the figure for the whole area; for a breakdown (e.g. "
                  "a deprivation decile) give both, such as 'County & UA deprivation deciles in England (IMD2019, "
                  "4/21 geography)' and 'Most deprived decile (IMD2019)'."])
    guide.append([])
    guide.append(["Indicator number", "Indicator", "Status"])
    for indicator in indicators:
        guide.append([indicator.number, indicator.title, indicator.get_status_display()])
    guide.append([])
    guide.append(["Area code", "Area"])
    for area in areas:
        guide.append([area.code, area.name])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
