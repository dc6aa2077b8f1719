"""Datasets for dashboard tests and the page benchmark: values with known comparisons, and more programmes."""

from atf_portal.framework.models import Theme
from indicators.models import IndicatorValue
from indicators.summary.analysis import refresh_summaries
from places.models import Area
from programmes.models import Programme


def add_series(indicator, rows, years=range(2019, 2024), sex="Persons"):
    """rows: {area code: (value, lower, upper, count, denominator)} repeated for each year, ending with `years`."""
    areas = {a.code: a for a in Area.objects.exclude(code=None)}
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=areas[code], period=f"{year}/{str(year + 1)[2:]}",
                       period_start=year, period_end=year + 1, sex=sex, age="All ages", value=value,
                       lower_ci=lower, upper_ci=upper, count=count, denominator=denominator)
        for year in years for code, (value, lower, upper, count, denominator) in rows.items()
    )
    refresh_summaries([indicator.pk])


def add_programmes(count, themes=None):
    themes = themes or list(Theme.objects.all())
    Programme.objects.bulk_create(
        Programme(theme=themes[i % len(themes)], name=f"Extra programme {i:04}", measures="Counted")
        for i in range(count)
    )
