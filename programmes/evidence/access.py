"""Who adds and changes evidence, and who reads it: the one rule, used by views, forms, the kind and templates.

Programme leads add evidence for the programmes the admin ties them to, Marmot leads for their Place, the business
team for anything. A record not yet approved is read only by those who may change it and by the business team.
"""

from django.db.models import Q

from atf_portal.core.access import access_of


def may_review(user):
    return access_of(user).is_business_team


def may_add_for_programme(user, programme):
    """`programme` may be a Programme or its primary key."""
    return may_review(user) or getattr(programme, "pk", programme) in access_of(user).led_programme_ids


def may_add_for_place(user, place):
    lead = access_of(user).place_lead
    return may_review(user) or (lead is not None and lead.place_id == getattr(place, "pk", place))


def owned_by(user, prefix=""):
    """A filter for the records (reached through `prefix`) this user changes, whatever their group."""
    found = access_of(user)
    owned = Q(**{f"{prefix}for_programme__in": found.led_programme_ids})
    if found.place_lead is not None:
        owned |= Q(**{f"{prefix}for_place": found.place_lead.place_id})
    return owned


def may_respond(user, record):
    """Whether the user changes and submits this record: its owner's lead, or the business team."""
    if record.for_programme_id:
        return may_add_for_programme(user, record.for_programme_id)
    if record.for_place_id:
        return may_add_for_place(user, record.for_place_id)
    return may_review(user)


def may_read(user, record, review):
    """`review` is the record's review or None (a record quoted from the documents has none)."""
    if review is None:
        return bool(record.source) and access_of(user).reads_portal
    if review.state == review.State.APPROVED:
        return access_of(user).reads_portal
    return may_respond(user, record)
