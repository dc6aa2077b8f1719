"""Query counts pinned for every upload preview: checking a file asks who the uploader is once, not once a row.

Before the per-request Access, a Marmot lead's preview of the real workbook asked whether they were in the
business team once for every activity (2,000 queries for this workbook); now each fact about them is one query.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator, Upload
from stocktake.models import StocktakeUpload

from .indicator_files import PLACE_CODES, fingertips_csv, fingertips_row
from .stocktake_files import real_workbook

pytestmark = pytest.mark.django_db


# The page cache's version is bumped once per transaction, and each test runs in one: the fixtures' writes have
# bumped it already, so the counts below hold no cache writes.
def upload_stocktake(client, django_assert_num_queries, queries):
    content = real_workbook()
    with django_assert_num_queries(queries):
        response = client.post(reverse("stocktake-upload"), {"file": SimpleUploadedFile("stocktake.xlsx", content)})
    assert response.status_code == 302, response.content
    return reverse("stocktake-upload-detail", args=[StocktakeUpload.objects.get().pk])


def test_a_marmot_leads_upload_and_preview_of_the_real_workbook_cost_a_fixed_few_queries(
        lead_client, django_assert_num_queries):
    url = upload_stocktake(lead_client, django_assert_num_queries, 12)
    with django_assert_num_queries(12):
        page = lead_client.get(url).content.decode()
    assert "as the Marmot lead for Liverpool you can upload only Liverpool" in page


def test_the_business_teams_upload_and_preview_of_the_real_workbook_cost_a_fixed_few_queries(
        business_client, django_assert_num_queries):
    url = upload_stocktake(business_client, django_assert_num_queries, 16)
    with django_assert_num_queries(11):
        page = business_client.get(url).content.decode()
    assert "Save this stocktake" in page and "Halton" in page


def test_the_indicator_upload_and_preview_cost_a_fixed_few_queries(business_client, django_assert_num_queries):
    indicator = Indicator.objects.get(number=10)
    indicator.fingertips_id = 92899
    indicator.save()
    rows = [fingertips_row(92899, code, str(year), "4.1", "3.2", "5.0") for code in PLACE_CODES for year in
            range(2010, 2024)]
    with django_assert_num_queries(12):
        response = business_client.post(reverse("indicator-upload"),
                                         {"file": SimpleUploadedFile("values.csv", fingertips_csv(rows))})
    assert response.status_code == 302
    with django_assert_num_queries(5):
        page = business_client.get(response["Location"])
    assert page.context["upload"].summary["created"] == len(rows) and Upload.objects.count() == 1
