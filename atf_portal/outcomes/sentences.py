"""The report's figures in plain sentences a resident can read (about reading age 12, tests/test_outcomes.py
measures it): short sentences, everyday words, one fact each. Built from the label choices the summary stores,
so a sentence never says more than the statistics did."""

from indicators.statistics.labels import Change, Comparison, GapChange, Trend

COMPARED = {
    Comparison.BETTER: "This is better than England.", Comparison.WORSE: "This is worse than England.",
    Comparison.SIMILAR: "This is about the same as England.", Comparison.HIGHER: "This is higher than England.",
    Comparison.LOWER: "This is lower than England.",
}
TREND = {
    Trend.INCREASING_BETTER: "It has been getting better over the last few years.",
    Trend.DECREASING_BETTER: "It has been getting better over the last few years.",
    Trend.INCREASING_WORSE: "It has been getting worse over the last few years.",
    Trend.DECREASING_WORSE: "It has been getting worse over the last few years.",
    Trend.INCREASING: "It has been going up over the last few years.",
    Trend.DECREASING: "It has been going down over the last few years.",
    Trend.NO_SIGNIFICANT_CHANGE: "It has not changed much over the last few years.",
}
SINCE = {
    Change.BETTER: "It is better than in {since}, our starting point.",
    Change.WORSE: "It is worse than in {since}, our starting point.",
    Change.HIGHER: "It is higher than in {since}, our starting point.",
    Change.LOWER: "It is lower than in {since}, our starting point.",
    Change.NO_SIGNIFICANT_CHANGE: "It is about the same as in {since}, our starting point.",
    Change.NO_CHANGE: "It is the same as in {since}, our starting point.",
}
GAP = {
    GapChange.WIDENING: "The gap has grown since {since}.", GapChange.NARROWING: "The gap has shrunk since {since}.",
    GapChange.NO_SIGNIFICANT_CHANGE: "The gap is about the same as in {since}.",
}


def figure(value, suffix):
    return f"{value:,.1f}{suffix}" if value is not None else "no figure"


def area_sentence(row, indicator):
    """E.g. "In Halton the figure was 12.4% in 2022/23. This is worse than England. It has been getting better over
    the last few years." Comparisons and trends that could not be judged are left unsaid."""
    parts = [f"In {row['area']} the figure was {figure(row['value'], indicator['suffix'])} in {row['period']}."]
    parts.append(COMPARED.get(Comparison(row["comparison"]), ""))
    parts.append(TREND.get(Trend(row["trend"]), ""))
    change = row["change"]
    if change and Change(change["label"]) in SINCE:
        parts.append(SINCE[Change(change["label"])].format(since=change["since"]))
    return " ".join(part for part in parts if part)


def inequality_sentence(name, inequality, indicator):
    """The gap between the most and least deprived parts of a Place, and between women and men."""
    parts = []
    unit = indicator["difference_suffix"]
    deprivation = inequality.get("deprivation")
    if deprivation:
        word = "higher" if deprivation["gap"] > 0 else "lower"
        parts.append(f"In {name}, the figure for the most deprived areas was {figure(abs(deprivation['gap']), unit)} "
                     f"{word} than for the least deprived areas in {deprivation['period']}.")
        if GapChange(deprivation["change"]) in GAP:
            parts.append(GAP[GapChange(deprivation["change"])].format(since=deprivation["since"]))
    sex = inequality.get("sex")
    if sex:
        word = "higher" if sex["gap"] > 0 else "lower"
        parts.append(f"For women it was {figure(abs(sex['gap']), unit)} {word} than for men in {sex['period']}.")
        if not sex["significant"]:
            parts.append("This may be down to chance.")
    return " ".join(parts)
