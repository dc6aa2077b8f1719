"""Issue 13: Fingertips breakdown rows (deprivation deciles, ethnic groups) are kept for the portal's own areas,
beside the headline figures every comparison, trend and summary is still worked from."""

from collections import Counter

import pytest
from django.urls import reverse

from indicators.imports import importers, services
from indicators.imports.services import import_file, plan_import
from indicators.models import Indicator, IndicatorSummary, IndicatorValue
from places.models import Area

from .indicator_files import TEMPLATE_HEADER_WITH_CATEGORIES, fingertips_csv, fingertips_row, template_xlsx

pytestmark = pytest.mark.django_db

FID = 90631  # given to Beacon Indicator 4 by the fixture
LIVERPOOL, KNOWSLEY, MANCHESTER = "E08000012", "E08000011", "E08000003"
DECILES = "County & UA deprivation deciles in England (IMD2019, 4/21 geography)"
MOST, LEAST = "Most deprived decile (IMD2019)", "Least deprived decile (IMD2019)"
ELSEWHERE = "breakdown rows for areas outside Cheshire and Merseyside, England and the North West"


@pytest.fixture
def indicator():
    Indicator.objects.filter(number=4).update(fingertips_id=FID)
    return Indicator.objects.get(number=4)


def decile(code, category, value, **options):
    limits = (str(float(value) - 2), str(float(value) + 2)) if value else ("", "")
    return fingertips_row(FID, code, "2021/22", value, *limits, category_type=DECILES, category=category, **options)


def export_with_deciles(most_deprived_in_liverpool="40.0"):
    """England and two Places with their headline figures, and the most and least deprived deciles of each Place,
    far below and above every headline figure."""
    rows = [fingertips_row(FID, code, "2021/22", value, str(float(value) - 1), str(float(value) + 1))
            for code, value in [("E92000001", "65.2"), (LIVERPOOL, "60.5"), (KNOWSLEY, "70.5")]]
    rows += [decile(LIVERPOOL, MOST, most_deprived_in_liverpool), decile(LIVERPOOL, LEAST, "90.0"),
             decile(KNOWSLEY, MOST, "41.0"), decile(KNOWSLEY, LEAST, "91.0")]
    return fingertips_csv(rows)


def test_decile_rows_for_two_places_are_kept_beside_unchanged_headline_rows_and_summaries_use_only_the_headline(
        indicator, board_client):
    plan = import_file("deciles.csv", export_with_deciles())
    assert plan.errors == [] and len(plan.to_create) == 7 and not plan.skipped
    assert plan.agreement["compared"] == 2  # the two Places' headline comparisons, no decile's
    stored = IndicatorValue.objects.filter(indicator=indicator)
    assert sorted(stored.breakdowns().values_list("area__code", "category_type", "category", "value")) == [
        (KNOWSLEY, DECILES, LEAST, 91.0), (KNOWSLEY, DECILES, MOST, 41.0),
        (LIVERPOOL, DECILES, LEAST, 90.0), (LIVERPOOL, DECILES, MOST, 40.0)]
    assert dict(stored.headline().values_list("area__code", "value")) == {
        "E92000001": 65.2, LIVERPOOL: 60.5, KNOWSLEY: 70.5}
    summary = IndicatorSummary.objects.get(indicator=indicator, is_default=True)
    assert (summary.place_min, summary.place_max, summary.england_value) == (60.5, 70.5, 65.2)
    liverpool = Area.objects.get(code=LIVERPOOL)
    assert summary.places[str(liverpool.pk)]["value"] == 60.5
    page = board_client.get(reverse("indicator-detail", args=[4]))
    assert page.context["data"].latest(LIVERPOOL).value == 60.5
    assert all(not value.category_type for value in page.context["table"].data)


def test_a_breakdown_row_for_an_area_outside_cheshire_and_merseyside_is_skipped_and_counted(indicator):
    rows = [decile(LIVERPOOL, MOST, "40.0"), decile(MANCHESTER, MOST, "39.0", area_name="Manchester")]
    plan = import_file("deciles.csv", fingertips_csv(rows))
    assert plan.errors == [] and plan.skipped == {ELSEWHERE: 1}
    assert list(IndicatorValue.objects.values_list("area__code", flat=True)) == [LIVERPOOL]
    assert not Area.objects.filter(code=MANCHESTER).exists()  # its only row was left out, so no area is made


def test_reimporting_the_same_file_with_breakdown_rows_changes_nothing(indicator):
    import_file("deciles.csv", export_with_deciles())
    history = IndicatorValue.history.count()
    plan = import_file("deciles.csv", export_with_deciles())
    assert (len(plan.to_create), len(plan.to_update), plan.unchanged) == (0, 0, 7)
    assert IndicatorValue.history.count() == history


def test_a_changed_decile_value_is_an_update_kept_in_history(indicator):
    import_file("deciles.csv", export_with_deciles())
    plan = import_file("deciles.csv", export_with_deciles(most_deprived_in_liverpool="42.5"))
    assert (len(plan.to_create), len(plan.to_update), plan.unchanged) == (0, 1, 6)
    value = IndicatorValue.objects.get(area__code=LIVERPOOL, category=MOST)
    assert value.value == 42.5
    assert [(h.history_type, h.value) for h in value.history.order_by("history_date")] == [("+", 40.0), ("~", 42.5)]
    assert IndicatorValue.objects.headline().get(area__code=LIVERPOOL).history.count() == 1


def template_row(category_type, category, value, code=LIVERPOOL):
    return [12, code, "2023/24", "Persons", "All ages", category_type, category, value, value - 2, value + 2, None,
            None, None]


def test_the_template_with_category_columns_imports_a_breakdown():
    assert importers.template_csv().decode().startswith(",".join(TEMPLATE_HEADER_WITH_CATEGORIES))
    content = template_xlsx([template_row(None, None, 41.5), template_row(DECILES, MOST, 30.0)],
                            header=TEMPLATE_HEADER_WITH_CATEGORIES)
    plan = import_file("anchor.xlsx", content)
    assert plan.errors == [] and len(plan.to_create) == 2
    assert list(IndicatorValue.objects.breakdowns().values_list("category_type", "category", "value")) == [
        (DECILES, MOST, 30.0)]
    assert IndicatorValue.objects.headline().get().value == 41.5


def test_a_template_row_with_a_category_but_no_category_type_is_an_error_naming_its_row_and_column():
    content = template_xlsx([template_row(None, MOST, 30.0), template_row(DECILES, None, 31.0)],
                            header=TEMPLATE_HEADER_WITH_CATEGORIES)
    plan = import_file("anchor.xlsx", content)
    assert plan.errors == [
        f"anchor.xlsx, sheet 'Values', row 2, column 'Category type': is empty, but the row has a category "
        f"('{MOST}'): give both for a breakdown, or neither for the figure for the whole area",
        f"anchor.xlsx, sheet 'Values', row 3, column 'Category': is empty, but the row has a category type "
        f"('{DECILES}'): give both for a breakdown, or neither for the figure for the whole area",
    ]
    assert IndicatorValue.objects.count() == 0


def test_a_fingertips_breakdown_row_without_its_category_is_an_error_naming_its_row_and_column(indicator):
    plan = plan_import("deciles.csv", fingertips_csv([decile(LIVERPOOL, MOST, "40.0"), decile(KNOWSLEY, "", "41.0")]))
    assert plan.errors == [f"deciles.csv, row 3, column 'Category': is empty, but the row has a category type "
                           f"('{DECILES}'): give both for a breakdown, or neither for the figure for the whole area"]


def export_of_every_kind_of_breakdown_row():
    """Decile rows for two Places, England, the North West and C&M (with Fingertips' "n" prefix), rows for areas
    outside C&M, a suppressed decile with its note, a blank one, and a breakdown of an ID no Beacon Indicator claims."""
    return fingertips_csv([
        *[fingertips_row(FID, code, "2021/22", "60.0", "59.0", "61.0")
          for code in ("E92000001", "E12000002", LIVERPOOL, KNOWSLEY, MANCHESTER)],
        *[decile(code, category, value) for code in ("E92000001", "E12000002", "nE54000008", LIVERPOOL, KNOWSLEY)
          for category, value in ((MOST, "50.0"), (LEAST, "70.0"))],
        decile(MANCHESTER, MOST, "48.0"), decile("nE54000057", MOST, "49.0", area_type="ICBs"),
        decile(LIVERPOOL, "Second most deprived decile (IMD2019)", "", note="Value suppressed"),
        decile(LIVERPOOL, "Third more deprived decile (IMD2019)", ""),
        fingertips_row(99999, LIVERPOOL, "2021/22", "1.0", category_type=DECILES),
    ])


def test_the_fast_and_row_by_row_readers_plan_the_same_import_of_a_file_with_breakdown_rows(indicator, monkeypatch):
    content = export_of_every_kind_of_breakdown_row()
    clean = []
    read_clean = services._read_clean_export

    def spied(plan, content):
        clean.append(read_clean(plan, content))
        return clean[-1]

    monkeypatch.setattr(services, "_read_clean_export", spied)
    fast = plan_import("fingertips.csv", content)
    assert clean == [True]  # the file is clean, so the fast path planned it
    monkeypatch.setattr(importers, "fingertips_columns", lambda content: None)
    slow = plan_import("fingertips.csv", content)
    assert fast.summary() == slow.summary()
    assert fast.to_create == slow.to_create and fast.new_areas == slow.new_areas and fast.accepted == slow.accepted
    assert fast.skipped == {ELSEWHERE: 2, "rows with neither a value nor a value note": 1,
                            "rows for Fingertips indicator IDs no Beacon Indicator claims": 1}
    # A row to create is (indicator, area, period, sex, age, category type, category, value, ...).
    kinds = Counter("whole area" if not row[5] else "breakdown" if row[7] is not None else "suppressed breakdown"
                    for row in fast.to_create)
    assert kinds == {"whole area": 5, "breakdown": 10, "suppressed breakdown": 1}
