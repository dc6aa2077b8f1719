"""Who returns evidence for which organisation: the one rule, used by views, forms, services and commands alike.

A person returns evidence for an organisation when the admin ties them to it (an `AnchorLead` row), whatever
their group. The business team signs off every return and may read drafts; others see only approved returns.
"""

from atf_portal.core.access import access_of
from programmes.models import Organisation

from .models import AnchorLead


def _signed_in(user):
    return user is not None and user.is_authenticated


def organisations_for(user):
    """The organisations this user returns evidence for (a queryset)."""
    if not _signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(anchor_leads__user=user)


def may_respond(user, organisation):
    """`organisation` may be an Organisation or its primary key."""
    return _signed_in(user) and AnchorLead.objects.filter(user=user, organisation=organisation).exists()


def may_review(user):
    return access_of(user).is_business_team


def may_read_return(user, ret):
    """Drafts, submitted and returned returns: their organisation's leads and the business team only; approved
    ones: everyone with a role."""
    if may_review(user) or may_respond(user, ret.organisation_id):
        return True
    return ret.state == ret.State.APPROVED and access_of(user).reads_portal
