"""Who acts for which level: the one object-level rule for Places, used by views, forms and services alike.

The business team (and a superuser, and the command line, which has no user) act for every level; a Marmot
lead acts only for the one Place their account is tied to. Each answer comes from the user's memoised Access
(atf_portal/core/access.py), so checking every row of a workbook costs no more queries than checking one.
"""

from atf_portal.core.access import access_of


def own_place(user):
    """The only Place this user may act for, or None when they may act for every level (or none at all)."""
    if acts_for_every_level(user):
        return None
    lead = access_of(user).place_lead
    return lead.place if lead else None


def acts_for_every_level(user):
    return user is None or access_of(user).is_business_team


def may_act_for(user, level):
    return acts_for_every_level(user) or own_place(user) == level


def may_act_at_all(user):
    return acts_for_every_level(user) or own_place(user) is not None
