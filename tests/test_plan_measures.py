"""The plan's own targets as proposed structured measures quoting their words and line; a baseline is optional, and
a measure without one says so and is judged against its target alone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atf_portal.seed.bootstrap import bootstrap
from programmes.models import Programme
from programmes.reporting.models import Measure

pytestmark = pytest.mark.django_db

PROPOSED = {
    ("1/06", 95, None, "001:37"), ("6/01", 80, datetime.date(2025, 3, 31), "001:291"),
    ("6/01", 65, datetime.date(2025, 3, 31), "001:294"), ("6/03", 150000, datetime.date(2026, 12, 31), "001:339-343"),
    ("3/04", 80, None, "001:125-131"), ("5/01", 5, None, "001:232"), ("5/01", 0, None, "001:232"),
    ("7/03", 100, datetime.date(2025, 3, 31), "001:524-526"),
}


def test_the_plans_quantified_aims_are_proposed_measures_quoting_their_words_and_line():
    measures = Measure.objects.select_related("programme")
    assert {(m.programme.source_ref.removeprefix("DP2024-25/"), m.target_value, m.target_date, m.source)
            for m in measures} == PROPOSED
    assert set(measures.values_list("state", flat=True)) == {Measure.State.PROPOSED}
    assert not measures.filter(baseline_value__isnull=False).exists()  # the plan gives none of them a baseline
    for measure in measures:
        assert " ".join(measure.source_text.split()) in " ".join(
            f"{measure.programme.outline} {measure.programme.measures}".split()), measure.source


def test_a_proposed_measure_the_team_deleted_is_not_proposed_again():
    Measure.objects.filter(source="001:37").delete()
    assert bootstrap()["proposed measures"] == 0
    assert not Measure.objects.filter(source="001:37").exists()


def test_a_measure_without_a_baseline_is_judged_against_its_target_alone():
    hypertension = Measure.objects.get(source="001:291")
    assert hypertension.expected_at(datetime.date(2024, 10, 1)) == 80
    assert not hypertension.is_off_track(50, datetime.date(2024, 12, 31))  # no line to be behind before the date
    assert hypertension.is_off_track(78, datetime.date(2025, 3, 31))
    assert not hypertension.is_off_track(81, datetime.date(2025, 3, 31))
    beds = Measure.objects.get(source="001:232", target_value=5)
    assert not beds.is_off_track(9, datetime.date(2030, 1, 1))  # no date: nothing says it is late


def test_a_baseline_is_a_value_and_a_date_or_neither():
    measure = Measure.objects.get(source="001:291")
    measure.baseline_value = 70
    with pytest.raises(ValidationError):
        measure.full_clean()
    measure.baseline_date = datetime.date(2024, 3, 31)
    measure.full_clean()
    assert measure.expected_at(datetime.date(2024, 9, 29)) == pytest.approx(75, abs=0.1)


def test_the_measures_page_says_a_measure_has_no_baseline_and_quotes_its_line(board_client):
    cvd = Programme.objects.get(source_ref="DP2024-25/6/01")
    page = board_client.get(reverse("programme-measures", args=[cvd.pk])).content.decode()
    assert "No baseline given:\n    judged against its target alone" in page
    assert "Proposed from the plan" in page and "(Delivery Plan 2024-25, line 291)" in page
