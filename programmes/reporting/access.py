"""Who reports on which programme: the one rule, used by views, forms, services and commands alike.

A person reports on a programme when the admin ties them to it (a `ProgrammeLead` row), whatever their group.
The business team reviews every update and may read drafts; others see only approved updates. The user's roles
come from their memoised Access (atf_portal/core/access.py): one query each per request, however often asked.
"""

from atf_portal.core.access import access_of

from .models import ProgrammeLead


def programmes_for(user):
    """The programmes this user reports on (a queryset)."""
    return ProgrammeLead.respondents_of(user)


def may_report_on(user, programme):
    """programme: a Programme or its id."""
    programme_id = getattr(programme, "pk", programme)
    return programme_id in access_of(user).led_programme_ids


def may_review(user):
    return access_of(user).is_business_team


def is_lead(user):
    return bool(access_of(user).led_programme_ids)


def may_read_update(user, update):
    """Drafts and returned updates: their lead and the business team only; approved ones: everyone who reads the
    portal."""
    if may_review(user) or may_report_on(user, update.programme_id):
        return True
    return update.state == update.State.APPROVED and access_of(user).reads_portal
