"""The stored gap flags: the same flags as the rules raise, read only while they are current."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from atf_portal.core import pagecache
from atf_portal.dashboard import flag_store
from atf_portal.dashboard.coherence import themes_with_figures
from atf_portal.dashboard.gaps import RULES, GapKind, Scope, Severity, computed, flags_in, gaps
from atf_portal.dashboard.models import FlagAcknowledgement, FlagStore, StoredFlag
from atf_portal.dashboard.triage import FIRST_ACT_NOW, FIRST_YOURS, fingerprint, triage
from atf_portal.framework.models import Theme
from programmes.models import Programme
from programmes.services import with_delivery
from stocktake.services import import_file

from .conftest import run_worker_once
from .stocktake_files import consolidated, row
from .test_dashboard_pages import dashboard_urls, grow

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def scopes():
    """The whole portal, each theme, and one kind of each severity on its own."""
    kinds = [GapKind.PROGRAMME_UNLINKED, GapKind.RECOMMENDATION_UNCOVERED, GapKind.ACTION_OVERDUE]
    return [(Scope(None, None, TODAY), None), *((Scope(theme.number, None, TODAY), None)
                                                for theme in Theme.objects.all()),
            *((Scope(None, None, TODAY), [kind]) for kind in kinds), (Scope(2, None, TODAY), kinds)]


def test_the_stored_flags_are_the_rules_own_for_the_whole_portal_each_theme_and_chosen_kinds():
    assert flag_store.refresh()
    for scope, kinds in scopes():
        found = flag_store.stored(scope, kinds)
        assert found is not None and found == computed(scope, kinds), (scope.theme, kinds)
    assert len(flags_in(Scope(None, None, TODAY))) == StoredFlag.objects.count() > 100
    # Every kind the seeded plan raises, with its page and fix links, survives the store.
    assert {flag.url for flag in gaps()} == {flag.url for flag in computed(Scope(None, None, TODAY))}


def test_a_write_leaves_the_store_behind_and_the_pages_work_the_flags_out_until_the_next_refresh():
    flag_store.refresh()
    Programme.objects.create(theme=Theme.objects.get(number=1), name="A programme linked to nothing")
    assert flag_store.stored(Scope(None, None, TODAY)) is None
    assert "A programme linked to nothing" in {flag.subject for flag in gaps(kinds=[GapKind.PROGRAMME_UNLINKED])}
    assert flag_store.refresh() and not flag_store.refresh()  # once, then current
    assert "A programme linked to nothing" in {flag.subject for flag in flag_store.stored(
        Scope(None, None, TODAY), [GapKind.PROGRAMME_UNLINKED])}


def test_another_day_a_board_or_another_edition_is_worked_out_not_read_from_the_store():
    flag_store.refresh()
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert flag_store.stored(Scope(None, None, tomorrow)) is None
    assert flag_store.stored(Scope(None, object(), TODAY)) is None
    assert flag_store.stored(Scope(None, None, TODAY, edition=object())) is None
    assert flag_store.refresh(tomorrow) and FlagStore.objects.get().on == tomorrow


def test_storing_the_flags_does_not_move_the_data_version_on():
    version = pagecache.version() or pagecache.bump()
    assert flag_store.refresh()
    assert cache.get(pagecache.VERSION_KEY) == version


def test_the_worker_brings_the_store_up_to_date_on_its_turn():
    assert not FlagStore.objects.exists()
    run_worker_once()
    assert flag_store.stored(Scope(None, None, TODAY)) == computed(Scope(None, None, TODAY))


def test_theme_flags_leave_out_the_kinds_raised_only_for_the_whole_portal():
    flag_store.refresh()
    whole_portal = {kind for kind, found in RULES.items() if found.whole_portal}
    assert whole_portal & {flag.kind for flag in gaps()}  # the seeded plan raises some
    assert not whole_portal & {flag.kind for flag in gaps(theme=1)}


def test_the_stored_theme_figures_are_the_live_ones_until_a_write_leaves_them_behind():
    live = with_delivery(themes_with_figures())
    names = list(live.query.annotations)
    assert "programme_count" in names and "overdue_milestones" in names
    flag_store.refresh()
    stored = flag_store.themes(Scope(None, None, TODAY))
    assert [tuple(getattr(theme, name) for name in ["pk", *names]) for theme in stored] == list(
        live.values_list("pk", *names))
    first = flag_store.theme(Theme.objects.get(number=1), Scope(1, None, TODAY))
    assert first.programme_count == stored[0].programme_count > 0
    Programme.objects.create(theme=Theme.objects.get(number=1), name="A programme the figures must count")
    assert flag_store.themes(Scope(None, None, TODAY)) is None
    assert flag_store.theme(Theme.objects.get(number=1), Scope(1, None, TODAY)) is None


def acknowledge_first(severity):
    """An acknowledgement in force for the first flag of `severity`: the store's triage counts it apart too."""
    flag = next(f for f in computed(Scope(None, None, TODAY)) if f.severity == severity)
    FlagAcknowledgement.objects.create(kind=flag.kind, object_key=flag.object_key, fingerprint=fingerprint(flag),
                                       sentence=flag.sentence, reason="Waits for the refresh.",
                                       review_on=TODAY + datetime.timedelta(days=30))
    return flag


@pytest.mark.parametrize("role", ["business_user", "programme_lead_user", "lead_user", "board_user"])
def test_the_triage_counted_over_the_stored_flags_is_the_triage_of_the_rules_own_for_each_role(request, role):
    user = request.getfixturevalue(role)
    import_file("s.xlsx", consolidated([row("Theme 1", l8="Family hubs")]))  # Liverpool's lead has a flag of theirs
    acknowledged = [acknowledge_first(Severity.ACT_NOW), acknowledge_first(Severity.PLAN)]
    flag_store.refresh()
    for theme in (None, acknowledged[0].theme, acknowledged[1].theme):
        scope = Scope(theme, None, TODAY)
        assert flag_store.rows(scope) is not None
        stored = triage(theme=theme, user=user)
        assert stored == triage(flags=computed(scope), user=user), theme
    whole = triage(user=user)
    assert sum(count.acknowledged for count in whole.counts) == 2
    assert len(whole.act_now) == FIRST_ACT_NOW and acknowledged[0] not in whole.act_now
    assert bool(whole.yours) == (role != "board_user")  # each lead's own: their programme's, their Place's
    if role == "business_user":  # more than the home page names
        assert whole.yours_open > len(whole.yours) == FIRST_YOURS


# With the store current, the home and theme pages count the flags in SQL and the gap page reads them in one query,
# instead of running every rule, and the home and theme pages take the themes' figures from the store's row they
# read for the flags; the counts hold as the data grows. The theme page reads its areas once, for all three uses.
# (tests/test_dashboard_pages.py counts them with the store behind.)
@pytest.mark.parametrize(("name", "queries"), [("home", 19), ("theme", 28), ("gaps", 11)])
def test_with_the_store_current_the_pages_read_the_flags_in_fixed_queries(board_client, django_assert_num_queries,
                                                                         settings, name, queries):
    settings.PAGE_CACHE = False
    url = dict(zip(["home", "theme", "gaps"], dashboard_urls(), strict=False))[name]
    flag_store.refresh()
    board_client.get(url)
    with django_assert_num_queries(queries):
        board_client.get(url)
    grow()
    flag_store.refresh()
    with django_assert_num_queries(queries):
        board_client.get(url)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite has no row locks and the in-memory test database is not shared between threads")
def test_two_workers_refreshing_at_once_on_postgresql_store_the_flags_once(committed_db):
    pagecache.bump()  # a version both read, as two workers on a running portal would
    barrier, stored_by = threading.Barrier(2), []

    def work():
        try:
            barrier.wait()
            stored_by.append(flag_store.refresh())
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(stored_by) == [False, True]  # the second found them current once it had the lock
    assert StoredFlag.objects.count() == len(computed(Scope(None, None, TODAY)))
    assert flag_store.stored(Scope(None, None, TODAY)) == computed(Scope(None, None, TODAY))
