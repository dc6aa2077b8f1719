"""Gap flags on prevention investment (000:243-245): a member with no approved return for the last financial year,
the partnership off the commitment's line, and a Place whose spend per head falls as its need rises against the
others. Rules in gaps.py's registry; prevention belongs to no theme, so these are flagged for the whole portal."""

from programmes.models import Organisation
from programmes.prevention import figures
from programmes.prevention.commitment import READINGS
from programmes.prevention.models import FinancialYear, InvestmentReturn

from .gaps import Flag, GapKind, Owner, Severity, rule


def last_year(today):
    """The latest financial year that has ended by `today`, or None."""
    return FinancialYear.objects.filter(end__lt=today).order_by("-end").first()


# Severity "plan", owner: the business team (it chases the member's finance lead).
@rule(GapKind.PREVENTION_NO_RETURN, "prevention-organisation", "admin:prevention_financelead_changelist",
      fix_by_pk=False, whole_portal=True,
      severity=Severity.PLAN, owner=Owner.BUSINESS_TEAM)
def prevention_no_return(scope):
    year = last_year(scope.today)
    if year is None:
        return
    approved = InvestmentReturn.objects.filter(period=year, state=InvestmentReturn.State.APPROVED)
    for organisation in Organisation.objects.members().exclude(pk__in=approved.values("organisation_id")):
        yield Flag(GapKind.PREVENTION_NO_RETURN, organisation.name, f"{organisation.name} has no approved prevention "
                   f"investment return for {year.name}.", None, organisation.pk, organisation.pk)


def approved_returns(scope):
    """The approved returns, read once per Scope (the home page's prevention line reads them here too): with none
    (until the first year is signed off) the two rules below read no more."""
    if "_prevention_approved" not in scope.__dict__:
        scope.__dict__["_prevention_approved"] = figures.approved()
    return scope.__dict__["_prevention_approved"]


# Severity "act now", owner: the HCP Board (the commitment is the partnership's, 000:243).
@rule(GapKind.PREVENTION_OFF_LINE, "prevention", "prevention", fix_by_pk=False, whole_portal=True,
      severity=Severity.ACT_NOW, owner=Owner.BOARD)
def prevention_off_line(scope):
    returns = approved_returns(scope)
    if not returns:
        return
    members = set(Organisation.objects.members().values_list("pk", flat=True))
    latest = figures.latest_judged(figures.partnership(returns, members, figures.readings(figures.decision())))
    if latest is None:
        return
    for reading, judgement in latest.judgements.items():
        if judgement is not None and not judgement.on_track:
            yield Flag(GapKind.PREVENTION_OFF_LINE, "The partnership", f"In {latest.name} the partnership is off the "
                       f"line of the commitment to raise prevention investment by 1% a year (000:243), read as "
                       f"\u201c{READINGS[reading].lower()}\u201d.", None, None, None)


# Severity "note", owner: the business team (with the Places' finance leads).
@rule(GapKind.PREVENTION_AGAINST_NEED, "place-detail", "prevention", fix_by_pk=False, whole_portal=True,
      severity=Severity.NOTE, owner=Owner.BUSINESS_TEAM)
def prevention_against_need(scope):
    returns = approved_returns(scope)
    if not returns:
        return
    year = max((ret.period for ret in returns), key=lambda period: period.start_year)
    places, _, _, _ = figures.spend_against_need(year)
    for found in figures.out_of_line(places):
        yield Flag(GapKind.PREVENTION_AGAINST_NEED, found.place.name, f"{found.place.name} is more deprived than the "
                   f"median Place (IMD 2019 average score {found.deprivation.value:g}) but receives less than the "
                   f"median prevention spend per head in {year.name}.", None, found.place.slug, found.place.pk)
