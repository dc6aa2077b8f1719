"""What happens to a programme's update, in the words the reporting pages and commands use: the return engine's
steps (atf_portal/returns) for the programme-updates kind. Who may take each step is `access.py`."""

from atf_portal.returns import services as engine
from atf_portal.returns import tallies
from atf_portal.returns.services import Locked  # noqa: F401 (the reporting pages' and tests' name for a refusal)

from . import access  # noqa: F401 (read through here by tests and commands)
from .kind import UPDATES


def update_for(period, programme, user):
    """The programme's update for the period, started as an unsaved draft when there is none yet."""
    return engine.return_for(UPDATES, period, programme, user)


def save_draft(update, user, data):
    return engine.save_draft(UPDATES, update, user, data)


def submit(update, user, data):
    return engine.submit(UPDATES, update, user, data)


def return_update(update, user, reason):
    return engine.send_back(UPDATES, update, user, reason)


def approve(update, user):
    return engine.approve(UPDATES, update, user)


def completeness(period, today=None):
    """{"themes": [(theme number, title, Tally)], "boards": [(board, Tally)], "total": Tally}."""
    return tallies.completeness(UPDATES, period, today)


def current_round_by_theme(today=None):
    """(the open period ending last, {theme number: Tally}) for the home page's cards; (None, {}) when none is open."""
    return tallies.current_round(UPDATES, "themes", today)
