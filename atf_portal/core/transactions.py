"""Work done once per transaction, remembered in a way a rollback forgets.

What a transaction has already done (bumped the page cache's version, queued a summary refresh) is remembered as
a hook in its on-commit list. Django drops a hook when the transaction or the savepoint that added it is rolled
back, which is exactly when the work it stands for is rolled back too; and the list is emptied on commit. So a
stale "already done" can never reach the next transaction, however it ended.
"""

from django.db import transaction


class Hook:
    """A callable for `transaction.on_commit` that can be found again while its transaction runs."""

    def __call__(self):
        pass


def current(kind, using=None):
    """The latest hook of this kind in the current transaction, or None (always None in autocommit)."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return None
    # Django keeps (savepoint ids, callable, robust) per hook; the list is the only record of what a rollback kept.
    return next((func for _, func, _ in reversed(connection.run_on_commit) if isinstance(func, kind)), None)


def hooks(kind, using=None):
    """Every hook of this kind in the current transaction."""
    connection = transaction.get_connection(using)
    return [func for _, func, _ in connection.run_on_commit if isinstance(func, kind)]
