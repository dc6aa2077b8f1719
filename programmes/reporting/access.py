"""Who reports on which programme: the one rule, used by views, forms, services and commands alike.

A person reports on a programme when the admin ties them to it (a `ProgrammeLead` row), whatever their group.
The business team reviews every update and may read drafts; others see only approved updates.
"""

from atf_portal.core.roles import is_business_team
from programmes.models import Programme

from .models import ProgrammeLead


def programmes_for(user):
    """The programmes this user reports on (a queryset)."""
    if user is None or not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(leads__user=user)


def may_report_on(user, programme):
    if user is None or not user.is_authenticated:
        return False
    return ProgrammeLead.objects.filter(user=user, programme=programme).exists()


def may_review(user):
    return user is not None and user.is_authenticated and is_business_team(user)


def is_lead(user):
    return user is not None and user.is_authenticated and ProgrammeLead.objects.filter(user=user).exists()


def may_read_update(user, update):
    """Drafts and returned updates: their lead and the business team only; approved ones: everyone with a role."""
    if may_review(user) or may_report_on(user, update.programme_id):
        return True
    return update.state == update.State.APPROVED and user.has_perm("programmes.view_programme")
