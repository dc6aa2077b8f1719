"""The programme-updates kind's reads beyond the engine's steps (which are bound to the kind: `UPDATES.submit`)."""

from atf_portal.returns import tallies

from .kind import UPDATES


def current_round_by_theme(today=None):
    """(the open period ending last, {theme number: Tally}) for the home page's cards; (None, {}) when none is open."""
    return tallies.current_round(UPDATES, "themes", today)
