"""Issue 18: every Fingertips import checks the portal's comparison and trend against Fingertips' own labels."""

from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from indicators.imports.services import import_file, plan_import
from indicators.models import Indicator, IndicatorSummary, Upload
from places.models import Area

from .indicator_files import fingertips_csv, fingertips_row

pytestmark = pytest.mark.django_db

FID = 90631
PERIODS = ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23"]
RISING, STEADY_LOW, STEADY_HIGH = "E06000049", "E06000050", "E06000007"
# Wilson 95% intervals of 10, 20, 30, 40 and 50 of 100.
RISING_INTERVALS = [("5.5", "17.4"), ("13.3", "28.9"), ("21.9", "39.6"), ("30.9", "49.8"), ("40.4", "59.6")]


@pytest.fixture
def indicator():
    indicator = Indicator.objects.get(number=4)
    indicator.fingertips_id = FID
    indicator.polarity = Indicator.Polarity.HIGHER_IS_BETTER
    indicator.comparator_confidence = 95
    indicator.save()
    return indicator


def small_export(steady_high_comparison="Better"):
    """England at 50% every year and three Places with counts, five periods. Fingertips' labels are the ones the
    rules give, worked by hand: in 2022/23 the rising Place has 50 of 100 (95% CI 40.4 to 59.6, England inside:
    Similar) and rises 10, 20, 30, 40, 50 with Wilson 95% intervals (weighted slope 10 a year, chi2 = 63.0, above
    Fingertips' 9.5495: increasing, getting better); 30 of 100 every year (CI 21.9 to 39.6, England above: Worse)
    and 70 of 100 (CI 60.4 to 78.2: Better) do not change."""
    rows = []
    for i, period in enumerate(PERIODS):
        last = i == len(PERIODS) - 1
        rows.append(fingertips_row(FID, "E92000001", period, "50", "49.7", "50.3", count="5000", denominator="10000",
                                   compared="Not compared"))
        rows.append(fingertips_row(FID, RISING, period, str(10 * (i + 1)), *RISING_INTERVALS[i],
                                   count=str(10 * (i + 1)), denominator="100",
                                   compared="Similar",
                                   trend="Increasing & getting better" if last else ""))
        rows.append(fingertips_row(FID, STEADY_LOW, period, "30", "21.9", "39.6", count="30", denominator="100",
                                   compared="Worse 95%", trend="No significant change" if last else ""))
        rows.append(fingertips_row(FID, STEADY_HIGH, period, "70", "60.4", "78.2", count="70", denominator="100",
                                   compared=steady_high_comparison if last else "Better",
                                   trend="No significant change" if last else ""))
    return fingertips_csv(rows)


def test_an_export_labelled_by_the_same_rules_agrees_entirely(indicator, tmp_path, capsys):
    plan = plan_import("fingertips.csv", small_export())
    assert plan.agreement == {"compared": 6, "agreed": 6, "rate": 100.0, "disagreements": []}
    path = tmp_path / "fingertips.csv"
    path.write_bytes(small_export())
    call_command("import_indicator_values", str(path))
    assert "Agreement with Fingertips' own labels: 6 of 6 (100%)." in capsys.readouterr().out
    summary = IndicatorSummary.objects.get(indicator=indicator, is_default=True)
    assert summary.agreement_entry.rate == 100.0
    assert not any(entry.comparison_from_fingertips for entry in summary.place_entries.values())


def test_a_disagreement_is_reported_and_fingertips_label_shown(indicator, tmp_path, capsys, board_client):
    content = small_export(steady_high_comparison="Similar")
    warrington = Area.objects.get(code=STEADY_HIGH)
    expected = {"area": warrington.name, "period": "2022/23", "kind": "comparison", "fingertips": "Similar",
                "portal": "Better"}
    plan = plan_import("fingertips.csv", content)
    assert (plan.agreement["compared"], plan.agreement["agreed"]) == (6, 5)
    assert plan.agreement["rate"] == pytest.approx(83.3)
    assert plan.agreement["disagreements"] == [expected]
    path = tmp_path / "fingertips.csv"
    path.write_bytes(content)
    call_command("import_indicator_values", str(path))
    out = capsys.readouterr().out
    assert "Agreement with Fingertips' own labels: 5 of 6 (83.3%)." in out
    assert f"Disagrees: {warrington.name}, 2022/23, comparison: Fingertips 'Similar', portal 'Better'" in out
    summary = IndicatorSummary.objects.get(indicator=indicator, is_default=True)
    assert summary.agreement_entry.disagreements == [expected]
    entry = summary.place(warrington)
    assert (entry.comparison, entry.portal_comparison, entry.comparison_from_fingertips) == ("Similar", "Better", True)
    # The counts the dashboards show ("n of 9 worse") count what each Place shows: Fingertips' label here.
    shown = Counter(e.comparison for e in summary.place_entries.values())
    assert summary.comparisons == dict(shown) and shown["Similar"] >= 1
    place = board_client.get(reverse("place-detail", args=[warrington.slug])).content.decode()
    assert "Similar</strong> <span class=\"nhsuk-body-s\">(Fingertips)</span>" in place


def test_the_preview_and_the_indicator_page_show_the_agreement(indicator, business_client):
    response = business_client.post(reverse("indicator-upload"), {
        "file": SimpleUploadedFile("f.csv", small_export(steady_high_comparison="Similar"))})
    upload = Upload.objects.get()
    page = business_client.get(reverse("indicator-upload-preview", args=[upload.pk])).content.decode()
    assert "5 of 6 labels agree (83.3%)" in page and "Similar" in page
    business_client.post(response["Location"])
    page = business_client.get(reverse("indicator-detail", args=[indicator.number])).content.decode()
    assert 'id="agreement"' in page and "5 of 6 labels agree" in page


def test_a_998_indicator_without_998_limits_is_not_compared(indicator):
    indicator.comparator_confidence = 99.8
    indicator.save()
    import_file("fingertips.csv", small_export())
    summary = IndicatorSummary.objects.get(indicator=indicator, is_default=True)
    warrington = Area.objects.get(code=STEADY_HIGH)
    assert summary.place(warrington).portal_comparison == "Not compared"


def test_998_limits_are_imported_by_both_readers(indicator, monkeypatch):
    from indicators.imports import importers
    from indicators.models import IndicatorValue

    content = fingertips_csv([fingertips_row(FID, RISING, "2022/23", "50", "40.4", "59.6", lower_998="35.1",
                                             upper_998="64.9", trend="Cannot be calculated")])
    fast = plan_import("fingertips.csv", content)
    monkeypatch.setattr(importers, "fingertips_columns", lambda content: None)
    slow = plan_import("fingertips.csv", content)
    assert fast.to_create == slow.to_create
    import_file("fingertips.csv", content)
    value = IndicatorValue.objects.get()
    assert (value.lower_ci_998, value.upper_ci_998, value.published_trend) == (35.1, 64.9, "Cannot be calculated")
    assert value.history.get().upper_ci_998 == 64.9
