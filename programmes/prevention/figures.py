"""What /prevention/ shows, from approved returns only: each year's pooled share with its coverage, the line the
commitment draws under each reading (or the decided one), each organisation against it, and spend per head by
Place against deprivation. A fixed number of queries, whatever the number of organisations or years."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from places.models import Area
from programmes.models import Organisation

from . import commitment
from .commitment import BASELINE_YEAR, LAST_YEAR, READINGS
from .models import Decision, InvestmentReturn, NeedFigure

QUOTE = ("Increase the budget going towards the social determinants of health and the promotion of good health by "
         "1% every year over the next 5 years.")
QUOTE_SOURCE = "HCP Plan 2024-29, 000:243"


def decision():
    return Decision.objects.select_related("recorded_by").first()


def readings(decided):
    """The readings tracked: both until the business team decides, then only the chosen one."""
    return [decided.reading] if decided else list(READINGS)


def approved():
    return list(InvestmentReturn.objects.filter(state=InvestmentReturn.State.APPROVED)
                .select_related("period", "organisation").order_by("period__start_year", "organisation__name"))


@dataclass
class Coverage:
    reporting: int
    members: int
    budget: Decimal  # the reporting members' budgets
    known: Decimal  # and the latest known budgets of the members not reporting

    @property
    def budget_share(self):
        return commitment.share(self.budget, self.known)


@dataclass
class Year:
    start_year: int
    name: str
    returns: list
    coverage: Coverage
    share: Decimal | None  # pooled: the sum of the amounts over the sum of the budgets
    judgements: dict = field(default_factory=dict)  # reading -> Judgement or None

    @property
    def amount(self):
        return sum((r.prevention_amount for r in self.returns), Decimal(0))

    @property
    def budget(self):
        return sum((r.total_budget for r in self.returns), Decimal(0))


def year_name(start_year):
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def partnership(returns, members, tracked):
    """[Year] from the baseline to 2028-29 (and any later year with returns): pooled share, coverage, and for each
    reading tracked the partnership's judgement. GROWTH compares like with like: the amounts of the members that
    returned both in the baseline year and this one."""
    by_year = defaultdict(list)
    for ret in returns:
        if ret.organisation_id in members:
            by_year[ret.period.start_year].append(ret)
    latest_budget = {}
    years = []
    base = by_year.get(BASELINE_YEAR, [])
    for start_year in range(BASELINE_YEAR, max([LAST_YEAR, *by_year]) + 1):
        rows = by_year.get(start_year, [])
        latest_budget.update({r.organisation_id: r.total_budget for r in rows})
        budget = sum((r.total_budget for r in rows), Decimal(0))
        others = sum((b for pk, b in latest_budget.items() if pk not in {r.organisation_id for r in rows}),
                     Decimal(0))
        year = Year(start_year, year_name(start_year), rows, Coverage(len(rows), len(members), budget, budget + others),
                    commitment.pooled_share((r.prevention_amount, r.total_budget) for r in rows))
        for reading in tracked:
            year.judgements[reading] = _pooled_judgement(reading, start_year, base, rows)
        years.append(year)
    return years


def _pooled_judgement(reading, start_year, base, rows):
    if not base or not rows:
        return None
    if reading == commitment.GROWTH:
        both = {r.organisation_id for r in rows} & {r.organisation_id for r in base}
        base = [r for r in base if r.organisation_id in both]
        rows = [r for r in rows if r.organisation_id in both]
        if not both:
            return None
    pooled = [(sum((r.prevention_amount for r in rs), Decimal(0)), sum((r.total_budget for r in rs), Decimal(0)))
              for rs in (base, rows)]
    return commitment.judge(reading, commitment.years_on(start_year), pooled[0], pooled[1])


@dataclass
class OrganisationLine:
    organisation: object
    cells: list  # per year: (return or None, {reading: Judgement or None})

    @property
    def latest(self):
        judged = [cell for cell in self.cells if cell[0] is not None]
        return judged[-1] if judged else None


def organisation_lines(returns, organisations, years, tracked):
    """Each organisation's returns across the years, each judged against its own baseline return."""
    found = {(r.organisation_id, r.period.start_year): r for r in returns}
    lines = []
    for organisation in organisations:
        base = found.get((organisation.pk, BASELINE_YEAR))
        cells = []
        for year in years:
            ret = found.get((organisation.pk, year.start_year))
            cells.append((ret, {reading: commitment.judge(
                reading, commitment.years_on(year.start_year),
                (base.prevention_amount, base.total_budget) if base else None,
                (ret.prevention_amount, ret.total_budget) if ret else None) for reading in tracked}))
        lines.append(OrganisationLine(organisation, cells))
    return lines


def overview():
    """Everything the page's commitment sections need."""
    decided = decision()
    tracked = readings(decided)
    returns = approved()
    members = list(Organisation.objects.members())
    years = partnership(returns, {m.pk for m in members}, tracked)
    shown = {r.organisation_id for r in returns} | {m.pk for m in members}
    organisations = list(Organisation.objects.filter(pk__in=shown))
    return {"decision": decided, "tracked": [(r, READINGS[r]) for r in tracked], "years": years,
            "lines": organisation_lines(returns, organisations, years, tracked), "members": members,
            "quote": QUOTE, "quote_source": QUOTE_SOURCE, "returns": returns}


def latest_judged(years):
    """The latest year with approved returns, or None."""
    judged = [year for year in years if year.returns]
    return judged[-1] if judged else None


# Spend against need -------------------------------------------------------------------------------------------

@dataclass
class PlaceNeed:
    place: object
    amount: Decimal
    population: NeedFigure | None
    deprivation: NeedFigure | None

    @property
    def per_head(self):
        if self.population and self.population.value:
            return float(self.amount) / self.population.value
        return None


def latest_figures(measure):
    """{Place id: its latest NeedFigure of this measure}."""
    latest = {}
    for figure in NeedFigure.objects.filter(measure=measure).order_by("period"):
        latest[figure.area_id] = figure
    return latest


def spend_against_need(year):
    """([PlaceNeed] for the Places, the rank correlation of spend per head with deprivation, its words), from the
    approved returns' amounts by Place for the year."""
    amounts = defaultdict(Decimal)
    rows = InvestmentReturn.objects.filter(period=year, state=InvestmentReturn.State.APPROVED).values_list("places",
                                                                                                         flat=True)
    for places in rows:
        for row in places:
            amounts[row["place"]] += Decimal(row["amount"])
    population = latest_figures(NeedFigure.Measure.POPULATION)
    deprivation = latest_figures(NeedFigure.Measure.IMD_SCORE)
    places = [PlaceNeed(area, amounts.get(area.pk, Decimal(0)), population.get(area.pk), deprivation.get(area.pk))
              for area in Area.objects.places().order_by("name")]
    paired = [p for p in places if p.per_head is not None and p.deprivation and p.place.pk in amounts]
    result = commitment.spearman([p.deprivation.value for p in paired], [p.per_head for p in paired])
    return places, result, commitment.in_words(result), bool(amounts)


def out_of_line(places):
    """The Places more deprived than the median Place (of those with both figures)
    whose spend per head is below the median: their spend falls as their need rises against the others."""
    paired = [p for p in places if p.per_head is not None and p.deprivation]
    if len(paired) < 4:
        return []
    need = sorted(p.deprivation.value for p in paired)[len(paired) // 2]
    spend = sorted(p.per_head for p in paired)[len(paired) // 2]
    return [p for p in paired if p.deprivation.value > need and p.per_head < spend]


def partnership_headline(returns=None):
    """One sentence for the home page and the board pack: the latest year's pooled share, with its coverage, from
    the approved returns (read here unless the page has read them). One query while no return is approved."""
    returns = approved() if returns is None else returns
    if not returns:
        return ("Prevention investment (000:243): no member organisation's return is approved yet, so nothing is "
                "judged.")
    years = partnership(returns, set(Organisation.objects.members().values_list("pk", flat=True)),
                        readings(decision()))
    latest = latest_judged(years)
    if latest is None or latest.share is None:
        return "Prevention investment (000:243): no HCP member organisation's return is approved yet."
    words = (f"Prevention investment, {latest.name}: {latest.share * 100:.1f}% of the budgets in scope goes to the "
             f"social determinants of health and the promotion of good health, pooled over {latest.coverage.reporting}"
             f" of {latest.coverage.members} member organisations")
    if latest.coverage.budget_share is not None:
        words += f" ({latest.coverage.budget_share * 100:.0f}% of the members' known budgets)"
    verdicts = [f"{READINGS[r].lower()}: {'on track' if j.on_track else 'off track'}"
                for r, j in latest.judgements.items() if j is not None]
    return words + (f"; against the commitment's line ({'; '.join(verdicts)})." if verdicts else ".")
