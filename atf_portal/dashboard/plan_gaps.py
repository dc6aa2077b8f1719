"""Gap flags on Place and neighbourhood plans: a Place with no Neighbourhood Health Plan after April 2026
(004:54), a plan with no assessment, a guiding principle no plan in a Place addresses, and an engagement measure
with no actual in its plan's last round. Plans belong to no theme, so these are flagged for the whole portal only.
Rules in gaps.py's registry."""

import datetime

from django.db.models import Exists, OuterRef

from atf_portal.framework.models import FrameworkItem
from programmes.plans.models import Assessment, AssessmentRound, EngagementMeasure, Plan, Rating
from programmes.plans.services import latest_approved

from .gaps import Flag, GapKind, Owner, Severity, rule

# 004:54: "expected to develop the first plan by April 2026".
FIRST_PLAN_BY = datetime.date(2026, 4, 30)


def _place_flag(kind, place, sentence):
    return Flag(kind, place.name, sentence, None, place.slug, place.pk)


def _plans(scope):
    """Every plan with its Place and whether it has an assessment in, read once per Scope for the rules below."""
    if "_plans" not in scope.__dict__:
        assessed = Exists(Assessment.objects.submitted_or_approved().filter(plan=OuterRef("pk")))
        scope.__dict__["_plans"] = list(Plan.objects.defer("content").select_related("place").annotate(
            assessed=assessed))
    return scope.__dict__["_plans"]


# Severity "act now", owner: the Place's Marmot lead (the Health and Wellbeing Board leads the plan).
@rule(GapKind.PLACE_NO_NEIGHBOURHOOD_PLAN, "place-plans", "plans-matrix", fix_by_pk=False, whole_portal=True,
      severity=Severity.ACT_NOW, owner=Owner.MARMOT_LEAD)
def place_no_neighbourhood_plan(scope):
    if scope.today <= FIRST_PLAN_BY:
        return
    with_plan = {plan.place_id for plan in _plans(scope) if plan.kind == Plan.Kind.NEIGHBOURHOOD}
    for place in (area for area in scope.levels.values() if area.is_place and area.pk not in with_plan):
        yield _place_flag(GapKind.PLACE_NO_NEIGHBOURHOOD_PLAN, place, f"{place.name} has no Neighbourhood Health "
                          "Plan recorded; each Place's first was expected by April 2026 (Neighbourhoods framework, "
                          "line 54).")


# Severity "plan", owner: the Place's Marmot lead.
@rule(GapKind.PLAN_NO_ASSESSMENT, "plan-detail", "plan-detail", whole_portal=True,
      severity=Severity.PLAN, owner=Owner.MARMOT_LEAD)
def plan_no_assessment(scope):
    for plan in _plans(scope):
        if not plan.assessed:
            yield Flag(GapKind.PLAN_NO_ASSESSMENT, plan.title, f"{plan.title} ({plan.place}) has no submitted or "
                       "approved assessment against the Neighbourhoods framework.", None, plan.pk, plan.pk)


# Severity "note", owner: the Place's Marmot lead.
@rule(GapKind.PRINCIPLE_UNADDRESSED, "place-plans", "plans-matrix", fix_by_pk=False, whole_portal=True,
      severity=Severity.NOTE, owner=Owner.MARMOT_LEAD)
def principle_unaddressed(scope):
    """Only Places with a plan; only approved assessments count, each plan's latest; "not addressed" is not."""
    plans = _plans(scope)
    if not plans:
        return
    approved = latest_approved(plans)
    principles = list(FrameworkItem.objects.filter(kind=FrameworkItem.Kind.NEIGHBOURHOOD_PRINCIPLE))
    places = {plan.place_id: plan.place for plan in plans}
    for place_id, place in sorted(places.items(), key=lambda pair: pair[1].sort_order):
        rets = [approved[p.pk] for p in plans if p.place_id == place_id and p.pk in approved]
        for principle in principles:
            if not any(ret.rating_of(principle) not in ("", Rating.NOT_ADDRESSED) for ret in rets):
                yield _place_flag(GapKind.PRINCIPLE_UNADDRESSED, place, f"No approved assessment of a plan in "
                                  f"{place.name} says it addresses guiding principle {principle.number}, "
                                  f"{principle.title}.")


# Severity "plan", owner: the plan's lead (the Place's Marmot lead or its named plan lead).
@rule(GapKind.PLAN_MEASURE_NO_ACTUAL, "plan-detail", "plan-detail", whole_portal=True,
      severity=Severity.PLAN, owner=Owner.MARMOT_LEAD)
def plan_measure_no_actual(scope):
    """The last round: the latest that has started. No return for it counts as no actual."""
    last = AssessmentRound.objects.filter(start__lte=scope.today).order_by("-end").first()
    if last is None:
        return
    actuals = {ret.plan_id: ret.actuals for ret in Assessment.objects.filter(period=last)}
    for measure in EngagementMeasure.objects.select_related("plan").defer("plan__content"):
        if actuals.get(measure.plan_id, {}).get(str(measure.pk)) is None:
            yield Flag(GapKind.PLAN_MEASURE_NO_ACTUAL, measure.plan.title, f"{measure.plan.title}'s measure "
                       f"{measure.title} has no actual for {last.name}.", None, measure.plan_id, measure.plan_id)
