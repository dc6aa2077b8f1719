"""The stored gap flags and theme figures: a read model of every flag and of each theme's figures, which the pages
read while it is current, and its refresh, which the task worker runs on every turn of its loop (settings.READ_MODELS).

Running every rule costs a page tens of milliseconds at the partnership's full size, every time the page is drawn
afresh. Stored, the flags are one query. The store holds the flags of the whole portal and the current plan edition,
worked out on one day at one data version; it answers only while both are today's (every write moves the version
on: atf_portal/core/pagecache.py), so between a write and the worker's next turn (two seconds) a page works its
flags out itself, as before, and never shows stale ones. A theme's flags are the stored ones of that theme, less the
kinds that are only raised for the whole portal; a board's, another edition's or another day's are always worked
out. The themes' figures (their coherence and delivery counts, a subquery each: about 10 ms of the home page's 45 at
full size, most of it Django building the query) are held on the store's one row, on the same terms.
tests/test_flag_store.py holds the stored flags to the rules' own for every scope, and the stored figures to the live
ones."""

import logging

from django.db import connection, transaction
from django.utils import timezone

from atf_portal.core import pagecache
from atf_portal.framework.models import Theme
from programmes.services import with_delivery

from . import coherence
from .gaps import RULES, Flag, Scope, computed
from .models import FlagStore, StoredFlag

logger = logging.getLogger("atf_portal.dashboard")
FIELDS = ("kind", "subject", "sentence", "theme", "key_number", "key_text", "object_pk")


def stored(scope, kinds=None):
    """The flags of `scope` (only `kinds`, if given) from the store, or None when the store cannot answer for it."""
    found = rows(scope, kinds)
    return None if found is None else flags_of(found)


def rows(scope, kinds=None):
    """The stored rows of `scope`'s flags, in the rules' order, for a caller that counts or slices them in SQL (the
    triage); None when the store cannot answer for it."""
    if scope.board is not None or scope.edition is not None or scope.today != timezone.localdate():
        return None
    if scope.store is None:
        return None
    found = StoredFlag.objects.all()
    if scope.theme is not None:
        found = found.filter(theme=scope.theme).exclude(kind__in=[k for k, r in RULES.items() if r.whole_portal])
    return found.filter(kind__in=kinds) if kinds else found


def current():
    """The store's one row while what it holds is today's and of the current data version, else None."""
    state = FlagStore.objects.first()
    return state if state is not None and state.holds(timezone.localdate(), pagecache.version()) else None


def themes(scope):
    """Every theme with the figures `theme_figures` gives it, from the store as `scope` found it, or None when the
    store cannot answer."""
    state = scope.store
    return [_figured(theme, state) for theme in Theme.objects.all()] if state and state.figures else None


def theme(theme, scope):
    """The theme with its stored figures, from the store as `scope` found it, or None when the store cannot answer."""
    state = scope.store
    return _figured(theme, state) if state and state.figures else None


def _figured(theme, state):
    for name, value in state.figures[str(theme.pk)].items():
        setattr(theme, name, value)
    return theme


def theme_figures(today):
    """{theme pk: {figure: number}}: each theme's programme counts and coherence figures (themes_with_figures) and
    its delivery (with_delivery) in the current edition, as the home and theme pages read them."""
    found = with_delivery(coherence.themes_with_figures(), today)
    names = list(found.query.annotations)
    return {str(theme["pk"]): {name: theme[name] for name in names} for theme in found.values("pk", *names)}


def flags_of(found):
    """The Flags of stored rows."""
    return [Flag(kind, subject, sentence, theme, number if number is not None else text or None, pk)
            for kind, subject, sentence, theme, number, text, pk in found.values_list(*FIELDS)]


def refresh(today=None):
    """Work every flag out again and store it, unless the store is current already: whether it did. The version is
    read before the rules run, so a write that lands while they run leaves the store behind, and the next turn
    works them out again. Two workers may both work them out; the row lock lets one store them."""
    today = today or timezone.localdate()
    version = pagecache.version() or pagecache.bump()
    state = FlagStore.objects.first()
    if state is not None and state.holds(today, version):
        return False
    flags, figures = computed(Scope(None, None, today)), theme_figures(today)
    with transaction.atomic():
        FlagStore.objects.get_or_create(pk=1, defaults={"version": "", "on": today, "refreshed_at": timezone.now()})
        state = FlagStore.objects.select_for_update().get(pk=1)
        if state.holds(today, version):
            return False
        with connection.cursor() as cursor:
            # One statement: a queryset's delete() fetches every row first to send its signals.
            cursor.execute(f"DELETE FROM {StoredFlag._meta.db_table}")
        StoredFlag.objects.bulk_create((_row(flag) for flag in flags), batch_size=500)
        FlagStore.objects.filter(pk=1).update(version=version, on=today, refreshed_at=timezone.now(), figures=figures)
    return True


def _row(flag):
    number = flag.key if isinstance(flag.key, int) else None
    text = "" if number is not None or flag.key is None else str(flag.key)
    return StoredFlag(kind=flag.kind, subject=flag.subject, sentence=flag.sentence, theme=flag.theme,
                      key_number=number, key_text=text, object_pk=flag.pk)


def refresh_in_worker():
    """The worker's turn: a failure is logged and tried again next turn, and the pages work the flags out meanwhile."""
    try:
        refresh()
    except Exception:
        logger.exception("The stored gap flags could not be worked out again")
