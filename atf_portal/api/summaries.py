"""The stored summaries' judgements for the API, read through the summary's typed entries (indicators/entries.py)
as the pages read them: comparison, trend, change since the baseline and inequality, never targets."""


def _change(change):
    if change is None:
        return None
    return {"since": change.period, "baseline_value": change.value, "change": change.change,
            "label": change.label.label, "significant": change.significant}


def places(summary, areas):
    rows = []
    for area in areas:
        entry = summary.place(area)
        if entry is None:
            continue
        within = summary.inequality_for(area)
        deprivation = within.deprivation if within else None
        latest = deprivation.latest if deprivation else None
        rows.append({
            "area_code": area.code, "area_name": area.name, "period": entry.period, "value": entry.value,
            "lower_ci": entry.figure.lower, "upper_ci": entry.figure.upper,
            "vs_england": entry.comparison.label, "vs_north_west": entry.vs_north_west.label,
            "trend": entry.trend.label, "change_since_baseline": _change(entry.change),
            "deprivation_gap": {
                "period": latest["period"], "gap": (latest.get("gap") or {}).get("absolute"),
                "sii": (latest.get("sii") or {}).get("sii"), "change": deprivation.change.label,
                "since": deprivation.since,
            } if latest else None,
        })
    return rows


def cm(summary):
    entry = summary.cm_entry
    if entry is None:
        return None
    return {"period": entry.period, "value": entry.value, "lower_ci": entry.figure.lower,
            "upper_ci": entry.figure.upper, "vs_england": entry.comparison.label, "trend": entry.trend.label,
            "computed_by_portal": entry.computed, "change_since_baseline": _change(entry.change)}
