"""The stored summary's judgements as typed entries: what one Place, Cheshire and Merseyside, a gap or a ranking
shows, each label a label choice (`statistics.labels`).

A summary keeps them as JSON (`IndicatorSummary`, worked out by `indicators.summary`); its accessors read each
entry from that JSON once, so every page, flag, export and chart takes the same judgement the same way.
"""

from dataclasses import dataclass, field

from indicators.statistics.labels import Change, Comparison, GapChange, Trajectory, Trend


@dataclass(frozen=True)
class Figure:
    """A published (or computed) value with its 95% limits."""

    value: float | None
    lower: float | None
    upper: float | None
    period: str = ""
    note: str = ""

    @classmethod
    def read(cls, data):
        return cls(data.get("value"), data.get("lower_ci"), data.get("upper_ci"), data.get("period", ""),
                   data.get("note", ""))


@dataclass(frozen=True)
class ChangeSince:
    """Change from the baseline period to the latest; `significant` None when it could not be tested."""

    period: str
    value: float
    change: float | None
    label: Change
    significant: bool | None

    @classmethod
    def read(cls, data):
        if not data:
            return None
        return cls(data["period"], data["value"], data["change"], Change(data["label"]), data["significant"])


@dataclass(frozen=True)
class TrajectoryEntry:
    """An area against its target's straight line: the value the line expects now and whether the area is on it."""

    target: str
    for_every_place: bool
    kind: str
    expected: float
    status: Trajectory
    line: list
    end: float

    @classmethod
    def read(cls, data):
        if not data:
            return None
        return cls(data["target"], data["for_every_place"], data["kind"], data["expected"],
                   Trajectory(data["status"]), data["line"], data["end"])


@dataclass(frozen=True)
class PlaceEntry:
    """One Place's latest figure with its judgements. Where Fingertips published a different comparison or trend,
    its label is the one shown (`*_from_fingertips`) and the portal's own is kept beside it."""

    figure: Figure
    comparison: Comparison
    vs_north_west: Comparison
    trend: Trend
    portal_comparison: Comparison
    portal_trend: Trend
    comparison_from_fingertips: bool = False
    trend_from_fingertips: bool = False
    change: ChangeSince | None = None
    trajectory: TrajectoryEntry | None = None

    @property
    def value(self):
        return self.figure.value

    @property
    def period(self):
        return self.figure.period

    @classmethod
    def read(cls, data):
        comparison, trend = Comparison(data["vs_england"]), Trend(data["trend"])
        return cls(
            figure=Figure.read(data), comparison=comparison, vs_north_west=Comparison(data["vs_north_west"]),
            trend=trend, portal_comparison=Comparison.read(data.get("portal_vs_england")) or comparison,
            portal_trend=Trend.read(data.get("portal_trend")) or trend,
            comparison_from_fingertips=bool(data.get("vs_england_from_fingertips")),
            trend_from_fingertips=bool(data.get("trend_from_fingertips")),
            change=ChangeSince.read(data.get("baseline")), trajectory=TrajectoryEntry.read(data.get("trajectory")),
        )


@dataclass(frozen=True)
class CmEntry:
    """Cheshire and Merseyside as one level: the ICB's published figure, or the portal's computed from the nine
    Places (`computed`, with its `method`); `series` is [period, value, lower, upper] per period."""

    figure: Figure
    england: float | None
    comparison: Comparison
    trend: Trend
    series: list
    computed: bool = False
    method: str = ""
    change: ChangeSince | None = None
    trajectory: TrajectoryEntry | None = None

    @property
    def value(self):
        return self.figure.value

    @property
    def period(self):
        return self.figure.period

    @classmethod
    def read(cls, data):
        if "value" not in data:
            return None
        return cls(figure=Figure.read(data), england=data.get("england"), comparison=Comparison(data["vs_england"]),
                   trend=Trend(data["trend"]), series=data.get("series", []), computed=bool(data.get("computed")),
                   method=data.get("method", ""), change=ChangeSince.read(data.get("baseline")),
                   trajectory=TrajectoryEntry.read(data.get("trajectory")))


@dataclass(frozen=True)
class GapTrend:
    """A gap in each period (a deprivation gap and SII, or the female-male gap) and whether it widened since."""

    periods: list
    change: GapChange
    since: str
    category_type: str = ""

    @property
    def latest(self):
        """The latest deprivation period with an SII or a gap (None when none has)."""
        return next((p for p in reversed(self.periods) if p.get("sii") or p.get("gap")), None)

    @classmethod
    def read(cls, data):
        if not data:
            return None
        return cls(data["periods"], GapChange(data["change"]), data.get("since", ""), data.get("category_type", ""))


@dataclass(frozen=True)
class GroupRange:
    """The spread across one unordered grouping in its latest period, each group against the Place's figure."""

    category_type: str
    period: str
    range: float
    highest: str
    lowest: str
    groups: list

    @classmethod
    def read(cls, data):
        groups = [{**group, "vs_overall": Comparison(group["vs_overall"])} for group in data["groups"]]
        return cls(data["category_type"], data["period"], data["range"], data["highest"], data["lowest"], groups)


@dataclass(frozen=True)
class InequalityEntry:
    """Inequality within one Place: by deprivation, across groups, between the sexes."""

    deprivation: GapTrend | None
    groups: list = field(default_factory=list)
    sex: GapTrend | None = None

    @classmethod
    def read(cls, data):
        return cls(GapTrend.read(data.get("deprivation")), [GroupRange.read(g) for g in data.get("groups") or []],
                   GapTrend.read(data.get("sex")))


@dataclass(frozen=True)
class PeerRow:
    name: str
    kind: str
    value: float
    lower: float | None
    upper: float | None
    is_cm: bool
    computed: bool
    rank: int


@dataclass(frozen=True)
class Peers:
    """Cheshire and Merseyside ranked among England's ICBs and regions in the latest period, best first; or why
    C&M has no figure (`cm_reason`)."""

    period: str = ""
    rows: list = field(default_factory=list)
    cm_rank: int | None = None
    icbs: int = 0
    cm_reason: str = ""

    @classmethod
    def read(cls, data):
        return cls(data.get("period", ""), [PeerRow(**row) for row in data.get("rows", [])], data.get("cm_rank"),
                   data.get("icbs", 0), data.get("cm_reason", ""))


@dataclass(frozen=True)
class Agreement:
    """How far the portal's comparisons and trends agree with the labels Fingertips published."""

    compared: int
    agreed: int
    rate: float | None
    disagreements: list

    @classmethod
    def read(cls, data):
        if not data or not data.get("compared"):
            return None
        return cls(data["compared"], data["agreed"], data["rate"], data.get("disagreements", []))
