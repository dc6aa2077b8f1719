"""Plan editions: the 2024-25 plan is one edition; the next is started from it, each kept row carried forward and
linked to its predecessor; pages, rounds, gap flags, coherence and monitoring belong to an edition."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from atf_portal.dashboard import coherence
from atf_portal.dashboard.gaps import GapKind, gaps
from atf_portal.jobs.models import Job
from programmes import carry, monitoring
from programmes.models import PlanEdition, Programme
from programmes.reporting.kind import UPDATES
from programmes.reporting.models import ReportingPeriod

from .conftest import run_worker_once

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def first_edition():
    return PlanEdition.objects.get(start_year=2024)


def start_2025_26(user=None, drop=(), make_current=True):
    source = first_edition()
    keep = source.programmes.exclude(source_ref__in=[f"DP2024-25/{ref}" for ref in drop]).values_list("pk", flat=True)
    return carry.start_edition(source, 2025, "Annual Delivery Plan 2025-2026", "HCP board, 14 January 2026",
                               list(keep), user, make_current)


def snapshot(programmes):
    links = {p.pk: {name: sorted(getattr(p, name).values_list("pk", flat=True)) for name in carry.LINKS}
             for p in programmes}
    return list(programmes.values()), links, Programme.history.filter(id__in=programmes).count()


def test_the_seeded_plan_is_the_current_2024_25_edition_of_58_rows_from_the_plans_own_title():
    edition = first_edition()
    assert (edition.years, edition.is_current, edition.source, edition.programmes.count()) == (
        "2024-25", True, "001:5-7", 58)
    assert not Programme.objects.exclude(edition=edition).exists()


def test_starting_2025_26_carries_each_kept_row_linked_to_its_predecessor_and_changes_nothing_else(business_user):
    old_rows = first_edition().programmes.all()
    before = snapshot(old_rows)
    edition, carried = start_2025_26(business_user, drop=["3/10"])
    assert snapshot(first_edition().programmes.all()) == before  # the 2024-25 rows, links and history as they were
    assert len(carried) == 57 and edition.carried_from == first_edition() and edition.is_current
    assert not first_edition().is_current
    scoping = Programme.objects.get(source_ref="DP2025-26/4/02")
    old = Programme.objects.get(source_ref="DP2024-25/4/02")
    assert (scoping.predecessor, scoping.edition, scoping.name, scoping.status, scoping.status_quote) == (
        old, edition, old.name, old.status, old.status_quote)
    for name in carry.LINKS:
        assert set(getattr(scoping, name).all()) == set(getattr(old, name).all()), name
    [record] = scoping.history.all()
    assert record.history_change_reason == "Carried forward from DP2024-25/4/02 into Delivery Plan 2025-26"
    assert record.history_user == business_user
    assert not Programme.objects.filter(source_ref="DP2025-26/3/10").exists()  # dropped: not carried


def test_a_repeated_row_carried_with_its_twin_repeats_the_new_twin():
    start_2025_26()
    twin = Programme.objects.get(source_ref="DP2025-26/3/10")
    assert twin.repeats == Programme.objects.get(source_ref="DP2025-26/3/07")


def test_a_row_the_team_added_is_referred_to_by_its_edition_and_number():
    edition, _ = start_2025_26()
    added = Programme.objects.create(theme_id=Programme.objects.first().theme_id, name="A new programme")
    assert added.edition == edition
    assert added.reference == f"DP2025-26/#{added.pk}"


def test_the_preview_lists_every_row_ticked_and_the_team_may_drop_rows(business_client):
    page = business_client.get(reverse("edition-start")).content.decode()
    assert "Preview: 58 rows to carry forward" in page
    assert page.count('name="keep"') == 58 and page.count(" checked>") == 58
    keep = list(first_edition().programmes.exclude(source_ref="DP2024-25/8/04").values_list("pk", flat=True))
    response = business_client.post(reverse("edition-start"), {
        "start_year": 2025, "title": "Annual Delivery Plan 2025-2026", "basis": "HCP board, 14 January 2026",
        "keep": keep, "make_current": "on"})
    assert response.status_code == 302
    run_worker_once()
    assert PlanEdition.objects.get(start_year=2025).programmes.count() == 57
    assert not Programme.objects.filter(source_ref="DP2025-26/8/04").exists()


def roll_over_from_the_page(client, drop="DP2024-25/8/04"):
    keep = list(first_edition().programmes.exclude(source_ref=drop).values_list("pk", flat=True))
    return client.post(reverse("edition-start"), {
        "start_year": 2025, "title": "Annual Delivery Plan 2025-2026", "basis": "HCP board, 14 January 2026",
        "keep": keep, "make_current": "on"})


def test_a_roll_over_queued_from_the_page_and_run_by_the_worker_gives_the_new_edition(business_client,
                                                                                      business_user):
    response = roll_over_from_the_page(business_client)
    job = Job.objects.get()
    assert response["Location"] == reverse("job-detail", args=[job.pk])
    assert (job.status, job.started_by) == ("queued", business_user)
    assert job.label == "Start the 2025-26 edition from 2024-25"
    assert PlanEdition.objects.count() == 1  # nothing written until the worker runs it
    run_worker_once()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    edition = PlanEdition.objects.get(start_year=2025)
    assert (edition.is_current, edition.carried_from, edition.source) == (
        True, first_edition(), "HCP board, 14 January 2026")
    assert edition.programmes.count() == 57 and not edition.programmes.filter(predecessor=None).exists()
    assert Programme.history.filter(edition=edition).get(source_ref="DP2025-26/4/02").history_user == business_user
    page = business_client.get(response["Location"]).content.decode()
    assert "Started Delivery Plan 2025-26: 57 rows carried forward from 2024-25, 1 dropped." in page
    assert "It is now the current edition." in page


def test_a_roll_over_interrupted_half_way_changes_nothing_and_can_be_started_again(business_client):
    rows, records = Programme.objects.count(), Programme.history.count()
    roll_over_from_the_page(business_client)
    real = carry.PROGRAMME_HISTORY.create_historical_record
    written = []

    def stop_at_the_tenth_record(*args, **kwargs):
        if len(written) == 9:
            raise OSError("the worker's machine went away")
        written.append(real(*args, **kwargs))

    with mock.patch.object(carry.PROGRAMME_HISTORY, "create_historical_record", side_effect=stop_at_the_tenth_record):
        run_worker_once()
    failed = Job.objects.get()
    assert len(written) == 9 and failed.status == "failed" and "Nothing was changed" in failed.error
    assert (PlanEdition.objects.count(), Programme.objects.count(), Programme.history.count()) == (1, rows, records)
    assert first_edition().is_current

    business_client.post(reverse("job-retry", args=[failed.pk]))
    run_worker_once()
    assert Job.objects.exclude(pk=failed.pk).get().status == "succeeded"
    assert PlanEdition.objects.get(start_year=2025).programmes.count() == 57


def test_a_second_roll_over_is_refused_while_the_first_is_waiting(business_client):
    roll_over_from_the_page(business_client)
    refused = roll_over_from_the_page(business_client, drop=None)
    assert refused["Location"] == reverse("edition-start")
    assert "is already waiting to start" in business_client.get(refused["Location"]).content.decode()
    assert Job.objects.count() == 1


def test_a_roll_over_finds_the_year_taken_since_it_was_queued_and_starts_nothing(business_client):
    roll_over_from_the_page(business_client)
    start_2025_26(make_current=False)
    run_worker_once()
    job = Job.objects.get()
    assert (job.status, job.error) == ("failed", "An edition starting in 2025 already exists: nothing was started.")
    assert PlanEdition.objects.get(start_year=2025).programmes.count() == 58


def test_an_edition_starts_after_the_one_it_comes_from(business_client):
    response = business_client.post(reverse("edition-start"), {
        "start_year": 2024, "title": "Again", "basis": "No", "keep": []})
    assert "The next edition starts after 2024-25." in response.content.decode()
    assert PlanEdition.objects.count() == 1


def test_pages_default_to_the_current_edition_with_a_switcher_to_the_others(board_client, no_page_cache):
    start_2025_26(drop=["8/04", "8/03"])
    page = board_client.get(reverse("programme-list")).content.decode()
    assert "Showing the <strong>Delivery Plan 2025-26</strong>" in page and '?edition=2024">2024-25' in page
    listed = board_client.get(reverse("programme-list")).context["table"].data
    assert len(listed) == 56 and {p.edition.start_year for p in listed} == {2025}
    older = board_client.get(reverse("programme-list"), {"edition": 2024}).context["table"].data
    assert len(older) == 58


def test_a_programme_page_shows_its_row_in_each_edition(board_client, django_assert_num_queries, no_page_cache):
    start_2025_26()
    old = Programme.objects.get(source_ref="DP2024-25/1/09")
    new = Programme.objects.get(source_ref="DP2025-26/1/09")
    page = board_client.get(new.get_absolute_url()).content.decode()
    assert "This programme in each edition" in page
    assert f'<a href="{old.get_absolute_url()}">DP2024-25/1/09</a>' in page and "DP2025-26/1/09 (this page)" in page
    page = board_client.get(old.get_absolute_url()).content.decode()
    assert "Row DP2024-25/1/09 of the Delivery Plan 2024-25" in page
    # The lineage costs one query per edition it walks (two here) on top of the page's own; the page's "what works"
    # section reads the approved evidence about the programme (2).
    with django_assert_num_queries(21):
        board_client.get(new.get_absolute_url())


def test_the_programme_list_costs_the_same_queries_in_either_edition(board_client, django_assert_num_queries,
                                                                       no_page_cache):
    start_2025_26()
    for edition in (2024, 2025):
        board_client.get(reverse("programme-list"), {"edition": edition})
        with django_assert_num_queries(14):  # the editions for the switcher: one query, whichever is shown
            board_client.get(reverse("programme-list"), {"edition": edition})


def test_rounds_belong_to_an_edition():
    earlier = ReportingPeriod.objects.create(name="2025-26 Q4", start=datetime.date(2026, 1, 1),
                                             end=datetime.date(2026, 3, 31), due_date=datetime.date(2026, 4, 15))
    edition, _ = start_2025_26(drop=["1/01"])
    later = ReportingPeriod.objects.create(name="2026-27 Q3", start=datetime.date(2026, 10, 1),
                                           end=datetime.date(2026, 12, 31), due_date=datetime.date(2027, 1, 15))
    assert (earlier.edition, later.edition) == (first_edition(), edition)
    assert set(UPDATES.respondents(earlier).values_list("edition__start_year", flat=True)) == {2024}
    assert set(UPDATES.respondents(later).values_list("edition__start_year", flat=True)) == {2025}
    assert UPDATES.respondents(earlier).count() == UPDATES.respondents(later).count() + 1


def test_gap_flags_belong_to_an_edition():
    start_2025_26()
    new = Programme.objects.get(source_ref="DP2025-26/1/01")
    old = Programme.objects.get(source_ref="DP2024-25/1/01")
    unlinked = GapKind.PROGRAMME_NO_MILESTONE
    assert new.pk in {f.pk for f in gaps(kinds=[unlinked])} and old.pk not in {f.pk for f in gaps(kinds=[unlinked])}
    older = {f.pk for f in gaps(kinds=[unlinked], edition=first_edition())}
    assert old.pk in older and new.pk not in older


def test_a_round_opened_in_one_edition_flags_only_that_editions_rows():
    ReportingPeriod.objects.create(name="2025-26 Q4", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31),
                                   due_date=datetime.date(2026, 4, 15), is_open=True)
    start_2025_26()
    assert gaps(kinds=[GapKind.UPDATE_DUE], today=TODAY) == []  # the open round is 2024-25's
    due = gaps(kinds=[GapKind.UPDATE_DUE], today=TODAY, edition=first_edition())
    assert due and {Programme.objects.get(pk=f.pk).edition.start_year for f in due} == {2024}


def test_coherence_and_monitoring_belong_to_an_edition():
    edition, _ = start_2025_26(drop=["6/03"])
    active = Programme.objects.get(source_ref="DP2024-25/6/03")
    names = {row["programme"].pk for group in monitoring.monitoring_groups(TODAY) for row in group["rows"]
             if row["programme"]}
    assert active.pk not in names and len(names) == 57
    older = {row["programme"].pk for group in monitoring.monitoring_groups(TODAY, edition=first_edition())
             for row in group["rows"] if row["programme"]}
    assert active.pk in older
    themes = {t.number: t.programme_count for t in coherence.themes_with_figures()}
    assert themes[6] == 3
    assert {t.number: t.programme_count for t in coherence.themes_with_figures(first_edition())}[6] == 4
