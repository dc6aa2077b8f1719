"""What the approved evidence returns add up to: Beacon Indicators 12, 20 and 21, each pledge across the
signatories at each meeting, and the ambition that member organisations become anchor institutions by 2026.

Only approved returns count. An indicator is the sum of numerators over the sum of denominators across one
meeting's approved returns that give both (a pooled share, as PHEindicatormethods' phe_proportion pools grouped
data), with its Wilson score interval. These are figures about the responding organisations' own workforces and
spend, not about Places, so there is no England value to compare them with.
"""

import statistics

from indicators import elsewhere
from indicators.statistics.progress import WILSON, wilson_interval
from programmes.models import Organisation

from .models import AssemblyMeeting, EvidenceReturn

APPROVED = EvidenceReturn.State.APPROVED
TEMPLATE = "anchors/_indicator_from_returns.html"
# indicator number -> (numerator field, denominator field, what the counts are)
POOLED = {12: ("local_fte", "contract_fte", "employees (FTE)"), 21: ("local_spend", "contract_spend", "pounds")}
BANDED = 20
PERCENTAGES = [("living_wage_pct", "Workforce paid the real living wage"),
               ("agency_living_wage_pct", "Agency staff paid at least the real living wage"),
               ("workforce_local_pct", "Workforce residing in Cheshire and Merseyside"),
               ("contracts_local_pct", "This financial year's awarded contracts that were local")]
YES_NO = [("buildings_free_use", "VCFSE organisations use its buildings free of charge"),
          ("green_plan", "Has a Net Zero / Green Plan"),
          ("charter_signed", "Has signed the Social Value Charter"),
          ("award_achieved", "Has achieved the Social Value Award"),
          ("prevention_pledge", "Awarded the NHS Prevention Pledge (NHS providers only)"),
          ("inequalities_initiatives", "Delivers initiatives addressing health inequalities"),
          ("marmot_aligned", "That work aligned with the 8 Marmot Principles or Core20PLUS5")]


def approved_returns(meeting):
    return list(EvidenceReturn.objects.filter(period=meeting, state=APPROVED).select_related("organisation"))


def meetings_with_approved():
    """Meetings with at least one approved return, earliest first."""
    return list(AssemblyMeeting.objects.filter(returns__state=APPROVED).distinct().order_by("end"))


def pooled(pairs, signatories):
    """{value, lower, upper (percentages), numerator, denominator, organisations, share (of the signatories, %)}
    from (numerator, denominator) per organisation; None when no organisation gave a denominator above 0."""
    pairs = [(float(top), float(bottom)) for top, bottom in pairs if bottom]
    if not pairs:
        return None
    numerator, denominator = sum(top for top, _ in pairs), sum(bottom for _, bottom in pairs)
    lower, upper = wilson_interval(numerator, denominator)
    return {"value": 100 * numerator / denominator, "lower": 100 * lower, "upper": 100 * upper,
            "numerator": numerator, "denominator": denominator, "organisations": len(pairs),
            "share": 100 * len(pairs) / signatories if signatories else None, "method": WILSON}


def indicator_figure(number, meeting=None, returns=None, signatories=None):
    """The indicator from one meeting's approved returns (the latest meeting with any by default), or
    {"live": False, "reason": ...} saying why not."""
    if meeting is None:
        meeting = AssemblyMeeting.objects.filter(returns__state=APPROVED).order_by("-end").first()
    if meeting is None:
        return {"live": False, "number": number, "reason": "No Anchor Assembly meeting has an approved evidence "
                "return yet, so there are no figures to pool."}
    returns = approved_returns(meeting) if returns is None else returns
    signatories = Organisation.objects.signatories().count() if signatories is None else signatories
    if number == BANDED:
        pairs = [(sum(row["minority"] for row in r.minority_by_band), sum(row["all"] for row in r.minority_by_band))
                 for r in returns if r.minority_by_band]
    else:
        top, bottom, _ = POOLED[number]
        pairs = [(getattr(r, top), getattr(r, bottom)) for r in returns if getattr(r, bottom) is not None]
    figure = pooled(pairs, signatories)
    if figure is None:
        return {"live": False, "number": number, "meeting": meeting, "reason": f"None of the {len(returns)} "
                f"approved returns for {meeting} gives the counts this indicator needs."}
    figure.update(live=True, number=number, meeting=meeting, signatories=signatories)
    if number == BANDED:
        figure["bands"] = by_band(returns, signatories)
    return figure


def by_band(returns, signatories):
    """[(band as first written, pooled figure)] for indicator 20, bands matched across organisations by name."""
    names, pairs = {}, {}
    for ret in returns:
        for row in ret.minority_by_band:
            key = " ".join(row["band"].split()).casefold()
            names.setdefault(key, row["band"])
            pairs.setdefault(key, []).append((row["minority"], row["all"]))
    return [(names[key], pooled(pairs[key], signatories)) for key in sorted(pairs)]


def pledges(meeting, returns, previous=None):
    """Each pledge across the meeting's approved returns, with the previous meeting's figures beside it."""
    rows = []
    for field, label in PERCENTAGES:
        now, before = spread(returns, field), spread(previous or [], field)
        change = now["median"] - before["median"] if now["n"] and before["n"] else None
        rows.append({"label": label, "kind": "percentage", "now": now, "before": before, "change": change})
    for field, label in YES_NO:
        now, before = meeting_count(returns, field), meeting_count(previous or [], field)
        change = now["yes"] - before["yes"] if now["n"] and before["n"] else None
        rows.append({"label": label, "kind": "yes_no", "now": now, "before": before, "change": change})
    return rows


def spread(returns, field):
    values = sorted(v for v in (getattr(r, field) for r in returns) if v is not None)
    if not values:
        return {"n": 0}
    return {"n": len(values), "min": values[0], "median": statistics.median(values), "max": values[-1]}


def meeting_count(returns, field):
    answers = [getattr(r, field) for r in returns if getattr(r, field) is not None]
    return {"n": len(answers), "yes": sum(answers)}


def ambition():
    """Member organisations that are signatories, against members (000:229's ambition for 2026)."""
    members = list(Organisation.objects.members().values_list("anchor_signatory", flat=True))
    return {"members": len(members), "signatories": sum(members)}


def provide_indicators():
    for number in (*POOLED, BANDED):
        elsewhere.provide(number, TEMPLATE, indicator_figure)
