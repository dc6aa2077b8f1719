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


def real_workbook(activities_per_cell=2):
    """The consolidated workbook as the programme keeps it: every theme, system recommendation and Beacon
    Indicator the portal knows down the side, all twelve levels across, about half the cells filled with a couple
    of activities each (about 500 activities). Reads the rows from the database, so call it inside a test."""
    from atf_portal.framework.models import SystemRecommendation, Theme
    from indicators.models import Indicator

    labels = [f"Theme {t.number}: {t.title}" for t in Theme.objects.all()]
    labels += [f"System recommendation {s.number}: {s.title}" for s in SystemRecommendation.objects.all()]
    labels += [f"{i.number} {i.title}" for i in Indicator.objects.all()]
    rows = []
    for r, label in enumerate(labels):
        cells = [
            "\n".join(f"• Activity {r}-{c}-{n}: a programme of work described in a sentence or two, as leads write."
                       for n in range(activities_per_cell)) if (r + c) % 9 < 5 else None
            for c in range(len(LEVEL_HEADERS))
        ]
        rows.append([label, *cells])
    return consolidated(rows)


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


SHARED_STRINGS = "xl/sharedStrings.xml"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def decompression_bomb(path, characters, chunk=1024 * 1024):
    """A workbook at `path` whose cell B5 holds `characters` characters, as Excel saves it (in the shared strings):
    a few hundred KB on disk, hundreds of MB when opened. The part is written through the zip in chunks, so
    building it never holds it in memory."""
    source = zipfile.ZipFile(io.BytesIO(consolidated([["Theme 1", "BOMB"]])))
    edits = {
        "xl/worksheets/sheet1.xml": (b'<c r="B5" t="inlineStr"><is><t>BOMB</t></is></c>',
                                     b'<c r="B5" t="s"><v>0</v></c>'),
        "[Content_Types].xml": (b"</Types>", f'<Override PartName="/{SHARED_STRINGS}" '
                                             f'ContentType="{SHARED_STRINGS_TYPE}" /></Types>'.encode()),
        "xl/_rels/workbook.xml.rels": (b"</Relationships>", f'<Relationship Id="rIdBomb" Type="{SHARED_STRINGS_REL}" '
                                                            'Target="sharedStrings.xml" /></Relationships>'.encode()),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            old, new = edits.get(item.filename, (b"", b""))
            target.writestr(item.filename, source.read(item.filename).replace(old, new))
        with target.open(SHARED_STRINGS, "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                       b'uniqueCount="1"><si><t>')
            for start in range(0, characters, chunk):
                part.write(b"A" * min(chunk, characters - start))
            part.write(b"</t></si></sst>")
    return path
