"""One place that keeps the stored summaries fresh, whichever path changed their inputs.

An indicator's summary is worked out from its values, its targets and the indicator itself. Saves and deletes of
those (the admin, a service, a plain `create`) reach `summaries_changed` through signals; the writes that send no
signal (the import flow's raw SQL, a Fingertips fetch, the demo loader, a queryset's `update` or `bulk_create`)
call it themselves (a queryset's writes through the `summary_inputs_changed` signal of indicators.models,
which sits below this module). Inside a transaction the refresh waits for the commit and happens once, however many rows
changed; a writer that wants its readers never to see new values beside an old summary asks for it `now`, inside
its own transaction.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from atf_portal.core import transactions
from indicators.models import Indicator, IndicatorValue, Target, summary_inputs_changed
from indicators.summary.analysis import refresh_summaries


class _Pending(transactions.Hook):
    """The indicators this transaction changed and has not yet refreshed; a rollback drops it with the changes."""

    def __init__(self):
        self.indicator_ids = set()
        self.spent = False

    def __call__(self):
        # Spent once run: a test running the commit's hooks early stays inside its transaction, and a later change
        # there must queue a hook of its own.
        self.spent = True
        if self.indicator_ids:
            _refresh(self.indicator_ids)


def summaries_changed(indicator_ids, now=False):
    """Refresh the summaries of these indicators: at the commit (now, in autocommit), or at once when `now`."""
    indicator_ids = {pk for pk in indicator_ids if pk is not None}
    if not indicator_ids:
        return
    connection = transaction.get_connection()
    if now or not connection.in_atomic_block:
        pending = transactions.current(_Pending)
        if pending is not None:
            pending.indicator_ids -= indicator_ids  # refreshed here; the commit need not do them again
            pending.spent = not pending.indicator_ids
        _refresh(indicator_ids)
        return
    pending = transactions.current(_Pending)
    if pending is None or pending.spent:
        pending = _Pending()
        transaction.on_commit(pending)
    pending.indicator_ids |= indicator_ids


def _refresh(indicator_ids):
    with transaction.atomic():
        refresh_summaries(indicator_ids)


def _value_or_target_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # a fixture or a restored backup loads its summaries as they were
        summaries_changed([instance.indicator_id])


def _indicator_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        summaries_changed([instance.pk])


def _rows_written(sender, indicator_ids, **kwargs):
    summaries_changed(indicator_ids)


def connect_signals():
    for signal in (post_save, post_delete):
        signal.connect(_indicator_saved, sender=Indicator, dispatch_uid="atf-summary-indicator")
        for model in (IndicatorValue, Target):
            signal.connect(_value_or_target_saved, sender=model, dispatch_uid=f"atf-summary-{model.__name__}")
    summary_inputs_changed.connect(_rows_written, dispatch_uid="atf-summary-rows")
