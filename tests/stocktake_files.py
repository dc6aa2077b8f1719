"""Stocktake workbooks built the way leads' real ones come, for the tests and the benchmark."""

import io
import zipfile

from openpyxl import Workbook

LEVEL_HEADERS = [
    "C&M level activity", "Cheshires and Warrington level activity", "LCR CA level activity", "Cheshire East",
    "Cheshire West & Chester", "Warrington", "Halton", "Knowsley", "Liverpool", "St. Helens", "Sefton", "Wirral",
]


def workbook_bytes(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def consolidated(rows, headers=LEVEL_HEADERS, title_rows=2, merge=None):
    """rows: [label, cell per header...]; title rows and a blank row stand above the header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Stocktake"
    if title_rows:
        sheet.append(["All Together Fairer stocktake of activity"])
        sheet.append(["Responses collected December 2023"] + [None] * (title_rows - 2))
        sheet.append([])
    sheet.append(["Theme / recommendation / indicator", *headers])
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    return workbook_bytes(workbook)


def single_return(rows, title="Stocktake return: Sefton", header=("Theme", "Activity")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Return"
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    return workbook_bytes(workbook)


def with_macros(content):
    """The same workbook with a VBA project inside, as Excel saves an .xlsm."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\x00VBA")
    return out.getvalue()


def row(label, **cells):
    """A row with text under the named levels (keyword = index into LEVEL_HEADERS as l0, l1, ...)."""
    values = [None] * len(LEVEL_HEADERS)
    for key, text in cells.items():
        values[int(key[1:])] = text
    return [label, *values]
