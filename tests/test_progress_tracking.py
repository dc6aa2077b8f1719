"""Is the gap closing? Baselines, targets and trajectories, inequality within Places and C&M among its peers, as
the summaries store them and the pages, gap flags and downloads show them."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atf_portal.dashboard.gaps import GapKind, gaps
from indicators.models import Indicator, IndicatorSummary, IndicatorValue, Target
from indicators.summary.analysis import refresh_summaries
from places.models import Area

from .dashboard_data import add_series

pytestmark = pytest.mark.django_db

HALTON, ENGLAND = "E06000006", "E92000001"
DECILES = "County & UA deprivation deciles in England (IMD2019, 4/21 geography)"
DECILE_NAMES = ["Most deprived decile (IMD2019)", "Second most deprived decile (IMD2019)",
                "Third more deprived decile (IMD2019)", "Fourth more deprived decile (IMD2019)",
                "Fifth more deprived decile (IMD2019)", "Fifth less deprived decile (IMD2019)",
                "Fourth less deprived decile (IMD2019)", "Third less deprived decile (IMD2019)",
                "Second least deprived decile (IMD2019)", "Least deprived decile (IMD2019)"]


def area(code):
    return Area.objects.get(code=code)


def value(indicator, code, period, figure, half_width=0.5, sex="Male", **fields):
    start = int(period[:4])
    return IndicatorValue(indicator=indicator, area=area(code), period=period, period_start=start,
                          period_end=start if len(period) == 4 else start + 1, sex=sex, age="All ages", value=figure,
                          lower_ci=figure - half_width, upper_ci=figure + half_width, **fields)


def life_expectancy(halton_by_year, england=80.0):
    """Indicator 1 (higher is better) for Halton and England, male, calendar years."""
    indicator = Indicator.objects.get(number=1)
    IndicatorValue.objects.bulk_create(
        [value(indicator, HALTON, str(year), figure) for year, figure in halton_by_year.items()]
        + [value(indicator, ENGLAND, str(year), england, 0.1) for year in halton_by_year])
    return indicator


def deciles(indicator, year, steepness):
    """Halton's ten deprivation deciles in one year: 70 in the most deprived rising by `steepness` across them."""
    return [value(indicator, HALTON, str(year), 70 + steepness * rank / 9, 0.3, category_type=DECILES,
                  category=name, denominator=10_000) for rank, name in enumerate(DECILE_NAMES)]


def halton_entry(indicator):
    summary = IndicatorSummary.objects.get(indicator=indicator, sex="Male")
    return summary, summary.places[str(area(HALTON).pk)]


def flagged(kind):
    return [flag.sentence for flag in gaps(kinds=[kind])]


def test_the_default_baseline_is_the_period_covering_2022_for_a_calendar_year_indicator():
    indicator = life_expectancy({2019: 77, 2020: 77, 2021: 77, 2022: 77, 2023: 77})
    refresh_summaries([indicator.pk])
    summary, halton = halton_entry(indicator)
    assert summary.baseline_period == "2022"
    assert halton["baseline"]["period"] == "2022" and halton["baseline"]["label"] == "No significant change"


def test_the_default_baseline_of_a_financial_year_indicator_is_2022_23():
    indicator = Indicator.objects.get(number=4)
    add_series(indicator, {HALTON: (49.5, 48.0, 51.0, 495, 1000)})  # 2019/20 to 2023/24
    assert IndicatorSummary.objects.get(indicator=indicator).baseline_period == "2022/23"


def test_a_baseline_the_team_sets_overrides_the_default():
    indicator = life_expectancy({2019: 77, 2020: 77, 2021: 77, 2022: 77, 2023: 75})
    indicator.baseline_period = "2019"
    indicator.save()
    refresh_summaries([indicator.pk])
    summary, halton = halton_entry(indicator)
    assert summary.baseline_period == "2019" and halton["baseline"]["value"] == 77


def test_a_place_worse_than_at_the_baseline_is_flagged_and_cleared_when_it_recovers():
    indicator = life_expectancy({2019: 77, 2020: 77, 2021: 77, 2022: 77, 2023: 75})
    refresh_summaries([indicator.pk])
    # 75 (74.5 to 75.5) against 77 (76.5 to 77.5): z = 2 / 0.36 = 5.5, significantly worse.
    assert any("Halton is significantly worse in 2023 than at the baseline (2022)" in s
               for s in flagged(GapKind.WORSE_THAN_BASELINE))
    IndicatorValue.objects.filter(area__code=HALTON, period="2023").update(value=77, lower_ci=76.5, upper_ci=77.5)
    refresh_summaries([indicator.pk])
    assert not any("Halton" in s for s in flagged(GapKind.WORSE_THAN_BASELINE))


def test_a_place_off_its_trajectory_is_flagged_and_cleared_when_the_data_improves():
    indicator = life_expectancy({2019: 77, 2020: 77, 2021: 77, 2022: 77, 2023: 77})
    Target.objects.create(indicator=indicator, kind=Target.Kind.VALUE, target_value=80,
                          target_date=datetime.date(2030, 12, 31))
    refresh_summaries([indicator.pk])
    # The line runs from 77 at mid-2022 (2022.5) to 80 at the end of 2030 (about 2031.0): by mid-2023 it expects
    # 77 + 3 x 1 / 8.5 = 77.35, and Halton is at 77.
    _, halton = halton_entry(indicator)
    assert halton["trajectory"]["status"] == "Off trajectory"
    assert halton["trajectory"]["expected"] == pytest.approx(77.35, abs=0.01)
    assert any("Halton is off the trajectory" in s for s in flagged(GapKind.OFF_TRAJECTORY))
    IndicatorValue.objects.filter(area__code=HALTON, period="2023").update(value=77.5, lower_ci=77, upper_ci=78)
    refresh_summaries([indicator.pk])
    assert halton_entry(indicator)[1]["trajectory"]["status"] == "On trajectory"
    assert not flagged(GapKind.OFF_TRAJECTORY)


def test_a_close_the_gap_target_is_judged_on_the_gap_to_england():
    indicator = life_expectancy({2019: 77, 2020: 77, 2021: 77, 2022: 77, 2023: 77})
    Target.objects.create(indicator=indicator, area=area(HALTON), kind=Target.Kind.CLOSE_GAP, gap_closed_percent=50,
                          target_date=datetime.date(2030, 12, 31))
    refresh_summaries([indicator.pk])
    # Gap -3 at the baseline, -1.5 wanted by 2031.0: the line expects -3 + 1.5 / 8.5 = -2.82 in mid-2023, so
    # England 80 less 2.82 = 77.18; Halton's 77 is off it.
    _, halton = halton_entry(indicator)
    assert halton["trajectory"]["expected"] == pytest.approx(77.18, abs=0.01)
    assert halton["trajectory"]["status"] == "Off trajectory"
    assert halton["trajectory"]["target"] == "close 50% of the gap to England by December 2030"


def test_an_indicator_without_a_target_or_baseline_data_is_flagged():
    indicator = life_expectancy({2016: 77, 2017: 77})
    refresh_summaries([indicator.pk])
    assert any(s.startswith("Indicator 1: Life expectancy") for s in flagged(GapKind.INDICATOR_NO_TARGET))
    assert any("none of its periods covers 2022" in s for s in flagged(GapKind.INDICATOR_NO_BASELINE))
    Target.objects.create(indicator=indicator, kind=Target.Kind.VALUE, target_value=80,
                          target_date=datetime.date(2030, 12, 31))
    assert not any(s.startswith("Indicator 1:") for s in flagged(GapKind.INDICATOR_NO_TARGET))


def widening_dataset(steepness_by_year):
    indicator = life_expectancy({year: 75 for year in steepness_by_year})
    IndicatorValue.objects.bulk_create([row for year, steep in steepness_by_year.items()
                                        for row in deciles(indicator, year, steep)])
    refresh_summaries([indicator.pk])
    return indicator


def test_a_widening_gap_within_a_place_is_flagged_and_cleared_when_it_narrows_again():
    indicator = widening_dataset({2018: 5, 2019: 6, 2020: 7, 2021: 8, 2022: 10})
    summary = IndicatorSummary.objects.get(indicator=indicator, sex="Male")
    deprivation = summary.inequality[str(area(HALTON).pk)]["deprivation"]
    # A straight gradient of equal-sized groups: the fitted line is the data. It rises 10 from the most deprived
    # decile's midpoint (0.05 of the population) to the least deprived's (0.95), so over the whole range 0 to 1,
    # which is what the SII measures, it rises 10 / 0.9.
    assert deprivation["periods"][-1]["sii"]["sii"] == pytest.approx(10 / 0.9)
    assert deprivation["periods"][-1]["gap"]["absolute"] == pytest.approx(-10)  # most deprived minus least
    assert deprivation["change"] == "Widening" and deprivation["since"] == "2018"
    assert any("widening significantly in Halton" in s for s in flagged(GapKind.INEQUALITY_WIDENING))
    for row in IndicatorValue.objects.filter(period="2022").exclude(category_type=""):
        rank = DECILE_NAMES.index(row.category)
        row.value = 70 + 5 * rank / 9
        row.lower_ci, row.upper_ci = row.value - 0.3, row.value + 0.3
        row.save()
    refresh_summaries([indicator.pk])
    assert not flagged(GapKind.INEQUALITY_WIDENING)


def test_the_computed_cm_value_and_interval_match_the_published_wilson_example():
    # PHEindicatormethods tests/testthat/testdata_Proportion.xlsx, sheet testdata_Prop_g, Area7: 444 of 6430 is
    # 6.905132% (6.310799 to 7.550926). Split across the nine Places, with no ICB figure published.
    indicator = Indicator.objects.get(number=4)
    places = list(Area.objects.places())
    counts = [(49, 714)] * 8 + [(52, 718)]
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=place, period="2022/23", period_start=2022, period_end=2023,
                       sex="Persons", age="All ages", value=round(100 * count / denominator, 1), count=count,
                       denominator=denominator) for place, (count, denominator) in zip(places, counts, strict=True))
    refresh_summaries([indicator.pk])
    cm = IndicatorSummary.objects.get(indicator=indicator).cm
    assert cm["computed"] and cm["method"] == "Wilson score interval"
    assert (cm["value"], cm["lower_ci"], cm["upper_ci"]) == pytest.approx((6.905132, 6.310799, 7.550926), abs=1e-6)


def test_cm_is_ranked_among_the_icbs_and_regions():
    indicator = life_expectancy({2022: 77, 2023: 77})
    others = [Area(name=f"ICB {n}", slug=f"icb-{n}", code=f"E5400{n:04d}", kind=Area.Kind.ICB) for n in (1, 2)]
    Area.objects.bulk_create(others)
    cm = area("E54000008")
    IndicatorValue.objects.bulk_create([
        value(indicator, "E54000008", "2023", 78.0), value(indicator, "E54000001", "2023", 79.0),
        value(indicator, "E54000002", "2023", 76.0)])
    refresh_summaries([indicator.pk])
    peers = IndicatorSummary.objects.get(indicator=indicator, sex="Male").peers
    assert [(row["name"], row["rank"]) for row in peers["rows"]] == [("ICB 1", 1), (cm.name, 2), ("ICB 2", 3)]
    assert peers["cm_rank"] == 2


def test_the_pages_show_the_gradient_the_gap_over_time_and_progress(board_client):
    widening_dataset({2018: 5, 2019: 6, 2020: 7, 2021: 8, 2022: 10})
    page = board_client.get(reverse("indicator-detail", args=[1])).content.decode()
    assert 'id="chart-gradient"' in page and 'id="chart-inequality"' in page
    assert "Since 2018 the gap has widened significantly." in page
    assert "Progress since the baseline" in page
    place = board_client.get(reverse("place-detail", args=["halton"])).content.decode()
    assert "Inequality within Halton" in place and "Widening" in place
    home = board_client.get(reverse("home")).content.decode()
    assert "The gap within each Place" in home


def test_a_summary_read_for_one_place_holds_that_places_inequality_and_no_others():
    widening_dataset({2018: 5, 2019: 6, 2020: 7, 2021: 8, 2022: 10})
    halton, liverpool = area(HALTON), Area.objects.get(slug="liverpool")
    whole = IndicatorSummary.objects.get(indicator__number=1, sex="Male")
    for_halton = IndicatorSummary.objects.with_inequality_of(halton).get(pk=whole.pk)
    assert "inequality" in for_halton.get_deferred_fields()  # the other Places' figures stay in the database
    assert for_halton.inequality_for(halton) == whole.inequality_for(halton)
    assert for_halton.inequality_for(halton).deprivation.change == "Widening"
    for_liverpool = IndicatorSummary.objects.with_inequality_of(liverpool).get(pk=whole.pk)
    assert for_liverpool.inequality_for(halton) is None and for_liverpool.inequality_entries == {}


def test_every_progress_figure_downloads_as_csv_and_xlsx(board_client):
    widening_dataset({2019: 6, 2020: 7, 2021: 8, 2022: 10, 2023: 10})
    response = board_client.get(reverse("indicator-progress-csv", args=[1]), {"sex": "Male", "age": "All ages"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    figures = {row[0] for row in rows[1:]}
    assert {"Breakdown value", "Slope index of inequality", "Most minus least deprived",
            "Change since baseline"} <= figures
    assert sum(row[0] == "Breakdown value" for row in rows) == 50
    xlsx = board_client.get(reverse("indicator-progress-xlsx", args=[1]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats") and xlsx.content[:2] == b"PK"


def test_a_target_without_its_value_or_percentage_is_refused_with_a_message_and_not_saved():
    indicator = Indicator.objects.get(number=1)
    for kind, field in ((Target.Kind.VALUE, "target_value"), (Target.Kind.CLOSE_GAP, "gap_closed_percent")):
        target = Target(indicator=indicator, kind=kind, target_date=datetime.date(2030, 12, 31),
                        gap_closed_percent=150 if kind == Target.Kind.CLOSE_GAP else None)
        with pytest.raises(ValidationError) as refused:
            target.full_clean()
        assert field in refused.value.message_dict
    assert not Target.objects.exists()
