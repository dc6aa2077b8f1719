"""Reference data: load the documents' facts from fixtures/ without touching what the team has edited.

`bootstrap()` only ever creates. A record that already exists (matched by its natural key: number, slug,
name, or the delivery-plan row reference) is left exactly as the team has it. A programme row the team
deleted is not brought back, because its history shows it was loaded before.
"""

import json
from collections import Counter

from django.conf import settings
from django.db import transaction

from atf_portal.core import pagecache
from atf_portal.core.roles import ensure_roles
from atf_portal.framework.models import HeadlineAmbition, MarmotRecommendation, Principle, SystemRecommendation, Theme
from atf_portal.seed.bootstrap_anchors import load_assembly, load_signatories
from atf_portal.seed.bootstrap_evidence import load_case_studies, load_expected
from atf_portal.seed.bootstrap_framework import focus_links_by_ref, load_framework
from atf_portal.seed.bootstrap_measures import propose_measures
from atf_portal.seed.bootstrap_plan import (  # noqa: F401 (LOADED_REASON: kept importable from here)
    LOADED_REASON,
    Lookups,
    correct_programmes,
    link_focus_programmes,
    load_boards,
    load_programmes,
)
from atf_portal.seed.bootstrap_prevention import load_categories
from indicators.models import Indicator
from indicators.reference import seed_questions, seed_sources
from places.models import Area
from programmes import suggestions
from programmes.editions import PlanEdition
from programmes.models import Action, ActionUpdate

FIXTURES = settings.BASE_DIR / "fixtures"
DELIVERY_PLAN = "delivery_plan_2024_25.json"


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
def bootstrap(log=None):
    """Load what is missing; correct what an earlier release seeded wrongly. `log` is given each correction."""
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
    counts["indicator questions"] = seed_questions(read_fixture("indicator_questions.json"))
    framework = read_fixture("framework.json")
    counts["framework items"], focus_refs = load_framework(framework)
    counts["boards"], board_corrections = load_boards(read_fixture("boards.json"))
    counts["plan editions"] = load_first_edition()
    rows = read_fixture(DELIVERY_PLAN)
    lookups = Lookups(focus_links_by_ref(framework))
    corrections = correct_programmes(rows, lookups)
    counts["programmes"] = load_programmes(rows, lookups)
    link_focus_programmes(focus_refs)
    counts["corrected programmes"], counts["corrected boards"] = len(corrections), len(board_corrections)
    for line in [*corrections, *board_corrections]:
        if log:
            log(f"Corrected {line}")
    counts["proposed measures"] = propose_measures(read_fixture("plan_measures.json"))
    anchors = read_fixture("anchor_signatories.json")
    counts["anchor signatories"], counts["anchor assembly"] = load_signatories(anchors), load_assembly(anchors)
    counts["prevention categories"] = load_categories()
    counts["case studies"] = load_case_studies(framework["case_studies"]["items"])
    counts["expected evidence"] = load_expected(read_fixture("expected_evidence.json")["items"])
    counts["actions"] = _create_missing(Action, "number", read_fixture("hcp_action_log.json"), _build_action)
    # Open suggestions for the business team to review; never a link made on the portal's own judgement.
    counts["suggested links"] = suggestions.refresh(rows)["created"]
    ensure_roles()
    pagecache.bump()  # some loads are bulk writes, which send no signal
    return counts


def load_first_edition():
    """The Delivery Plan 2024-25 (001:5-7), which the fixtures' programme rows belong to: current if no edition is.
    A database built by the migrations has it already (programmes' plan-editions migration); one built straight from
    the models (the test suite's) gets it here."""
    if PlanEdition.objects.filter(start_year=2024).exists():
        return 0
    PlanEdition.objects.create(
        start_year=2024, title="All together Fairer / Health and Care Partnership Annual Delivery Plan 2024-2025",
        source="001:5-7", is_current=not PlanEdition.objects.filter(is_current=True).exists())
    return 1


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
