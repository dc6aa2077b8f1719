"""Uploaded documents are judged by their content, kept whole, and served only as downloads."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from atf_portal.core.documents import DocumentField, document_problem

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_pdf_named_as_a_pdf_is_kept():
    assert document_problem("plan.pdf", PDF) is None


def test_a_word_document_named_as_a_pdf_is_refused_saying_what_it_is():
    assert document_problem("plan.pdf", word_document()) == (
        "plan.pdf is named as a PDF but its content is a Word document.")


def test_a_program_named_as_a_word_document_is_refused():
    assert document_problem("plan.docx", b"MZ\x90\x00" + bytes(200)) == (
        "plan.docx is named as a Word document but its content is a .exe file.")


def test_text_named_as_a_pdf_is_refused():
    assert document_problem("plan.pdf", b"just words") == (
        "plan.pdf is named as a PDF but its content is not a document.")


def test_a_spreadsheet_is_not_a_document_the_portal_keeps():
    assert "upload one of doc, docx, odt, pdf" in document_problem("plan.xlsx", b"")


def test_a_document_over_the_upload_limit_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 10
    assert document_problem("plan.pdf", PDF) == "plan.pdf is 45\xa0bytes: the most the portal keeps is 10\xa0bytes."


def test_the_field_names_the_problem_and_reads_a_good_file_back_to_its_start():
    field = DocumentField()
    good = field.clean(SimpleUploadedFile("plan.pdf", PDF))
    assert good.read() == PDF
    with pytest.raises(Exception, match="its content is a Word document"):
        field.clean(SimpleUploadedFile("plan.pdf", word_document()))
