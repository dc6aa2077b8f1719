"""Reading a stocktake workbook as real ones come.

Title rows above the header, the header not in row 1, merged label cells, blank and section-heading rows,
levels and rows named many ways, and several activities in one cell. Reading only finds what the workbook
says; who may import it and what it replaces is decided in services.py.
"""

import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_CELL = 10_000
HEADER_SEARCH_ROWS = 30

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")
NOISE_WORDS = {"level", "activity", "activities", "borough", "council", "the", "return", "place", "work"}
BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○■□➢➤►✓\-–—*]|\(?\d{1,2}[.)]|\(?[a-h][.)]|\(?[ivx]{1,4}[.)])\s+")
THEME = re.compile(r"^\s*(?:marmot\s+)?theme\s*(\d{1,2})\b", re.IGNORECASE)
SYSTEM = re.compile(r"^\s*system\s+recommendations?\s*(\d{1,2})\b", re.IGNORECASE)
INDICATOR = re.compile(r"^\s*(?:beacon\s+)?indicators?\s*(\d{1,2})\b", re.IGNORECASE)
NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.):\-–]?\s+(\S.*)$", re.DOTALL)
# A header row repeated under the one that named the levels ("Theme | Activity") is made of these words only.
LABEL_HEADINGS = {"theme", "themes", "row", "rows", "recommendation", "recommendations", "system", "marmot", "beacon",
                  "indicator", "indicators", "or", "and"}
ACTIVITY_HEADINGS = {"activity", "activities", "level"}


class WorkbookError(Exception):
    """The workbook as a whole cannot be read; nothing in it is imported."""


def normalise(text):
    text = str(text).lower().replace("&", " and ")
    text = re.sub(r"\bst\.", "st", text)
    words = re.sub(r"[^a-z0-9 ]+", " ", text).split()
    return " ".join(word for word in words if word not in NOISE_WORDS)


def split_activities(text):
    """One activity per line, bullets and numbering stripped; the words themselves kept exactly."""
    activities = []
    for line in str(text).splitlines():
        line = BULLET.sub("", line, count=1).strip()
        if line:
            activities.append(line)
    return activities


def cell_ref(sheet, row, column):
    return f"sheet '{sheet}', cell {get_column_letter(column + 1)}{row}"


class LevelNames:
    """Recognises the levels (C&M, the sub-regions, the nine Places) however a workbook spells them."""

    def __init__(self, areas):
        self.names = {}
        for area in areas:
            for name in [area.name, area.slug.replace("-", " "), *area.alias_list()]:
                self.names.setdefault(normalise(name), area)

    def match(self, text):
        key = normalise(text)
        if not key:
            return None
        if key in self.names:
            return self.names[key]
        close = difflib.get_close_matches(key, self.names, n=1, cutoff=0.95)  # "Cheshires and Warrington"
        return self.names[close[0]] if close else None

    def mentioned(self, text):
        """A level named within a longer text ("Stocktake return: St. Helens"), longest name first."""
        key = f" {normalise(text)} "
        for name in sorted(self.names, key=len, reverse=True):
            if f" {name} " in key:
                return self.names[name]
        return None


class RowNames:
    """Recognises a row label as a theme, system recommendation or Beacon Indicator, by number or by title."""

    SECTIONS = [("system recommendation", "system"), ("indicator", "indicator"), ("theme", "theme")]

    def __init__(self, themes, system_recommendations, indicators):
        self.titles = {
            "theme": {t.number: t.title for t in themes},
            "system": {s.number: s.title for s in system_recommendations},
            "indicator": {i.number: i.title for i in indicators},
        }

    def section(self, label):
        lowered = label.lower()
        if re.search(r"\d", lowered):
            return None
        return next((kind for word, kind in self.SECTIONS if word in lowered), None)

    def match(self, label, section):
        for pattern, kind in ((SYSTEM, "system"), (INDICATOR, "indicator"), (THEME, "theme")):
            found = pattern.match(label)
            if found:
                number = int(found.group(1))
                return (kind, number) if number in self.titles[kind] else None
        found = NUMBERED.match(label)
        if not found:
            return self._by_title(label)
        number, text = int(found.group(1)), found.group(2)
        candidates = [kind for kind, titles in self.titles.items() if number in titles]
        if not candidates:
            return None
        scored = sorted(((self._overlap(text, self.titles[kind][number]), kind == section, kind)
                         for kind in candidates), reverse=True)
        score, in_section, kind = scored[0]
        return (kind, number) if score >= 0.3 or in_section or len(candidates) == 1 else None

    def _by_title(self, label):
        for kind, titles in self.titles.items():
            for number, title in titles.items():
                if self._overlap(label, title) >= 0.8:
                    return kind, number
        return None

    @staticmethod
    def _overlap(text, title):
        words = {w for w in normalise(text).split() if len(w) > 2}
        wanted = {w for w in normalise(title).split() if len(w) > 2}
        return len(words & wanted) / len(wanted) if wanted else 0


@dataclass
class Found:
    level: object
    row_kind: str
    row_number: int
    text: str
    cell: str


@dataclass
class Reading:
    sheet: str
    single: bool
    levels: list
    activities: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    sheet_place: object = None


def check_container(content):
    """Refuse what is not a plain .xlsx workbook before handing it to openpyxl."""
    if not content:
        raise WorkbookError("the file is empty (0 bytes).")
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_MARKER in content:
            raise WorkbookError("the workbook is password-protected; remove the password, save and upload again.")
        raise WorkbookError("this is an old Excel 97-2003 (.xls) file; save it as an Excel Workbook (.xlsx).")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise WorkbookError("the file is not an Excel workbook (.xlsx), whatever its name says.")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise WorkbookError("the workbook contains macros; save it as an Excel Workbook (.xlsx) without macros.")
    if "xl/workbook.xml" not in names:
        raise WorkbookError("the file is a zip archive but not an Excel workbook.")


def read_workbook(content, level_names, row_names):
    check_container(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file, in words about its internals
        raise WorkbookError("the workbook could not be opened: it is damaged, or was not saved by Excel. Open it in "
                            "Excel and save it again as an Excel Workbook (.xlsx).") from None
    try:
        return _read_sheets(workbook, level_names, row_names)
    finally:
        workbook.close()


def _read_sheets(workbook, level_names, row_names):
    skipped = []
    for sheet in workbook.worksheets:
        rows = _bounded_rows(sheet)
        if not any(any(_text(value) for value in row) for row in rows):
            skipped.append(f"sheet '{sheet.title}' is empty.")
            continue
        reading = _read_sheet(sheet.title, rows, level_names, row_names)
        if reading is None:
            skipped.append(f"sheet '{sheet.title}' was not read: it has no header row naming the levels.")
            continue
        reading.warnings[:0] = skipped
        return reading
    raise WorkbookError(
        "no sheet has a recognisable header row: the portal looks for columns named after the levels "
        "(e.g. 'C&M level activity', 'LCR CA', 'Liverpool') or, for one Place's return, an 'Activity' column. "
        + " ".join(skipped)
    )


def _bounded_rows(sheet):
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS:
            raise WorkbookError(f"sheet '{sheet.title}' has more than {MAX_ROWS:,} rows; a stocktake has far fewer.")
        if len(row) > MAX_COLUMNS and any(_text(v) for v in row[MAX_COLUMNS:]):
            raise WorkbookError(f"sheet '{sheet.title}' has more than {MAX_COLUMNS} columns in use.")
        rows.append(row[:MAX_COLUMNS])
    return rows


def _text(value):
    return "" if value is None else str(value).strip()


def _find_header(rows, level_names):
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        filled = [col for col, v in enumerate(row) if _text(v)]
        if len(filled) < 2:  # a title row ("Stocktake return", "Sefton"), not a header
            continue
        levels = {col: level_names.match(_text(row[col])) for col in filled}
        levels = {col: level for col, level in levels.items() if level}
        if levels:
            return index, levels
        activity_columns = [col for col, v in enumerate(row) if "activit" in _text(v).lower()]
        if len(activity_columns) == 1:
            return index, {activity_columns[0]: None}
    return None, None


def _is_heading_row(label, values):
    """A second header row, e.g. "Theme | Activity" under "Borough: | Knowsley" (which named the level): a
    header, so it is passed over rather than reported as a row the portal does not know. A label with no cells
    filled is a section heading ("Beacon Indicators"), which the caller needs to see."""
    def words(text):
        return set(re.findall(r"[a-z]+", str(text).lower()))

    if not values or re.search(r"\d", label) or not words(label) <= LABEL_HEADINGS:
        return False
    return all(words(value) <= ACTIVITY_HEADINGS for value in values)


def _read_sheet(sheet, rows, level_names, row_names):
    header_index, columns = _find_header(rows, level_names)
    if header_index is None:
        return None
    header = rows[header_index]
    first_level_column = min(columns)
    label_column = next((c for c in range(first_level_column) if _text(header[c])), 0)
    single = len(columns) == 1
    reading = Reading(sheet=sheet, single=single, levels=[level for level in columns.values() if level])
    if single and not reading.levels:
        # The Place may be named in the title rows above the header ("Stocktake return: Sefton").
        for row in rows[:header_index]:
            for value in row:
                reading.sheet_place = reading.sheet_place or level_names.mentioned(_text(value))
    for col, value in enumerate(header):
        if col != label_column and col not in columns and _text(value):
            reading.warnings.append(f"{cell_ref(sheet, header_index + 1, col)}: column '{_text(value)}' is not a "
                                    "level the portal knows; left out.")

    section, current = None, None
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        number = index + 1
        label = _text(row[label_column]) if label_column < len(row) else ""
        cells = {col: row[col] for col in columns if col < len(row) and _text(row[col])}
        for col, value in cells.items():
            if len(str(value)) > MAX_CELL:
                raise WorkbookError(f"{cell_ref(sheet, number, col)} holds {len(str(value)):,} characters; "
                                    f"the most a cell may hold is {MAX_CELL:,}.")
        if label and _is_heading_row(label, list(cells.values())):
            continue
        if label:
            heading = row_names.section(label)
            if heading and not cells:
                section, current = heading, None
                continue
            current = row_names.match(label, section)
            if current is None:
                if cells:
                    reading.warnings.append(
                        f"{cell_ref(sheet, number, label_column)}: row '{label[:80]}' is not a theme, system "
                        "recommendation or Beacon Indicator the portal knows; its activity is left out."
                    )
                continue
        elif cells and current is None:
            reading.warnings.append(f"{cell_ref(sheet, number, label_column)}: activity with no row label; left out.")
            continue
        for col, value in cells.items():
            where = cell_ref(sheet, number, col)
            for text in split_activities(value):
                reading.activities.append(Found(columns[col], current[0], current[1], text, where))
    return reading
