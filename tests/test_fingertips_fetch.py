"""Fetching from the Fingertips API, on stubbed answers in the real API's shape (the autouse `http` fixture in
conftest.py refuses every address a test has not registered, so nothing here touches the network)."""

import hashlib

import pytest
import requests
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from responses import matchers

from indicators.imports.fingertips import FingertipsError
from indicators.imports.services import fetch_fingertips
from indicators.models import Indicator, IndicatorSummary, IndicatorValue, Upload
from places.models import Area

from .conftest import run_worker_once
from .indicator_files import FINGERTIPS_HEADER, fingertips_csv, fingertips_row, metadata_csv

pytestmark = pytest.mark.django_db

API = "https://fingertips.test/api/"
DATA = API + "all_data/csv/by_indicator_id"
METADATA = API + "indicator_metadata/csv/by_indicator_id"
FID = 90631  # Beacon Indicator 4, school readiness, seeded by bootstrap
UTLA = "Counties & UAs (from Apr 2023)"


def data_rows():
    """England, three Places, Manchester (not a portal area) and a Place's breakdown row, as area type 502 answers."""
    return [
        fingertips_row(FID, "E92000001", "2022/23", "67.2", "67.1", "67.3", area_name="England", area_type="England"),
        fingertips_row(FID, "E06000049", "2022/23", "69.0", "67.5", "70.5", area_name="Cheshire East", area_type=UTLA),
        fingertips_row(FID, "E08000012", "2022/23", "63.1", "62.0", "64.2", area_name="Liverpool", area_type=UTLA),
        fingertips_row(FID, "E08000011", "2022/23", "61.0", "59.0", "63.0", area_name="Knowsley", area_type=UTLA),
        fingertips_row(FID, "E08000003", "2022/23", "64.0", "63.0", "65.0", area_name="Manchester", area_type=UTLA),
        fingertips_row(FID, "E08000012", "2022/23", "55.0", "54.0", "56.0", area_name="Liverpool", area_type=UTLA,
                       category_type="LSOA21 deprivation deciles"),
    ]


def icb_rows():
    """Area type 221: England again, C&M with Fingertips' "n" prefix, and another ICB with a breakdown row."""
    return [
        fingertips_row(FID, "E92000001", "2022/23", "67.2", "67.1", "67.3", area_name="England", area_type="England"),
        fingertips_row(FID, "nE54000008", "2022/23", "65.5", "65.0", "66.0",
                       area_name="NHS Cheshire and Merseyside Integrated Care Board", area_type="ICBs"),
        fingertips_row(FID, "nE54000057", "2022/23", "66.0", "65.5", "66.5",
                       area_name="NHS Greater Manchester Integrated Care Board", area_type="ICBs"),
        fingertips_row(FID, "nE54000057", "2022/23", "60.0", "59.5", "60.5", category_type="ICB deprivation deciles",
                       area_name="NHS Greater Manchester Integrated Care Board", area_type="ICBs"),
    ]


METADATA_ROW = {
    "Indicator ID": str(FID), "Indicator": "School readiness",
    "Definition": "Children achieving a good level of development at the end of Reception as a percentage of all "
                  "eligible children.",
    "Rationale": "Children from poorer backgrounds are more at risk of poorer development.",
    "Data source": "Department for Education (DfE), EYFS Profile", "Polarity": "RAG - High is good",
    "Unit": "%", "Value type": "Proportion", "Frequency": "Annual", "Date of next update": "November 2025",
}


def params(area_type, ids=str(FID)):
    return [matchers.query_param_matcher(
        {"indicator_ids": ids, "child_area_type_id": str(area_type), "parent_area_type_id": "15"})]


def stub_api(http, data=None, icb=None, metadata=None):
    http.get(DATA, body=data if data is not None else fingertips_csv(data_rows()), match=params(502),
             content_type="text/csv")
    http.get(DATA, body=icb if icb is not None else fingertips_csv(icb_rows()), match=params(221),
             content_type="text/csv")
    http.get(METADATA, body=metadata if metadata is not None else metadata_csv([METADATA_ROW]),
             match=[matchers.query_param_matcher({"indicator_ids": str(FID)})], content_type="text/csv")


def nothing_written(areas_before):
    return (IndicatorValue.objects.count(), Upload.objects.count(), Area.objects.count(),
            Indicator.objects.get(number=4).definition) == (0, 0, areas_before, "")


def test_a_fetch_imports_the_headline_rows_for_every_area_and_breakdowns_of_the_portals_areas_and_stores_metadata(
        http, business_user):
    stub_api(http)
    result = fetch_fingertips([4], user=business_user)
    assert result.plan.errors == []
    stored = IndicatorValue.objects.filter(indicator__number=4)
    assert set(stored.values_list("area__code", flat=True)) == {
        "E92000001", "E06000049", "E08000012", "E08000011", "E08000003", "E54000008", "E54000057"}
    # Liverpool's breakdown row kept beside its headline figure; Greater Manchester's left out.
    elsewhere = "breakdown rows for areas outside Cheshire and Merseyside, England and the North West"
    assert result.plan.skipped[elsewhere] == 1
    assert stored.headline().get(area__code="E08000012").value == 63.1
    assert list(stored.breakdowns().values_list("area__code", "category", "value")) == [
        ("E08000012", "Most deprived decile", 55.0)]
    # England came in both answers and is kept once; C&M's "nE54000008" is the portal's own C&M area.
    assert stored.filter(area__code="E92000001").count() == 1
    assert Area.objects.get(code="E54000008").slug == "cheshire-and-merseyside"
    assert Area.objects.get(code="E54000057").kind == Area.Kind.ICB
    assert Area.objects.get(code="E08000003").kind == Area.Kind.UTLA
    assert Area.objects.places().count() == 9

    upload = Upload.objects.get()
    assert (upload.kind, upload.status, upload.uploaded_by) == (Upload.Kind.FINGERTIPS_API, "imported", business_user)
    assert upload.sha256 == hashlib.sha256(result.fetched.content).hexdigest()
    assert upload.source_url.splitlines() == [
        f"{DATA}?indicator_ids={FID}&child_area_type_id=502&parent_area_type_id=15",
        f"{DATA}?indicator_ids={FID}&child_area_type_id=221&parent_area_type_id=15",
        f"{METADATA}?indicator_ids={FID}",
    ]
    assert set(stored.values_list("upload", flat=True)) == {upload.pk}
    assert stored.first().history.first().history_user == business_user  # history kept, with who

    indicator = Indicator.objects.get(number=4)
    assert indicator.definition.startswith("Children achieving a good level of development")
    assert (indicator.fingertips_polarity, indicator.value_type, indicator.frequency, indicator.next_update) == (
        "RAG - High is good", "Proportion", "Annual", "November 2025")
    assert indicator.metadata_source.startswith("Department for Education")
    assert indicator.polarity == "higher" and not indicator.polarity_differs

    summary = IndicatorSummary.objects.get(indicator=indicator, is_default=True)
    assert summary.cm["value"] == 65.5 and summary.cm["vs_england"] == "Worse"  # 67.2 above C&M's 65.0 to 66.0


HTML_ERROR = b"<!DOCTYPE html><html><head><title>Error</title></head><body>Sorry, an error occurred</body></html>"


@pytest.mark.parametrize(("answer", "reason"), [
    ({"body": HTML_ERROR, "content_type": "text/html"}, "answered with a web page, not CSV"),
    ({"body": requests.exceptions.ConnectTimeout("timed out")},
     "did not answer in time (ConnectTimeout) after 4 tries"),
    ({"body": requests.exceptions.ConnectionError("refused")}, "could not be reached (ConnectionError)"),
    ({"body": b"", "content_type": "text/csv"}, "answered with an empty body"),
    ({"body": b"Indicator ID,Area Code,Value\n90631,E92000001,67.2\n", "content_type": "text/csv"},
     "lacks the columns 'Sex', 'Age'"),
    ({"body": b"Service unavailable", "status": 503}, "answered HTTP 503 after 4 tries"),
    ({"body": b"Not found", "status": 404}, "answered HTTP 404"),
])
def test_each_failure_of_the_api_writes_nothing_and_says_why(http, answer, reason):
    areas_before = Area.objects.count()
    http.get(DATA, match=params(502), **answer)
    with pytest.raises(FingertipsError, match="Nothing was changed") as failure:
        fetch_fingertips([4])
    assert reason in str(failure.value)
    assert nothing_written(areas_before)


def test_a_failure_after_the_data_arrived_still_writes_nothing(http):
    areas_before = Area.objects.count()
    stub_api(http, metadata=HTML_ERROR)
    with pytest.raises(FingertipsError, match="answered with a web page"):
        fetch_fingertips([4])
    assert nothing_written(areas_before)


def test_a_bad_row_in_the_answer_writes_nothing_and_names_the_row(http):
    areas_before = Area.objects.count()
    rows = data_rows()
    rows.append(fingertips_row(FID, "E06000050", "2022/23", "sixty", area_type=UTLA))
    stub_api(http, data=fingertips_csv(rows))
    result = fetch_fingertips([4])
    assert result.plan.errors == [f"{result.plan.file_name}, row 8, column 'Value': 'sixty' is not a number"]
    assert nothing_written(areas_before)


def test_columns_in_a_changed_order_are_read_by_name(http):
    order = list(reversed(FINGERTIPS_HEADER))
    reordered = [[dict(zip(FINGERTIPS_HEADER, row, strict=True))[name] for name in order] for row in data_rows()]
    stub_api(http, data=fingertips_csv(reordered, header=order))
    fetch_fingertips([4])
    assert IndicatorValue.objects.get(indicator__number=4, area__code="E06000049").value == 69.0


def test_a_series_retired_before_april_2023_is_read_at_area_type_402(http):
    stub_api(http, data=fingertips_csv([]))  # the header and no rows
    http.get(DATA, body=fingertips_csv(data_rows()), match=params(402), content_type="text/csv")
    result = fetch_fingertips([4])
    assert IndicatorValue.objects.filter(area__code="E06000049").exists()
    assert any("area type 402" in warning for warning in result.plan.warnings)


def test_a_passing_failure_is_tried_again(http):
    http.get(DATA, status=503, body=b"busy", match=params(502))
    stub_api(http)
    fetch_fingertips([4])
    assert IndicatorValue.objects.filter(indicator__number=4).count() == 8


def test_the_command_dry_run_fetches_and_writes_nothing_and_a_failure_fails_loudly(http, capsys):
    stub_api(http)
    call_command("fetch_fingertips", "--indicator", "4", "--dry-run")
    out = capsys.readouterr().out
    assert "Would create 8, would update 0" in out and "Skipped 1 breakdown rows" in out
    assert (IndicatorValue.objects.count(), Upload.objects.count()) == (0, 0)
    http.replace("GET", DATA, body=HTML_ERROR, content_type="text/html", match=params(502))
    with pytest.raises(CommandError, match="web page"):
        call_command("fetch_fingertips", "--indicator", "4")


def test_the_command_refuses_an_indicator_with_no_fingertips_id():
    with pytest.raises(CommandError, match="No indicator of those asked for has a Fingertips ID"):
        call_command("fetch_fingertips", "--indicator", "7")  # 7 is near a Fingertips measure, so left unset


def test_the_business_teams_button_fetches_and_others_may_not(http, business_client, board_client):
    url = reverse("indicator-fetch-fingertips")
    assert board_client.post(url).status_code == 403
    assert business_client.get(url).status_code == 405
    page = business_client.get(reverse("indicator-upload")).content.decode()
    assert f'action="{url}"' in page and "91125, to confirm" in page
    Indicator.objects.exclude(number=4).update(fingertips_id=None)
    stub_api(http)
    response = business_client.post(url)  # queued as a background task; its page shows the result
    run_worker_once()
    page = business_client.get(response["Location"]).content.decode()
    assert "Fetched 1 indicators from the Fingertips API: 8 new figures" in page
    assert Upload.objects.get().kind == Upload.Kind.FINGERTIPS_API


def test_the_button_says_why_when_the_api_fails(http, business_client):
    Indicator.objects.exclude(number=4).update(fingertips_id=None)
    http.get(DATA, body=requests.exceptions.ConnectTimeout("timed out"), match=params(502))
    response = business_client.post(reverse("indicator-fetch-fingertips"))
    run_worker_once()
    assert "did not answer in time" in business_client.get(response["Location"]).content.decode()
    assert IndicatorValue.objects.count() == 0


def test_the_indicator_page_explains_the_measure_and_flags_a_polarity_fingertips_reads_differently(http,
                                                                                                 board_client):
    stub_api(http, metadata=metadata_csv([{**METADATA_ROW, "Polarity": "RAG - Low is good"}]))
    fetch_fingertips([4])
    page = board_client.get(reverse("indicator-detail", args=[4])).content.decode()
    assert "What this measures" in page and "Children achieving a good level of development" in page
    assert 'id="polarity-differs"' in page and "RAG - Low is good" in page
    assert Indicator.objects.get(number=4).polarity == "higher"  # the team decides; never overwritten
    assert 'id="cm-level"' in page and "65.5" in page
