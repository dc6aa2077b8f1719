import csv
import io
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from stocktake.models import Activity, StocktakeUpload
from stocktake.services import import_file

from .conftest import heading, refused, sent_to_sign_in
from .stocktake_files import consolidated, row, single_return

pytestmark = pytest.mark.django_db
UPLOAD = reverse("stocktake-upload")
HOSTILE = '<script>alert("x")</script>\n=HYPERLINK("http://evil.example","click")'


def test_stocktake_pages_are_closed_to_anonymous_visitors_and_outsiders(client, outsider_client):
    for url in [reverse("stocktake-coverage"), reverse("stocktake-activities"), UPLOAD]:
        assert sent_to_sign_in(client.get(url), url), url
        assert refused(outsider_client.get(url)), url


def test_board_members_read_the_stocktake_but_cannot_upload(board_client):
    coverage = board_client.get(reverse("stocktake-coverage"))
    assert heading(coverage) == "Stocktake: what each level is doing"
    assert refused(board_client.get(UPLOAD))
    response = board_client.post(UPLOAD, {"file": SimpleUploadedFile("s.xlsx", consolidated([["Theme 1", "x"]]))})
    assert response.status_code == 403 and not StocktakeUpload.objects.exists()


def test_a_lead_previews_then_saves_their_return(lead_client, lead_user):
    content = single_return([["Theme 1: Give every child the best start", "Family hubs\nBeyond"]], title="Liverpool")
    response = lead_client.post(UPLOAD, {"file": SimpleUploadedFile("liverpool.xlsx", content)})
    upload = StocktakeUpload.objects.get()
    assert response["Location"] == reverse("stocktake-upload-detail", args=[upload.pk])
    assert not Activity.objects.exists()
    preview = lead_client.get(response["Location"]).content.decode()
    assert "Family hubs" in preview and "Save this stocktake" in preview
    assert lead_client.post(response["Location"]).status_code == 302
    assert sorted(Activity.objects.values_list("text", flat=True)) == ["Beyond", "Family hubs"]
    upload.refresh_from_db()
    assert (upload.status, upload.uploaded_by, upload.content) == ("imported", lead_user, None)


def test_a_lead_is_refused_on_the_page_for_another_place(lead_client):
    content = single_return([["Theme 1", "x"]], title="Halton")
    response = lead_client.post(UPLOAD, {"file": SimpleUploadedFile("halton.xlsx", content)})
    assert "you can upload only Liverpool" in response.content.decode()
    assert not StocktakeUpload.objects.exists()


def test_someone_elses_preview_is_not_shown(business_client, lead_client):
    business_client.post(UPLOAD, {"file": SimpleUploadedFile("s.xlsx", consolidated([row("Theme 1", l8="x")]))})
    upload = StocktakeUpload.objects.get()
    assert lead_client.get(reverse("stocktake-upload-detail", args=[upload.pk])).status_code == 404
    assert lead_client.post(reverse("stocktake-upload-detail", args=[upload.pk])).status_code == 404


def test_the_template_lists_the_rows_and_is_prefilled_for_a_lead(lead_client, business_client):
    sheet = load_workbook(io.BytesIO(lead_client.get(reverse("stocktake-template")).content)).active
    assert sheet["B3"].value == "Liverpool activity" and sheet["C3"].value is None
    labels = [r[0] for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert "Theme 1: Give every child the best start in life" in labels and "Indicator 22: " + labels[-1][14:] == \
        labels[-1]
    full = load_workbook(io.BytesIO(business_client.get(reverse("stocktake-template")).content)).active
    assert [c.value for c in full[3]][1:4] == ["Cheshire and Merseyside level activity",
                                               "Cheshire and Warrington level activity",
                                               "Liverpool City Region level activity"]


def test_the_template_reads_back_in_unchanged(business_client):
    content = business_client.get(reverse("stocktake-template")).content
    plan = import_file("template.xlsx", content)
    assert plan.errors == ["template.xlsx: no activity was found under any theme, system recommendation or "
                           "indicator."]
    assert plan.warnings == []


def test_hostile_text_is_escaped_on_the_page_and_neutralised_in_the_export(board_client):
    import_file("h.xlsx", consolidated([row("Theme 1", l8=HOSTILE)]))
    page = board_client.get(reverse("stocktake-activities")).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    export = board_client.get(reverse("stocktake-activities"), {"_export": "csv"}).content.decode()
    texts = [r["Activity"] for r in csv.DictReader(io.StringIO(export))]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in texts


def test_coverage_counts_current_activities_per_row_and_level(board_client):
    import_file("s.xlsx", consolidated([row("Theme 1", l8="a\nb\nc", l6="d"), row("System recommendation 2", l0="e")]))
    response = board_client.get(reverse("stocktake-coverage"))
    rows = {(r["kind"], r["number"]): {level.name: n for level, n in r["cells"]} for r in response.context["rows"]}
    assert rows[("theme", 1)]["Liverpool"] == 3 and rows[("theme", 1)]["Halton"] == 1
    assert rows[("system", 2)]["Cheshire and Merseyside"] == 1
    assert rows[("indicator", 5)]["Liverpool"] == 0
    assert Counter(kind for kind, _ in rows) == {"theme": 8, "system": 7, "indicator": 22}


def test_search_finds_activity_text_across_levels(board_client):
    rows = [row("Theme 1", l8="Family hubs", l6="Family support"), row("Theme 2", l6="x")]
    import_file("s.xlsx", consolidated(rows))
    response = board_client.get(reverse("stocktake-activities"), {"q": "family"})
    assert response.context["table"].paginator.count == 2


def test_coverage_query_count_does_not_grow_with_activities(board_client, no_page_cache):
    board_client.get(reverse("stocktake-coverage"))
    with CaptureQueriesContext(connection) as small:
        board_client.get(reverse("stocktake-coverage"))
    every_cell = {f"l{i}": "a\nb" for i in range(12)}
    import_file("s.xlsx", consolidated([row(f"Theme {t}", **every_cell) for t in range(1, 9)]))
    with CaptureQueriesContext(connection) as large:
        board_client.get(reverse("stocktake-coverage"))
    assert len(large) == len(small)


def test_theme_and_place_pages_show_the_stocktake(board_client):
    import_file("s.xlsx", consolidated([row("Theme 1", l8="a\nb", l6="c")]))
    theme = board_client.get(reverse("theme-detail", args=[1]))
    counts = {level.name: n for level, n in theme.context["stocktake"]}
    assert (counts["Liverpool"], counts["Halton"], counts["Wirral"]) == (2, 1, 0)
    place = board_client.get(reverse("place-detail", args=["liverpool"]))
    assert place.context["stocktake_total"] == 2
    assert "2 activities" in place.content.decode()


def test_a_huge_upload_is_not_kept_and_is_refused_by_its_size(business_client, settings):
    settings.MAX_UPLOAD_BYTES = 64 * 1024
    huge = SimpleUploadedFile("huge.xlsx", b"x" * (3 * 1024 * 1024))
    response = business_client.post(UPLOAD, {"file": huge})
    assert "huge.xlsx is 3.0\xa0MB; the largest file accepted is 64.0\xa0KB." in response.content.decode()
    assert not StocktakeUpload.objects.exists()


def test_the_preview_says_which_levels_are_new_and_which_unchanged(lead_client, business_client):
    content = consolidated([row("Theme 1", l6="Halton hub", l8="Family hubs")])
    lead_client.post(UPLOAD, {"file": SimpleUploadedFile("all.xlsx", content)})
    lead_client.post(reverse("stocktake-upload-detail", args=[StocktakeUpload.objects.get().pk]))
    response = business_client.post(UPLOAD, {"file": SimpleUploadedFile("all.xlsx", content)})
    preview = business_client.get(response["Location"]).content.decode()
    assert "<h2>Halton</h2>" in preview and "<h2>Liverpool</h2>" not in preview
    assert "Unchanged, already imported from this same file and left out: Liverpool." in preview
