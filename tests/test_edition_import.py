"""An edition loaded from a workbook laid out as the plan's table: the template, a preview of every row, each bad
cell named by sheet, row and column, and nothing saved on error."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from programmes.edition_import import FLOW, template_workbook
from programmes.models import EditionUpload, PlanEdition, Programme

pytestmark = pytest.mark.django_db

ROWS = [
    ["3/01", 3, "Economies for Healthier Lives", "The outline", "Yes", "The outcomes", "The measures",
     "Liverpool City Region Combined Authority", "", "Year two of delivery", "DP2024-25/3/01"],
    ["3/11", 3, "A new programme", "", "No", "", "", "", "", "", ""],
]


def workbook(rows=ROWS, start_year=2025, title="Annual Delivery Plan 2025-2026", source="HCP board, 14 January 2026"):
    book = load_workbook(io.BytesIO(template_workbook()))
    for number, value in enumerate([start_year, title, source], 1):
        book["Edition"].cell(number, 2).value = value
    sheet = book["Rows"]
    sheet.delete_rows(2)  # the example row
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_is_laid_out_as_the_plans_table(business_client):
    response = business_client.get(reverse("edition-template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Edition", "Rows"]
    header = [cell.value for cell in book["Rows"][1]]
    assert header[:4] == ["Row", "Theme", "Programme of investment / activity", "Programme outline"]


def test_an_edition_loads_from_the_template_after_a_preview_of_every_row(business_client, business_user):
    response = business_client.post(reverse("edition-upload"), {"file": SimpleUploadedFile("edition.xlsx", workbook())})
    upload = EditionUpload.objects.get()
    assert response["Location"] == reverse("edition-upload-preview", args=[upload.pk])
    preview = business_client.get(response["Location"]).content.decode()
    assert "Economies for Healthier Lives" in preview and "A new programme" in preview
    assert not PlanEdition.objects.filter(start_year=2025).exists()  # nothing saved before the confirmation
    business_client.post(response["Location"])
    edition = PlanEdition.objects.get(start_year=2025)
    assert not edition.is_current and edition.source == "HCP board, 14 January 2026"
    economies = Programme.objects.get(source_ref="DP2025-26/3/01")
    assert (economies.edition, economies.predecessor.source_ref, economies.economic_contribution) == (
        edition, "DP2024-25/3/01", True)
    assert (economies.status, economies.status_quote) == (Programme.Status.AS_WRITTEN, "Year two of delivery")
    new = Programme.objects.get(source_ref="DP2025-26/3/11")
    assert new.predecessor is None and new.history.get().history_user == business_user


def test_a_bad_cell_is_refused_with_its_sheet_row_and_column_and_nothing_is_saved():
    bad = [ROWS[0], ["3/11", 12, "", "", "Maybe", "", "", "", "", "", "DP2024-25/9/99"]]
    before = Programme.objects.count()
    plan = FLOW.import_file("edition.xlsx", workbook(bad))
    assert sorted(plan.errors) == sorted([
        "Sheet 'Rows', row 3, column B (Theme): a theme number from 1 to 8, not '12'.",
        "Sheet 'Rows', row 3, column C (Programme of investment / activity): required.",
        "Sheet 'Rows', row 3, column E (Economic contribution): Yes or No, not 'Maybe'.",
        "Sheet 'Rows', row 3, column K (Carried from (the row in the edition before)): no row 'DP2024-25/9/99' in an "
        "earlier edition.",
    ])
    assert Programme.objects.count() == before and not PlanEdition.objects.filter(start_year=2025).exists()
    assert not EditionUpload.objects.exists()


def test_the_edition_sheet_is_checked_cell_by_cell():
    plan = FLOW.import_file("edition.xlsx", workbook(start_year=2024, title=""))
    assert "Sheet 'Edition', row 1, column B (Starts in the financial year): an edition starting in 2024 already " \
           "exists." in plan.errors
    assert "Sheet 'Edition', row 2, column B (Title, as the plan gives it): required." in plan.errors


def test_a_file_that_is_not_the_template_is_refused():
    plan = FLOW.import_file("notes.xlsx", b"not a workbook")
    assert not plan.ok and not PlanEdition.objects.filter(start_year=2025).exists()
