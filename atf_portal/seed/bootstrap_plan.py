"""Delivery-plan rows and boards: create what is missing, and correct what an earlier release seeded wrongly.

A programme field is corrected only while it still holds the value an earlier release wrote (found in the row's
history: the loaded record, then any correction since; or the old default status "active" where there is no
history); a field the team has changed keeps the team's value. Links are treated the same way, each as a whole.
"""

from atf_portal.framework.models import FrameworkItem, HeadlineAmbition, Theme
from indicators.models import Indicator
from places.models import Area
from programmes.models import PROGRAMME_HISTORY, Board, Organisation, PlanEdition, Programme

LOADED_REASON = "Loaded from the Annual Delivery Plan 2024-25"
# A correction's record names the fields it changed: "Corrected from the documents: status, status_quote".
CORRECTED_PREFIX = "Corrected from the documents"
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
    edition = seeded_edition() if todo else None
    by_ref = {}
    for row in todo:
        by_ref[row["ref"]] = programme = Programme(
            theme_id=themes[row["theme"]], source_ref=row["ref"], edition=edition, **programme_fields(row)
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


def seeded_edition():
    """The edition the fixture's rows belong to (a migration makes it; a database without it gets it here)."""
    edition, _ = PlanEdition.objects.get_or_create(start_year=2024, defaults={
        "title": "All together Fairer / Health and Care Partnership Annual Delivery Plan 2024-2025",
        "source": "001:5-7", "is_current": not PlanEdition.objects.filter(is_current=True).exists()})
    return edition


def link_focus_programmes(focus_refs):
    """Link newly loaded focus programmes to the delivery-plan rows that carry them."""
    for item, refs in focus_refs.items():
        item.programmes.add(*Programme.objects.filter(source_ref__in=refs))


def correct_programmes(rows, lookups):
    """Correct seeded values the team has not changed; return ["ref: field, field", ...]."""
    by_ref = Programme.objects.in_bulk([row["ref"] for row in rows], field_name="source_ref")
    records = {}
    for record in Programme.history.filter(source_ref__in=by_ref).order_by("history_date", "history_id"):
        records.setdefault(record.source_ref, []).append(record)
    corrected = []
    for row in rows:
        programme = by_ref.get(row["ref"])
        if programme is not None:
            released = Released(records.get(row["ref"], []))
            changed = _correct(programme, released, row, lookups, by_ref)
            if changed:
                corrected.append(f"{row['ref']}: {', '.join(changed)}")
    return corrected


class Released:
    """What the releases last wrote to a row: its loaded record's values, then each value a later correction
    changed. A value the team wrote in between is not a release's, so a correction record that merely carried it
    along does not count."""

    def __init__(self, records):
        loaded = next((i for i, record in enumerate(records) if record.history_type == "+"), None)
        self.records = records[loaded:] if loaded is not None else []

    def _corrections(self, field):
        """The correction records that changed `field`, each with the record before it."""
        for before, record in zip(self.records, self.records[1:], strict=False):
            reason = record.history_change_reason or ""
            if not reason.startswith(CORRECTED_PREFIX):
                continue
            _, _, named = reason.partition(": ")
            # An earlier release's reason named no fields: the field counts where the record changed it.
            if field in named.split(", ") if named else True:
                yield before, record

    def value(self, field):
        if not self.records:
            return OLD_DEFAULTS.get(field, Programme._meta.get_field(field).get_default())
        value = getattr(self.records[0], field)
        for before, record in self._corrections(field):
            if getattr(record, field) != getattr(before, field):
                value = getattr(record, field)
        return value

    def links(self, name):
        if not self.records:
            return set()
        value = _links_of(self.records[0], name)
        for before, record in self._corrections(name):
            now = _links_of(record, name)
            if now != _links_of(before, name):
                value = now
        return value


def _links_of(record, name):
    target = Programme._meta.get_field(name).m2m_reverse_field_name() + "_id"
    return set(getattr(record, name).values_list(target, flat=True))


def _correct(programme, released, row, lookups, by_ref):
    changed = []
    for field, value in programme_fields(row).items():
        current = getattr(programme, field)
        if current != value and current == released.value(field):
            setattr(programme, field, value)
            changed.append(field)
    twin = by_ref.get(row["repeats"]) if row["repeats"] else None
    if programme.repeats_id != (twin.pk if twin else None) and programme.repeats_id == released.value("repeats_id"):
        programme.repeats = twin
        changed.append("repeats_id")
    links = {}
    for name, objects in lookups.links(row).items():
        current = set(getattr(programme, name).values_list("pk", flat=True))
        if current != {obj.pk for obj in objects} and current == released.links(name):
            links[name] = objects
            changed.append(name)
    if changed:
        _save_correction(programme, links, changed)
    return [name.removesuffix("_id") for name in changed]


def _save_correction(programme, links, changed):
    programme.skip_history_when_saving = True
    programme.save()
    for name, objects in links.items():
        getattr(programme, name).set(objects)
    del programme.skip_history_when_saving
    programme._change_reason = f"{CORRECTED_PREFIX}: {', '.join(changed)}"
    PROGRAMME_HISTORY.create_historical_record(programme, "~")


def load_boards(rows):
    """Create missing boards and fill in what an existing one lacks; return (created, ["slug: field", ...])."""
    boards = {board.slug: board for board in Board.objects.all()}
    created = 0
    for row in rows:
        if row["slug"] not in boards:
            boards[row["slug"]] = Board.objects.create(
                name=row["name"], slug=row["slug"], aliases="\n".join(row["aliases"]), source=row["source"],
                note=row["note"], change_source=row.get("change_source", ""),
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
    """Fill what is empty and add missing aliases; never replace what is there, except what an earlier release
    seeded and the fixture has since withdrawn (a source or alias that merged two bodies), while it still holds."""
    changed = _withdraw(board, row.get("withdrawn", {}), row)
    for field in ("source", "note", "change_source"):
        if not getattr(board, field) and row.get(field):
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


def _withdraw(board, withdrawn, row):
    changed = []
    if withdrawn.get("source") and board.source == withdrawn["source"]:
        board.source = row["source"]
        changed.append("source")
    kept = [alias for alias in board.alias_list() if alias not in withdrawn.get("aliases", [])]
    if kept != board.alias_list():
        board.aliases = "\n".join(kept)
        changed.append("aliases")
    return changed
