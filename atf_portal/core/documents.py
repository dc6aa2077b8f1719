"""Documents people attach (a Place's plan, an evaluation's report): PDF, Word or OpenDocument text, or a link.

A document is judged by its content, never its name: a file called plan.pdf that is really a program or a
spreadsheet is refused with a message saying what it is. It is kept in the database (so every server, and every
backup, has it) and served only as a download, to whoever the owning page lets read it.
"""

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename

# extension: (what people call it, its MIME type)
DOCUMENT_TYPES = {
    "pdf": ("a PDF", "application/pdf"),
    "docx": ("a Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "doc": ("a Word 97-2003 document", "application/msword"),
    "odt": ("an OpenDocument text", "application/vnd.oasis.opendocument.text"),
}
ALLOWED = ", ".join(sorted(DOCUMENT_TYPES))


def document_problem(name, content):
    """Why `content` (bytes) named `name` is not an acceptable document, or None."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        return f"{name} is not a document the portal keeps: upload one of {ALLOWED}, or give a link."
    if len(content) > settings.MAX_UPLOAD_BYTES:
        return f"{name} is {filesizeformat(len(content))}: the most the portal keeps is " \
               f"{filesizeformat(settings.MAX_UPLOAD_BYTES)}."
    found = filetype.guess(content)
    if found is None or found.extension != extension:
        what = DOCUMENT_TYPES.get(found.extension, (f"a .{found.extension} file",))[0] if found else "not a document"
        return f"{name} is named as {DOCUMENT_TYPES[extension][0]} but its content is {what}."
    return None


class DocumentField(forms.FileField):
    """An upload checked by content and size; its cleaned value is the UploadedFile, read back to the start."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "read"):
            content = upload.read()
            upload.seek(0)
            problem = document_problem(upload.name, content)
            if problem:
                raise ValidationError(problem)
        return upload


class Document(models.Model):
    """Abstract: a document's file (kept in the database) or its link; a concrete model adds whose it is."""

    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    content = models.BinaryField(null=True, editable=False)
    link = models.URLField("link to the document", blank=True, max_length=500)

    class Meta:
        abstract = True

    @property
    def has_file(self):
        return bool(self.file_name)

    def keep_upload(self, upload):
        """Put a checked upload (from a `DocumentField`) on this record; the caller saves it."""
        content = upload.read()
        self.file_name = get_valid_filename(upload.name)
        self.content_type = DOCUMENT_TYPES[self.file_name.rsplit(".", 1)[-1].lower()][1]
        self.content = content

    def download(self):
        """The file as an attachment: never shown inline, so a browser cannot run anything in it."""
        response = HttpResponse(bytes(self.content), content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.file_name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
