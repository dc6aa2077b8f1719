"""Gap flags on evidence: an assessment a recommendation asks for (5.14, 5.21, 6.10, 8.4 for the Green Plan and each
Place's) with no approved record meeting it, and a programme awaiting evaluation or a pilot a year on with none.
Rules in gaps.py's registry; both read one query, shared through the Scope, and are flagged for the whole portal."""

import datetime

from programmes.evidence.models import ExpectedEvidence

from .gaps import Flag, GapKind, Owner, Severity, rule

PILOT_YEAR = datetime.timedelta(days=365)


def _unmet(scope):
    if "_unmet_evidence" not in scope.__dict__:
        scope.__dict__["_unmet_evidence"] = list(ExpectedEvidence.objects.with_met().filter(met=False).select_related(
            "recommendation__theme", "place", "programme"))
    return scope.__dict__["_unmet_evidence"]


# Severity "plan", owner: the business team (it asks the recommendation's lead for the assessment).
@rule(GapKind.ASSESSMENT_NOT_RECORDED, "evidence-hub", "evidence-new", fix_by_pk=False, whole_portal=True,
      severity=Severity.PLAN, owner=Owner.BUSINESS_TEAM)
def assessment_not_recorded(scope):
    for row in _unmet(scope):
        if row.why == ExpectedEvidence.Why.ASKED:
            where = f" for {row.place.name}" if row.place else ""
            yield Flag(GapKind.ASSESSMENT_NOT_RECORDED, f"Recommendation {row.recommendation.reference}{where}",
                       f"{row.what}: asked for at {row.source} and not yet recorded.", None, None, row.pk)


# Severity "plan", owner: the programme's lead.
@rule(GapKind.EVALUATION_AWAITED, "programme-detail", "evidence-new", fix_by_pk=False, whole_portal=True,
      severity=Severity.PLAN, owner=Owner.PROGRAMME_LEAD)
def evaluation_awaited(scope):
    for row in _unmet(scope):
        if row.why == ExpectedEvidence.Why.AWAITED:
            yield Flag(GapKind.EVALUATION_AWAITED, row.programme.name, f"The plan says it awaits evaluation "
                       f"({row.source}) and no evaluation has been recorded.", None, row.programme_id, row.pk)
        elif row.why == ExpectedEvidence.Why.PILOT and row.pilot_start and row.pilot_start + PILOT_YEAR <= scope.today:
            yield Flag(GapKind.EVALUATION_AWAITED, row.programme.name, f"A pilot ({row.source}) that started on "
                       f"{row.pilot_start:%d %B %Y} has no evaluation a year on.", None, row.programme_id, row.pk)
