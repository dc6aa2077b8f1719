"""Illustrative indicator values: made up, so a new install has charts to show.

Every value is tied to an upload of kind ILLUSTRATIVE, which is how each page knows to show its
"illustrative data, not official statistics" banner, and how `--remove` finds them all; the made-up deprivation
deciles of life expectancy and healthy life expectancy too.
"""

import math
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from indicators.models import Indicator, IndicatorValue, Upload
from indicators.summary.freshness import summaries_changed
from places.models import Area

PERIODS = 6
# Rough magnitudes per unit so the made-up charts look like charts of that kind of measure.
SCALES = {"years": (79.0, 3.0), "score": (45.0, 3.0), "per 100,000": (450.0, 120.0), "%": (40.0, 12.0)}
# Life expectancy (1) and healthy life expectancy (2) by sex, roughly England's: women live longer than men, and
# only a little longer in good health.
YEARS_BY_SEX = {1: {"Female": 83.0, "Male": 79.0}, 2: {"Female": 63.5, "Male": 62.5}}

# Made-up deprivation deciles for indicators 1 and 2 in each Place, in Fingertips' own wording, so pages have
# breakdowns to show. Years between the most and least deprived deciles, roughly England's gaps (about 8 years of
# life, 18 of healthy life), and the spread of each decile's estimate (healthy life rests on a survey, so is wider).
DECILE_TYPE = "County & UA deprivation deciles in England (IMD2019, 4/21 geography)"
DECILES = [f"{name} decile (IMD2019)" for name in (
    "Most deprived", "Second most deprived", "Third more deprived", "Fourth more deprived", "Fifth more deprived",
    "Fifth less deprived", "Fourth less deprived", "Third less deprived", "Second least deprived", "Least deprived",
)]
DECILE_GAP = {1: 8.0, 2: 18.0}
DECILE_SPREAD = {1: 7.0, 2: 20.0}


def _period(indicator, end):
    """A period label ending in the given year: three-year for life expectancy, financial years otherwise."""
    start = end - 2 if indicator.unit == "years" else end - 1
    label = f"{start} - {str(end)[2:]}" if indicator.unit == "years" else f"{start}/{str(end)[2:]}"
    return label, start, end


def _breakdowns(indicator):
    return [("Female", "All ages"), ("Male", "All ages")] if indicator.unit == "years" else [("Persons", "All ages")]


def _figure(unit, mean, rng):
    value = max(0.5, rng.gauss(mean, mean * 0.03))
    if unit in ("%", "per 100,000"):
        denominator = float(rng.randrange(4000, 40000))
        per = 100 if unit == "%" else 100_000
        count = round(value * denominator / per)
        p = count / denominator
        half = 1.96 * math.sqrt(p * (1 - p) / denominator) * per
        value = count / denominator * per
        return value, value - half, value + half, float(count), denominator
    half = value * 0.012
    return value, value - half, value + half, None, None


def _series(indicator, sex, age, area, upload, rng, last_year):
    """One area's made-up values for one sex and age, every period, with its deciles where it has them."""
    mean, spread = SCALES.get(indicator.unit, SCALES["%"])
    mean = YEARS_BY_SEX.get(indicator.number, {}).get(sex, mean)
    level = mean + rng.uniform(-spread, spread) * (0 if area.kind == "country" else 1)
    drift = rng.uniform(-0.02, 0.02) * mean
    has_deciles = area.is_place and indicator.number in DECILE_GAP
    # Each decile's population, steady from period to period as a Place's is.
    populations = {category: rng.randrange(8000, 30000) for category in DECILES} if has_deciles else {}
    values = []
    for i in range(PERIODS):
        value, lower, upper, count, denominator = _figure(indicator.unit, level + drift * i, rng)
        period, start, end = _period(indicator, last_year - PERIODS + 1 + i)
        key = dict(indicator=indicator, area=area, period=period, period_start=start, period_end=end, sex=sex,
                   age=age, upload=upload)
        values.append(IndicatorValue(**key, value=round(value, 2), lower_ci=round(lower, 2),
                                     upper_ci=round(upper, 2), count=count, denominator=denominator))
        values += _deciles(indicator, level + drift * i, populations, key, rng)
    return values


def _deciles(indicator, mean, populations, key, rng):
    """Deprivation-decile values around an area's mean, most deprived lowest, with deaths over the three years
    (more where more deprived) and the population, and a 95% interval narrowing as deaths grow."""
    gap, spread = DECILE_GAP.get(indicator.number), DECILE_SPREAD.get(indicator.number)
    values = []
    for rank, (category, population) in enumerate(populations.items()):
        value = mean + gap * (rank / 9 - 0.5) + rng.gauss(0, 0.3)
        deaths = round(population * 3 * (0.014 - 0.006 * rank / 9))
        half = 1.96 * spread / math.sqrt(deaths)
        values.append(IndicatorValue(
            **key, category_type=DECILE_TYPE, category=category, value=round(value, 2),
            lower_ci=round(value - half, 2), upper_ci=round(value + half, 2), count=float(deaths),
            denominator=float(population),
        ))
    return values


@transaction.atomic
def load(seed=2024):
    """Fill every live indicator that has no values yet; returns the number of values created."""
    rng = random.Random(seed)
    areas = [a for a in Area.objects.exclude(code=None) if a.is_place or a.kind in ("country", "region", "ics")]
    empty = Indicator.objects.filter(status=Indicator.Status.LIVE, values__isnull=True).distinct()
    upload = Upload.objects.create(
        file_name="Illustrative data (load_demo_values)", sha256="-", kind=Upload.Kind.ILLUSTRATIVE,
        status=Upload.Status.IMPORTED,
    )
    # The made-up series ends two years ago, as published figures usually do.
    last_year = timezone.localdate().year - 2
    values = []
    for indicator in empty:
        for sex, age in _breakdowns(indicator):
            for area in areas:
                values += _series(indicator, sex, age, area, upload, rng, last_year)
    bulk_create_with_history(values, IndicatorValue, batch_size=2000,
                             default_change_reason="Illustrative data, not official statistics")
    upload.summary = {"created": len(values)}
    upload.save()
    summaries_changed({value.indicator_id for value in values}, now=True)
    return len(values)


@transaction.atomic
def remove():
    """Delete every illustrative value and its upload record; returns the number of values deleted."""
    illustrative = IndicatorValue.objects.illustrative()
    indicator_ids = set(illustrative.values_list("indicator_id", flat=True))
    _, deleted = illustrative.delete()
    Upload.objects.filter(kind=Upload.Kind.ILLUSTRATIVE).delete()
    summaries_changed(indicator_ids, now=True)
    return deleted.get("indicators.IndicatorValue", 0)
