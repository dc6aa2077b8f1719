"""The stored progress figures (tracking.py) as the pages and downloads show them: rows with their areas, and
plain sentences a board member can read without knowing the statistics."""

from indicators.statistics import inequality

CHANGE_WORDS = {
    inequality.WIDENING: "has widened significantly", inequality.NARROWING: "has narrowed significantly",
    inequality.NO_SIGNIFICANT_CHANGE: "has not changed significantly",
}


def progress_rows(summary, places, cm_area=None):
    """One row per Place (and C&M) with its latest entry (PlaceEntry or CmEntry), change since the baseline and
    trajectory."""
    rows = []
    for area in places:
        entry = summary.place(area) if summary else None
        if entry:
            rows.append({"area": area, "latest": entry, "change": entry.change, "trajectory": entry.trajectory})
    cm = summary.cm_entry if summary else None
    if cm:
        rows.append({"area": cm_area, "name": "Cheshire and Merseyside", "latest": cm, "change": cm.change,
                     "trajectory": cm.trajectory, "computed": cm.computed})
    return rows


def inequality_rows(indicator, summary, places):
    """One row per Place with inequality figures: the latest deprivation gap and SII with their sentence, the
    unordered groupings, and the female-male gap."""
    rows = []
    for area in places:
        within = summary.inequality_for(area) if summary else None
        if not within:
            continue
        deprivation = within.deprivation
        latest = deprivation.latest if deprivation else None
        rows.append({
            "area": area, "deprivation": deprivation, "latest": latest,
            "sentence": deprivation_sentence(indicator, area.name, deprivation, latest) if latest else "",
            "groups": within.groups, "sex": within.sex,
            "sex_sentence": sex_sentence(indicator, area.name, within.sex),
        })
    return rows


def place_inequality(indicators, place):
    """[(indicator, inequality row)] for one Place, from each indicator's default summary (loaded
    `with_summary`): the Place page's inequality section."""
    rows = []
    for indicator in indicators:
        found = inequality_rows(indicator, indicator.summary, [place]) if indicator.summary else []
        if found:
            rows.append((indicator, found[0]))
    return rows


def within_place_gaps(summaries, places):
    """For the home page: each Place's latest deprivation gap in each of the given summaries (life expectancy and
    healthy life expectancy, by sex). Returns (the summaries with deprivation figures, [(place, [inequality row or
    None per summary])])."""
    by_summary = []
    for summary in summaries:
        rows = {row["area"].pk: row for row in inequality_rows(summary.indicator, summary, places) if row["latest"]}
        if rows:
            by_summary.append((summary, rows))
    return [summary for summary, _ in by_summary], [
        (place, [rows.get(place.pk) for _, rows in by_summary]) for place in places]


def deprivation_sentence(indicator, name, deprivation, latest):
    """E.g. "In Halton in 2021 - 23 the most deprived tenth's value was 9.8 years lower than the least deprived
    tenth's; the slope index of inequality is 10.4 years (95% CI 8.9 to 11.9). Since 2017 - 19 the gap has widened
    significantly."""
    unit = indicator.difference_suffix
    parts = []
    gap = latest.get("gap")
    if gap:
        word = "higher" if gap["absolute"] > 0 else "lower"
        size = "tenth" if len(latest["groups"]) == 10 else "fifth" if len(latest["groups"]) == 5 else "group"
        parts.append(f"In {name} in {latest['period']} the most deprived {size}'s value was "
                     f"{abs(gap['absolute']):.3g}{unit} {word} than the least deprived {size}'s")
    sii = latest.get("sii")
    if sii:
        interval = f" (95% CI {sii['lower']:.3g} to {sii['upper']:.3g})" if sii["lower"] is not None else ""
        parts.append(f"the slope index of inequality is {sii['sii']:.3g}{unit}{interval}")
    sentence = "; ".join(parts) + "."
    if not parts:
        return ""
    if not gap:
        sentence = f"In {name} in {latest['period']} " + sentence
    if deprivation.change in CHANGE_WORDS:
        sentence += f" Since {deprivation.since} the gap {CHANGE_WORDS[deprivation.change]}."
    if not latest["weighted"]:
        sentence += " (The figures give no population for each group, so the groups are weighted equally.)"
    return sentence[0].upper() + sentence[1:]


def sex_sentence(indicator, name, sex):
    if not sex:
        return ""
    latest = sex.periods[-1]
    word = "higher" if latest["gap"] > 0 else "lower"
    unit = indicator.difference_suffix
    sentence = (f"In {name} in {latest['period']} the figure for women was {abs(latest['gap']):.3g}{unit} "
                f"{word} than for men" + ("" if latest.get("significant") else " (not a significant difference)") + ".")
    if sex.change in CHANGE_WORDS:
        sentence += f" Since {sex.since} the gap {CHANGE_WORDS[sex.change]}."
    return sentence


def export_rows(indicator, summary, places, breakdown_values):
    """Every progress figure of one breakdown, one row each, for CSV/XLSX: breakdown values, deprivation gaps and
    SII per period, group ranges, female-male gaps, change since baseline, trajectory and C&M's rank."""
    header = ["Figure", "Area", "Period", "Sex", "Age", "Category type", "Category", "Value", "Lower 95% CI",
              "Upper 95% CI", "Label", "Note"]
    sex, age = (summary.sex, summary.age) if summary else ("", "")
    names = {area.pk: area.name for area in places}
    rows = [["Breakdown value", v.area.name, v.period, v.sex, v.age, v.category_type, v.category, v.value, v.lower_ci,
             v.upper_ci, "", v.value_note] for v in breakdown_values if (v.sex, v.age) == (sex, age)]
    for area_id, within in (summary.inequality_entries.items() if summary else []):
        deprivation = within.deprivation
        for period in deprivation.periods if deprivation else []:
            gap, sii = period["gap"] or {}, period["sii"] or {}
            base = [names.get(area_id, area_id), period["period"], sex, age, deprivation.category_type, ""]
            if gap:
                rows.append(["Most minus least deprived", *base, gap["absolute"], None, None, "",
                             f"relative {gap['relative']:.3g}" if gap.get("relative") else ""])
            if sii:
                rows.append(["Slope index of inequality", *base, sii["sii"], sii["lower"], sii["upper"],
                             deprivation.change.label, "" if period["weighted"] else "groups weighted equally"])
        for group in within.groups:
            rows.append(["Range across groups", names.get(area_id, area_id), group.period, sex, age,
                         group.category_type, "", group.range, None, None, "",
                         f"highest {group.highest}, lowest {group.lowest}"])
        for period in within.sex.periods if within.sex else []:
            rows.append(["Female minus male", names.get(area_id, area_id), period["period"], "", age, "", "",
                         period["gap"], period["lower"], period["upper"], within.sex.change.label, ""])
    for row in progress_rows(summary, places):
        name = row["area"].name if row["area"] else row["name"]
        if row["change"]:
            b = row["change"]
            rows.append(["Change since baseline", name, f"{b.period} to {row['latest'].period}", sex, age, "", "",
                         b.change, None, None, b.label.label, f"baseline value {b.value:g}"])
        if row["trajectory"]:
            t = row["trajectory"]
            rows.append(["Trajectory", name, row["latest"].period, sex, age, "", "", t.expected, None, None,
                         t.status.label, t.target])
    peers = summary.peers_entry if summary else None
    for peer in peers.rows if peers else []:
        rows.append(["Rank among ICBs and regions", peer.name, peers.period, sex, age, "", "", peer.value, peer.lower,
                     peer.upper, f"rank {peer.rank}", "computed by the portal" if peer.computed else ""])
    return header, rows

