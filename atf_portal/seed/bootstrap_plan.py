"""Delivery-plan rows and boards: create what is missing, and correct what an earlier release seeded wrongly.

A programme field is corrected only while it still holds the value an earlier release loaded (found in the
row's first history record, or the old default status "active" where there is none); a field the team has
changed keeps the team's value. Links are treated the same way, each as a whole.
"""

from atf_portal.framework.models import FrameworkItem, HeadlineAmbition, Theme
from indicators.models import Indicator
from places.models import Area
from programmes.models import PROGRAMME_HISTORY, Board, Organisation, Programme

LOADED_REASON = "Loaded from the Annual Delivery Plan 2024-25"
CORRECTED_REASON = "Corrected from the documents (issue 11)"
# The fixture's words for a status where the portal's value differs.
STATUS_FROM_FIXTURE = {"pending_information": Programme.Status.PENDING}
# What an earlier release gave every row when no history says otherwise.
OLD_DEFAULTS = {"status": Programme.Status.ACTIVE}


def programme_fields(row):
    """The row's own values, as the Programme's fields hold them."""
    return {
        "name": row["name"], "outline": row["outline"], "economic_contribution": row["economic_contribution"],
        "outcomes": row["outcomes"], "measures": row["measures"], "board_text": row["board_text"],
        "partners_text": row["partners_text"], "hcp_led": row["hcp_led"],
        "status": STATUS_FROM_FIXTURE.get(row["status"], row["status"]), "status_quote": row["status_quote"],
        "status_source": f"001:{row['status_line']}" if row["status_line"] else "",
        "plan_order": row["plan_order"], "damaged_fields": ", ".join(row["damaged_fields"]),
        "damage_note": row["damage_note"], "headline_cell": row.get("headline_cell") or "",
    }


class Lookups:
    """The records a row's links name, each table read once."""

    def __init__(self, focus_by_ref):
        self.boards = {board.slug: board for board in Board.objects.all()}
        self.ambitions = {ambition.number: ambition for ambition in HeadlineAmbition.objects.all()}
        self.indicators = {indicator.number: indicator for indicator in Indicator.objects.all()}
        self.places = {area.slug: area for area in Area.objects.places()}
        focus = FrameworkItem.objects.filter(kind=FrameworkItem.Kind.FOCUS_PROGRAMME)
        self.focus = {item.order: item for item in focus}
        self.focus_by_ref = focus_by_ref

    def links(self, row):
        return {
            "boards": [self.boards[slug] for slug in row["boards"]],
            "partners": [Organisation.objects.get_or_create(name=name)[0] for name in row["partners"]],
            "ambitions": [self.ambitions[number] for number in row["ambitions"]],
            "indicators": [self.indicators[number] for number in row["indicators"]],
            "places": [self.places[slug] for slug in row["places"]],
            "reports_to": [self.boards[slug] for slug in row["reports_to"]],
        }


def load_programmes(rows, lookups):
    """Create the rows never loaded before (a row the team deleted stays deleted); return how many."""
    ever_loaded = set(
        Programme.history.filter(source_ref__isnull=False).values_list("source_ref", flat=True).distinct()
    )
    todo = [row for row in rows if row["ref"] not in ever_loaded]
    themes = dict(Theme.objects.values_list("number", "pk"))
    by_ref = {}
    for row in todo:
        by_ref[row["ref"]] = programme = Programme(
            theme_id=themes[row["theme"]], source_ref=row["ref"], **programme_fields(row)
        )
        # One history record for the loaded row, written once its links are in place.
        programme.skip_history_when_saving = True
        programme.save()
        for name, objects in lookups.links(row).items():
            getattr(programme, name).set(objects)
        programme.focus_programmes.set([lookups.focus[order] for order in lookups.focus_by_ref.get(row["ref"], [])])
    for row in todo:
        programme = by_ref[row["ref"]]
        if row["repeats"]:
            programme.repeats = Programme.objects.filter(source_ref=row["repeats"]).first()
            programme.save(update_fields=["repeats"])
        del programme.skip_history_when_saving
        programme._change_reason = LOADED_REASON
        PROGRAMME_HISTORY.create_historical_record(programme, "+")
    return len(todo)


def link_focus_programmes(focus_refs):
    """Link newly loaded focus programmes to the delivery-plan rows that carry them."""
    for item, refs in focus_refs.items():
        item.programmes.add(*Programme.objects.filter(source_ref__in=refs))


def correct_programmes(rows, lookups):
    """Correct seeded values the team has not changed; return ["ref: field, field", ...]."""
    by_ref = Programme.objects.in_bulk([row["ref"] for row in rows], field_name="source_ref")
    first = {}
    for record in Programme.history.filter(history_type="+", source_ref__in=by_ref).order_by("history_date",
                                                                                               "history_id"):
        first.setdefault(record.source_ref, record)
    corrected = []
    for row in rows:
        programme = by_ref.get(row["ref"])
        if programme is not None:
            changed = _correct(programme, first.get(row["ref"]), row, lookups, by_ref)
            if changed:
                corrected.append(f"{row['ref']}: {', '.join(changed)}")
    return corrected


def _seeded(seed, field):
    if seed is not None:
        return getattr(seed, field)
    return OLD_DEFAULTS.get(field, Programme._meta.get_field(field).get_default())


def _seeded_links(seed, name):
    if seed is None:
        return set()
    target = Programme._meta.get_field(name).m2m_reverse_field_name() + "_id"
    return set(getattr(seed, name).values_list(target, flat=True))


def _correct(programme, seed, row, lookups, by_ref):
    changed = []
    for field, value in programme_fields(row).items():
        current = getattr(programme, field)
        if current != value and current == _seeded(seed, field):
            setattr(programme, field, value)
            changed.append(field)
    twin = by_ref.get(row["repeats"]) if row["repeats"] else None
    if programme.repeats_id != (twin.pk if twin else None) and programme.repeats_id == _seeded(seed, "repeats_id"):
        programme.repeats = twin
        changed.append("repeats")
    links = {}
    for name, objects in lookups.links(row).items():
        current = set(getattr(programme, name).values_list("pk", flat=True))
        if current != {obj.pk for obj in objects} and current == _seeded_links(seed, name):
            links[name] = objects
            changed.append(name)
    if changed:
        _save_correction(programme, links)
    return changed


def _save_correction(programme, links):
    programme.skip_history_when_saving = True
    programme.save()
    for name, objects in links.items():
        getattr(programme, name).set(objects)
    del programme.skip_history_when_saving
    programme._change_reason = CORRECTED_REASON
    PROGRAMME_HISTORY.create_historical_record(programme, "~")


def load_boards(rows):
    """Create missing boards and fill in what an existing one lacks; return (created, ["slug: field", ...])."""
    boards = {board.slug: board for board in Board.objects.all()}
    created = 0
    for row in rows:
        if row["slug"] not in boards:
            boards[row["slug"]] = Board.objects.create(
                name=row["name"], slug=row["slug"], aliases="\n".join(row["aliases"]), source=row["source"],
                note=row["note"],
            )
            created += 1
            boards[row["slug"]].just_created = True
    corrected = []
    for row in rows:
        board = boards[row["slug"]]
        changed = _fill_board(board, row, boards)
        if changed and not getattr(board, "just_created", False):
            corrected.append(f"{row['slug']}: {', '.join(changed)}")
    return created, corrected


def _fill_board(board, row, boards):
    """Fill what is empty and add missing aliases; never replace what is there."""
    changed = []
    for field in ("source", "note"):
        if not getattr(board, field) and row[field]:
            setattr(board, field, row[field])
            changed.append(field)
    missing = [alias for alias in row["aliases"] if alias not in board.alias_list()]
    if missing:
        board.aliases = "\n".join([*board.alias_list(), *missing])
        changed.append("aliases")
    if changed:
        board.save()
    if row["reports_to"] and not board.reports_to.exists():
        board.reports_to.set([boards[slug] for slug in row["reports_to"]])
        changed.append("reports_to")
    return changed
