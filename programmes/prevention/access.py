"""Who makes which organisation's prevention investment return: the one rule, as for anchor evidence.

A person returns for an organisation when the admin ties them to it (a `FinanceLead` row), whatever their group.
The business team signs off every return and may read drafts; others see only approved returns.
"""

from atf_portal.core.access import access_of

from .models import FinanceLead


def organisations_for(user):
    return FinanceLead.respondents_of(user)


def may_respond(user, organisation):
    """`organisation` may be an Organisation or its primary key."""
    return FinanceLead.ties(user, organisation)


def may_review(user):
    return access_of(user).is_business_team


def may_read_return(user, ret):
    if may_review(user) or may_respond(user, ret.organisation_id):
        return True
    return ret.state == ret.State.APPROVED and access_of(user).reads_portal
