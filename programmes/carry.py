"""Starting the next plan edition from the current one: each row the team keeps is carried forward as a new row of
the new edition, linked to its predecessor, whose own record and history stay as they were. Nothing is carried
that the preview did not list, and what the team unticks is dropped."""

from django.db import transaction

from .editions import PlanEdition
from .models import PROGRAMME_HISTORY, PROGRAMME_LINKS, Programme

# Fields that describe the row in its own edition, so are not carried: its place in history, and what reporting
# copied onto it.
NOT_CARRIED = {"id", "edition", "predecessor", "source_ref", "repeats", "latest_rag", "last_update_on", "created_at",
               "updated_at", "updated_by"}
LINKS = [*PROGRAMME_LINKS, "focus_programmes"]


def carried_ref(programme, edition):
    """The carried row's reference names its edition and keeps its place: DP2024-25/3/01 -> DP2025-26/3/01."""
    if not programme.source_ref:
        return None
    return f"{edition.code}/{programme.source_ref.partition('/')[2]}"


@transaction.atomic
def start_edition(source, start_year, title, basis, keep, user, make_current=False):
    """Create the edition starting in `start_year` from `source`, carrying the rows whose ids are in `keep`.
    `basis` is the document or decision that starts it. Returns the new edition and its carried rows."""
    edition = PlanEdition.objects.create(start_year=start_year, title=title, source=basis, carried_from=source)
    rows = list(source.programmes.filter(pk__in=keep).prefetch_related(*LINKS))
    carried = {}
    for old in rows:
        new = Programme(edition=edition, predecessor=old, source_ref=carried_ref(old, edition), updated_by=user,
                        **{f.attname: getattr(old, f.attname) for f in Programme._meta.concrete_fields
                           if f.name not in NOT_CARRIED})
        new.skip_history_when_saving = True  # one record, once the links are in place
        new.save()
        carried[old.pk] = new
    carry_links(rows, carried)
    for old in rows:
        new = carried[old.pk]
        if old.repeats_id in carried:
            new.repeats = carried[old.repeats_id]
            new.save(update_fields=["repeats"])
        del new.skip_history_when_saving
        new._change_reason = f"Carried forward from {old.reference} into {edition}"
        new._history_user = user
        PROGRAMME_HISTORY.create_historical_record(new, "+")
    if make_current:
        make_edition_current(edition)
    return edition, list(carried.values())


def carry_links(rows, carried):
    """Each carried row's links, as its predecessor's: one insert a kind of link for all the rows (a new row has none
    to replace; what `.set` would signal, a history record, is written once they are in place)."""
    for name in LINKS:
        field = Programme._meta.get_field(name)
        through, own, other = field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(through(**{f"{own}_id": carried[old.pk].pk, f"{other}_id": linked.pk})
                                    for old in rows for linked in getattr(old, name).all())


@transaction.atomic
def make_edition_current(edition):
    PlanEdition.objects.filter(is_current=True).exclude(pk=edition.pk).update(is_current=False)
    PlanEdition.objects.filter(pk=edition.pk).update(is_current=True)
    edition.is_current = True


def lineage(programme):
    """The programme's row in each edition, oldest first: back through its predecessors, on through the rows
    carried from it (the first, where it was carried into an edition twice)."""
    rows = [programme]
    while rows[0].predecessor_id:
        rows.insert(0, Programme.objects.select_related("edition").get(pk=rows[0].predecessor_id))
    while True:
        later = rows[-1].successors.select_related("edition").order_by("edition__start_year", "pk").first()
        if later is None:
            return rows
        rows.append(later)
