"""Who acts for which plan: the one rule, used by views, forms, the kind and the import alike.

A plan is assessed by the Marmot lead of its Place, or by a person the admin names as its plan lead (a `PlanLead`
row). A Marmot lead records plans, neighbourhoods, measures and local indicators only for their own Place; the
business team records them for any Place and signs off every assessment. Approved assessments are for every
signed-in role; drafts, submitted and returned ones only for those who make or sign them off.
"""

from atf_portal.core.access import access_of
from places import access as places_access

from .models import PlanLead


def leads_place(user, place_id):
    """Whether the user is the Marmot lead of this Place (by the Place's primary key)."""
    lead = access_of(user).place_lead
    return lead is not None and lead.place_id == place_id


def may_respond(user, plan):
    """Whether the user assesses this plan: its Place's Marmot lead, or a plan lead the admin named."""
    return leads_place(user, plan.place_id) or PlanLead.ties(user, plan)


def may_record_for(user, place):
    """Whether the user records plans and measures for this Place: its Marmot lead, or the business team."""
    return access_of(user).is_business_team or leads_place(user, place.pk)


def may_edit_plan(user, plan):
    return may_record_for(user, plan.place) or PlanLead.ties(user, plan)


def may_review(user):
    return access_of(user).is_business_team


def may_read_assessment(user, ret):
    if may_review(user) or may_respond(user, ret.plan):
        return True
    return ret.state == ret.State.APPROVED and access_of(user).reads_portal


def may_import_for(user, place):
    """Local indicator values: the Place's lead or the business team (places/access.py's rule for a level)."""
    return places_access.may_act_for(user, place)
