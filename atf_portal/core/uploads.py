import io
import zipfile
import zlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat

# A part smaller than this cannot hurt however well it compresses (a cell of 10,000 "x" compresses 200 to 1),
# so only larger parts are held to XLSX_MAX_COMPRESSION_RATIO.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops keeping an uploaded file once it passes MAX_UPLOAD_BYTES, so a huge upload cannot fill memory or
    disk. The file then arrives empty but with its true size, and the form refuses it by that size."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= settings.MAX_UPLOAD_BYTES else None

    def file_complete(self, file_size):
        if self.received <= settings.MAX_UPLOAD_BYTES:
            return None  # the handlers after this one keep the file as usual
        return UploadedFile(io.BytesIO(), name=self.file_name, content_type=self.content_type, size=self.received)


def xlsx_archive_problem(file_name, content):
    """Why an .xlsx must not be opened because it would expand far beyond its size (a decompression bomb), or None.

    An .xlsx is a zip, and MAX_UPLOAD_BYTES counts its compressed bytes: 400 KB can hold a 400-million-character
    cell that openpyxl would expand to about 1 GB before anything could refuse it. This reads only the zip
    directory, never the parts; the sizes it declares are binding, as zipfile stops a part at its declared size.
    A file that is not a zip at all is left to the reader, which explains what it is instead.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None
    if not parts:
        return None
    expanded = sum(part.file_size for part in parts)
    densest = max(parts, key=_compression_ratio)
    ratio = _compression_ratio(densest)
    too_dense = densest.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > settings.XLSX_MAX_COMPRESSION_RATIO
    if expanded <= settings.XLSX_MAX_UNCOMPRESSED_BYTES and not too_dense:
        return _declared_entities_problem(file_name, content)
    return (
        f"{file_name}: the workbook would expand to {filesizeformat(expanded)} when opened (part {densest.filename} "
        f"is compressed {ratio:,.0f} to 1); the most accepted is {filesizeformat(settings.XLSX_MAX_UNCOMPRESSED_BYTES)}"
        f" and {settings.XLSX_MAX_COMPRESSION_RATIO:,} to 1, so it was not opened. A real workbook is far smaller: "
        "check the file is the one you meant, or save it again from Excel."
    )


def _compression_ratio(part):
    return part.file_size / max(part.compress_size, 1)


def _declared_entities_problem(file_name, content):
    """Why a workbook whose XML declares a DOCTYPE (entities) must not be opened, or None. Excel never writes one;
    entities can expand without limit or reach outside the file, and the XML reader refuses them in words about
    its own internals, so the person uploading is told here instead. A DOCTYPE comes first in a part."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for part in archive.infolist():
            if part.filename.endswith((".xml", ".rels")):
                try:
                    with archive.open(part) as stream:
                        start = stream.read(1024)
                except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError):
                    continue  # damaged or encrypted: the reader says so in its own words
                if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                    return (f"{file_name}: part {part.filename} declares XML entities, which Excel never writes and "
                            "which can be used to attack the program reading the file, so it was not opened. Open "
                            "it in Excel and save it as a new Excel Workbook (.xlsx).")
    return None
