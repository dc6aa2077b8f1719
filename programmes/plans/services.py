"""What the plan pages read: each plan's latest approved assessment, the nine-Place matrix, a Place's plans."""

from places.models import Area

from .models import (
    FRAMEWORK_KINDS,
    NOTHING_SAID,
    RATING_COLOURS,
    RATING_ORDER,
    Assessment,
    Plan,
    Rating,
    framework_items,
)

APPROVED = Assessment.State.APPROVED


def latest_approved(plans=None):
    """{plan pk: its approved assessment of the latest round}, for these plans (every plan by default)."""
    rows = Assessment.objects.filter(state=APPROVED).select_related("period").order_by("period__end", "pk")
    if plans is not None:
        rows = rows.filter(plan__in=plans)
    return {ret.plan_id: ret for ret in rows}


class Cell:
    """One Place against one framework item: the strongest rating any of its plans' approved assessments gives,
    in words and colour, and which plans say so."""

    def __init__(self, ratings):
        self.ratings = ratings  # [(plan, rating value)]
        best = max((RATING_ORDER.index(r) for _, r in ratings), default=None)
        self.rating = RATING_ORDER[best] if best is not None else None

    @property
    def label(self):
        return Rating(self.rating).label if self.rating else NOTHING_SAID

    @property
    def colour(self):
        return RATING_COLOURS.get(self.rating, "grey")

    @property
    def plans(self):
        return ", ".join(plan.title for plan, rating in self.ratings if rating == self.rating)


def matrix():
    """(places, [(kind label, [(item, [Cell per Place])])]): the framework's items by the nine Places, from each
    plan's latest approved assessment only."""
    places = list(Area.objects.places())
    plans = list(Plan.objects.defer("content"))
    approved = latest_approved()
    by_place = {place.pk: [(plan, approved[plan.pk]) for plan in plans if plan.pk in approved and
                           plan.place_id == place.pk] for place in places}
    groups = []
    items = framework_items()
    for kind in FRAMEWORK_KINDS:
        rows = []
        for item in (i for i in items if i.kind == kind):
            rows.append((item, [Cell([(plan, r) for plan, ret in by_place[place.pk] if (r := ret.rating_of(item))])
                                for place in places]))
        groups.append((kind.label, rows))
    return places, groups


def matrix_table(places, groups):
    """(header, rows) for the matrix's export: one row per item, the rating in words per Place."""
    header = ["Kind", "Number", "Item", *[place.name for place in places]]
    rows = [[label, item.number, item.title or item.text, *[cell.label for cell in cells]]
            for label, items in groups for item, cells in items]
    return header, rows


def for_place_page(place):
    """What the Place page's "Plans" section shows: its plans with their latest approved assessment, and its
    local indicators."""
    plans = list(place.plans.defer("content").order_by("kind", "title"))
    approved = latest_approved(plans)
    return {"place": place, "plans": [(plan, approved.get(plan.pk)) for plan in plans],
            "local_indicators": list(place.local_indicators.all())}


def measure_rows(plan, assessments):
    """[(measure, [(round, actual or None)])] over the plan's assessments, earliest round first."""
    return [(measure, [(ret.period, ret.actual_of(measure)) for ret in assessments])
            for measure in plan.measures.all()]
