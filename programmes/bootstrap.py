"""Reference data: load the documents' facts from fixtures/ without touching what the team has edited.

`bootstrap()` only ever creates. A record that already exists (matched by its natural key: number, slug,
name, or the delivery-plan row reference) is left exactly as the team has it. A programme row the team
deleted is not brought back, because its history shows it was loaded before.
"""

import json
from collections import Counter

from django.conf import settings
from django.db import transaction

from atf_portal.framework.models import HeadlineAmbition, MarmotRecommendation, Principle, SystemRecommendation, Theme
from atf_portal.roles import ensure_roles
from indicators.models import Indicator
from indicators.reference import seed_sources
from places.models import Area

from .models import (
    PROGRAMME_HISTORY,
    Action,
    ActionUpdate,
    Board,
    Organisation,
    Programme,
)

FIXTURES = settings.BASE_DIR / "fixtures"
DELIVERY_PLAN = "delivery_plan_2024_25.json"
LOADED_REASON = "Loaded from the Annual Delivery Plan 2024-25"


def read_fixture(name):
    with open(FIXTURES / name, encoding="utf-8") as fh:
        return json.load(fh)


def _create_missing(model, key, rows, build):
    """Create a record for each row whose key is not yet in the table; return the number created."""
    existing = set(model.objects.values_list(key, flat=True))
    created = 0
    for row in rows:
        if row[key] not in existing:
            build(row)
            created += 1
    return created


@transaction.atomic
def bootstrap():
    counts = Counter()
    counts["areas"] = load_areas(read_fixture("areas.json"))
    counts["themes"] = _create_missing(Theme, "number", read_fixture("themes.json"), _build_theme)
    counts["system recommendations"] = _create_missing(
        SystemRecommendation, "number", read_fixture("system_recommendations.json"),
        lambda row: SystemRecommendation.objects.create(number=row["number"], title=row["title"]),
    )
    counts["principles"] = _create_missing(
        Principle, "number", read_fixture("principles.json"),
        lambda row: Principle.objects.create(
            number=row["number"], title=row["title"], description=row["description"],
            commitments="\n".join(row["commitments"]),
        ),
    )
    counts["headline ambitions"] = _create_missing(
        HeadlineAmbition, "number", read_fixture("ambitions.json"),
        lambda row: HeadlineAmbition.objects.create(
            number=row["number"], title=row["title"], statements="\n".join(row["statements"])
        ),
    )
    counts["indicators"] = _create_missing(Indicator, "number", read_fixture("indicators.json"), _build_indicator)
    counts["indicator sources"] = seed_sources(read_fixture("indicators.json"))
    counts["boards"] = _create_missing(
        Board, "slug", read_fixture("boards.json"),
        lambda row: Board.objects.create(name=row["name"], slug=row["slug"], aliases="\n".join(row["aliases"])),
    )
    counts["programmes"] = load_programmes(read_fixture(DELIVERY_PLAN))
    counts["actions"] = _create_missing(Action, "number", read_fixture("hcp_action_log.json"), _build_action)
    ensure_roles()
    return counts


def load_areas(rows):
    created = 0
    by_slug = {area.slug: area for area in Area.objects.all()}
    # Parents (sub-regions) come before their Places in the fixture.
    for row in rows:
        if row["slug"] in by_slug:
            continue
        by_slug[row["slug"]] = Area.objects.create(
            name=row["name"], slug=row["slug"], code=row["code"], kind=row["kind"],
            parent=by_slug.get(row["parent"]), aliases="\n".join(row["aliases"]), sort_order=row["sort_order"],
        )
        created += 1
    return created


def _build_theme(row):
    theme = Theme.objects.create(number=row["number"], title=row["title"])
    MarmotRecommendation.objects.bulk_create(
        MarmotRecommendation(theme=theme, order=i, text=text) for i, text in enumerate(row["recommendations"], 1)
    )


def _build_indicator(row):
    theme = Theme.objects.get(number=row["theme"]) if row["theme"] else None
    fields = {k: row[k] for k in ("number", "title", "footnote_marks", "status", "status_note", "polarity", "unit")}
    indicator = Indicator(theme=theme, **fields)
    indicator._change_reason = "Loaded from the Beacon Indicators Review, December 2023"
    indicator.save()


def _build_action(row):
    action = Action(
        number=row["number"], meeting_date=row["meeting_date"], agenda_item=row["agenda_item"] or "",
        text=row["action"], owner=row["owner"], due_date=row["due_date"], due_text=row["due_text"],
        status=row["status"],
    )
    action._change_reason = "Loaded from the HCP action log, January 2024 meeting pack"
    action.save()
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action=action, date=update["date"], date_text=update["date_text"], text=update["text"])
        for update in row["updates"]
    )


def load_programmes(rows):
    ever_loaded = set(
        Programme.history.filter(source_ref__isnull=False).values_list("source_ref", flat=True).distinct()
    )
    todo = [row for row in rows if row["ref"] not in ever_loaded]
    if not todo:
        return 0
    themes = {theme.number: theme for theme in Theme.objects.all()}
    boards = {board.slug: board for board in Board.objects.all()}
    ambitions = {ambition.number: ambition for ambition in HeadlineAmbition.objects.all()}
    indicators = {indicator.number: indicator for indicator in Indicator.objects.all()}
    places = {area.slug: area for area in Area.objects.places()}
    for row in todo:
        programme = Programme(
            theme=themes[row["theme"]], name=row["name"], outline=row["outline"],
            economic_contribution=row["economic_contribution"], outcomes=row["outcomes"],
            measures=row["measures"], board_text=row["board_text"], partners_text=row["partners_text"],
            hcp_led=row["hcp_led"],
            status=row["status"], plan_order=row["plan_order"], source_ref=row["ref"],
        )
        # One history record for the loaded row, written once its links are in place.
        programme.skip_history_when_saving = True
        programme.save()
        programme.boards.set([boards[slug] for slug in row["boards"]])
        programme.partners.set([Organisation.objects.get_or_create(name=name)[0] for name in row["partners"]])
        programme.ambitions.set([ambitions[number] for number in row["ambitions"]])
        programme.indicators.set([indicators[number] for number in row["indicators"]])
        programme.places.set([places[slug] for slug in row["places"]])
        del programme.skip_history_when_saving
        programme._change_reason = LOADED_REASON
        PROGRAMME_HISTORY.create_historical_record(programme, "+")
    return len(todo)
