"""The frozen content of a published outcomes report, worked out from the indicator summary read model.

Only official figures go in: a summary drawn from any illustrative (made-up) value is left out whole, and so are
targets and trajectories, people, returns other than approved ones the team marked, and anything else the signed-in
portal holds. Everything the public pages and the API show of a report is in this one JSON document.
"""

from atf_portal.framework.models import HeadlineAmbition, Theme
from indicators.models import Indicator
from places.models import Area
from programmes.reporting.models import Update

from .models import Commentary, PublishedUpdate
from .sentences import area_sentence, inequality_sentence

LIFE_EXPECTANCY = "How long people live"  # indicators 1 and 2 stand above the themes (Indicator.theme is blank)


def build(year):
    places = list(Area.objects.places())
    indicators = list(Indicator.objects.with_summary())
    commentary = {c.theme_id: c.text for c in Commentary.objects.filter(year=year)}
    updates = _published_updates()
    sections = [{"number": None, "title": LIFE_EXPECTANCY, "commentary": "", "updates": [],
                 "indicators": [_indicator(i, places) for i in indicators if i.theme_id is None]}]
    for theme in Theme.objects.all():
        sections.append({
            "number": theme.number, "title": theme.title, "commentary": commentary.get(theme.pk, ""),
            "indicators": [_indicator(i, places) for i in indicators if i.theme_id == theme.pk],
            "updates": updates.get(theme.number, []),
        })
    return {
        "year": year,
        "places": [{"slug": place.slug, "name": place.name, "code": place.code} for place in places],
        "ambitions": [{"number": a.number, "title": a.title, "statements": a.statement_list()}
                      for a in HeadlineAmbition.objects.all()],
        "themes": sections,
    }


def _indicator(indicator, places):
    summary = indicator.summary
    official = summary is not None and summary.has_data and not summary.illustrative
    found = {
        "number": indicator.number, "title": indicator.title, "unit": indicator.unit,
        "suffix": indicator.unit_suffix, "difference_suffix": indicator.difference_suffix,
        "polarity": indicator.get_polarity_display(), "source": _source(indicator), "published": official,
    }
    if not official:
        return found
    cm = summary.cm_entry
    found.update(
        period=summary.latest_period, baseline_period=summary.baseline_period, sex=summary.sex, age=summary.age,
        england=summary.england_value,
        cm=_area_row("Cheshire and Merseyside", "", cm, None, found) if cm else None,
        places=[_area_row(place.name, place.slug, entry, summary.inequality_for(place), found)
                for place in places if (entry := summary.place(place))],
    )
    return found


def _area_row(name, slug, entry, within, indicator):
    change = entry.change
    row = {
        "area": name, "slug": slug, "value": entry.value, "lower": entry.figure.lower, "upper": entry.figure.upper,
        "period": entry.period, "comparison": entry.comparison.label, "comparison_colour": entry.comparison.colour,
        "trend": entry.trend.label, "trend_colour": entry.trend.colour,
        "change": {"label": change.label.label, "colour": change.label.colour if change.significant else "grey",
                   "since": change.period, "baseline_value": change.value} if change else None,
        "inequality": _inequality(within),
    }
    row["sentence"] = area_sentence(row, indicator)
    if row["inequality"]:
        row["inequality"]["sentence"] = inequality_sentence(name, row["inequality"], indicator)
    return row


def _inequality(within):
    """The latest gap between the most and least deprived, and between women and men, with how each changed."""
    if within is None:
        return None
    found = {}
    deprivation = within.deprivation
    latest = deprivation.latest if deprivation else None
    if latest and latest.get("gap"):
        found["deprivation"] = {"period": latest["period"], "gap": latest["gap"]["absolute"],
                                "change": deprivation.change.label, "since": deprivation.since}
    if within.sex and within.sex.periods:
        last = within.sex.periods[-1]
        found["sex"] = {"period": last["period"], "gap": last["gap"], "significant": bool(last.get("significant")),
                        "change": within.sex.change.label, "since": within.sex.since}
    return found or None


def _source(indicator):
    if indicator.data_source:
        return indicator.data_source
    return "Fingertips (Office for Health Improvement and Disparities)" if indicator.fingertips_id else ""


def _published_updates():
    """{theme number: [update]} of the approved updates the team marked for publication: the programme, the
    period, the rating and the narrative; never who wrote or approved it."""
    by_theme = {}
    marked = PublishedUpdate.objects.filter(update__state=Update.State.APPROVED).select_related(
        "update__programme__theme", "update__period").order_by("update__programme__plan_order", "update__period__end")
    for published in marked:
        update = published.update
        by_theme.setdefault(update.programme.theme.number, []).append({
            "programme": update.programme.name, "period": update.period.name,
            "rag": update.get_rag_display(), "narrative": update.narrative,
        })
    return by_theme
