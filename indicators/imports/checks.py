"""The rules a row of an indicator file must pass, shared by both readers in services.py: the fast whole-column
reader of a clean Fingertips export and the row-by-row reader here, which names every row at fault. Both accept,
skip and store exactly the same rows (tests/test_indicator_import.py and tests/test_indicator_breakdowns.py check
they plan the same import)."""

import re

from indicators.imports import importers
from indicators.models import Indicator, period_years
from places.models import Area

NUMBER_FIELDS = ["value", "lower_ci", "upper_ci", "lower_ci_998", "upper_ci_998", "count", "denominator"]

SKIP_BREAKDOWN_ELSEWHERE = "breakdown rows for areas outside Cheshire and Merseyside, England and the North West"
SKIP_UNCLAIMED = "rows for Fingertips indicator IDs no Beacon Indicator claims"
SKIP_BLANK = "rows with neither a value nor a value note"
SKIP_REPEAT = "rows repeating an earlier row exactly"

# No indicator, confidence limit, count or denominator comes near a million million (England's population is under
# 60 million); a figure beyond it is a slip, and would overflow the summaries' arithmetic.
MAX_FIGURE = 1e12

ICB_CODE = re.compile(r"^n([EWSN]\d{8})$")  # Fingertips may prefix ICB codes with "n", e.g. nE54000008


def portal_codes():
    """The codes of the areas the portal shows, the only areas whose Fingertips breakdown rows are kept: a national
    export has deprivation-decile rows for every English authority, several times its headline rows, and no page
    shows them (other areas' headline rows are kept for England's distribution). The template is filled in by
    hand, so its breakdowns are kept for any area the portal knows rather than quietly left out."""
    return set(Area.objects.portal().exclude(code=None).values_list("code", flat=True))


def category_problem(category_type, category):
    """(field, message) when a row gives only one of a category type and a category, else None."""
    if category and not category_type:
        return "category_type", (f"is empty, but the row has a category ('{category}'): give both for a breakdown, "
                                 "or neither for the figure for the whole area")
    if category_type and not category:
        return "category", (f"is empty, but the row has a category type ('{category_type}'): give both for a "
                            "breakdown, or neither for the figure for the whole area")
    return None


def area_kind(area_type):
    """The portal's kind for a Fingertips "Area Type" such as "Counties & UAs (from Apr 2023)" or "ICBs"."""
    text = area_type.lower()
    if "sub-icb" in text or "sub icb" in text:
        return Area.Kind.OTHER
    if "count" in text or "ua" in text.split() or "uas" in text or "upper tier" in text:
        return Area.Kind.UTLA
    if "icb" in text or "integrated care" in text:
        return Area.Kind.ICB
    if "region" in text:
        return Area.Kind.REGION
    if text.startswith("england"):
        return Area.Kind.COUNTRY
    return Area.Kind.OTHER


class RowChecker:
    def __init__(self, kind, columns, new_areas):
        self.kind = kind
        self.columns = columns
        self.areas = set(Area.objects.exclude(code=None).values_list("code", flat=True))
        self.portal = portal_codes()
        self.new_areas = new_areas
        self.periods = {}
        indicators = list(Indicator.objects.all())
        self.by_fingertips_id = {i.fingertips_id: i for i in indicators if i.fingertips_id}
        self.by_number = {i.number: i for i in indicators}

    def check(self, record, errors):
        """Return (key, fields), or the reason the row is skipped; add (column, message) pairs to errors."""
        area = record["area_code"]
        category_type, category = record.get("category_type", ""), record.get("category", "")
        if self.kind == "fingertips":
            if area[:1] == "n":
                area = ICB_CODE.sub(r"\1", area)
            if category_type and area not in self.portal:
                return SKIP_BREAKDOWN_ELSEWHERE
            indicator = self._fingertips_indicator(record, errors)
            if indicator is None or isinstance(indicator, str):
                return indicator
            self._note_new_area(record, area, errors)
        else:
            indicator = self._template_indicator(record, errors)
            if area not in self.areas:
                errors.append((self.columns["area_code"], f"'{area}' is not an area code the portal knows"))
        problem = category_problem(category_type, category)
        if problem:
            errors.append((self.columns[problem[0]], problem[1]))
        numbers, years = self._figures(record, errors)
        if errors:
            return None
        if numbers["value"] is None and not record["value_note"]:
            return SKIP_BLANK
        key = (indicator.pk, area, record["period"], record["sex"], record["age"], category_type, category)
        fields = (numbers["value"], numbers["lower_ci"], numbers["upper_ci"], numbers["lower_ci_998"],
                  numbers["upper_ci_998"], numbers["count"], numbers["denominator"], record["value_note"],
                  record.get("published_comparison", ""), record.get("published_trend", ""), *years)
        return key, fields

    def _fingertips_indicator(self, record, errors):
        """The Beacon Indicator claiming the row's Fingertips ID, SKIP_UNCLAIMED, or None (an error)."""
        fingertips_id = self._integer(record, "indicator_id", errors)
        if fingertips_id is None:
            return None
        return self.by_fingertips_id.get(fingertips_id, SKIP_UNCLAIMED)

    def _template_indicator(self, record, errors):
        number = self._integer(record, "indicator_number", errors)
        indicator = self.by_number.get(number)
        if number is not None and indicator is None:
            errors.append((self.columns["indicator_number"], f"there is no Beacon Indicator {number}"))
        return indicator

    def _note_new_area(self, record, area, errors):
        if area in self.areas or area in self.new_areas:
            return
        if not area or len(area) > 9:
            errors.append((self.columns["area_code"], f"'{area}' is not an area code"))
        else:  # every English area is kept, for England's distribution; created on import
            self.new_areas[area] = (record.get("area_name", ""), area_kind(record.get("area_type", "")))

    def _figures(self, record, errors):
        """The row's numbers by field and its period's (first, last) year, checked."""
        numbers = {name: self._number(record, name, errors) for name in NUMBER_FIELDS}
        period = record["period"]
        years = self.periods.get(period)
        if years is None:
            years = self.periods[period] = period_years(period)
        if not years:
            errors.append((self.columns["period"], f"'{period}' does not contain a year"))
        for name in ("sex", "age"):
            if not record[name]:
                errors.append((self.columns[name], "is empty"))
        if numbers["count"] is not None and numbers["count"] < 0:
            errors.append((self.columns["count"], f"the count {numbers['count']:g} is below zero"))
        if numbers["denominator"] is not None and numbers["denominator"] <= 0:
            errors.append((self.columns["denominator"], f"the denominator {numbers['denominator']:g} is not above "
                                                        "zero: leave it blank if it is not known"))
        lower, upper = numbers["lower_ci"], numbers["upper_ci"]
        if lower is not None and upper is not None and lower > upper:
            errors.append((self.columns["lower_ci"], f"the lower limit {lower:g} is above the upper limit {upper:g}"))
        return numbers, years

    def _integer(self, record, name, errors):
        text = record[name]
        if not text.isdigit():
            errors.append((self.columns[name], f"'{text}' is not a whole number"))
            return None
        return int(text)

    def _number(self, record, name, errors):
        text = record.get(name, "").replace(",", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = None
        column = self.columns.get(name, importers.FINGERTIPS_OPTIONAL.get(name, name))
        if number is None or number != number or number in (float("inf"), float("-inf")):
            errors.append((column, f"'{record[name]}' is not a number"))
            return None
        if abs(number) > MAX_FIGURE:
            errors.append((column, f"'{record[name]}' is beyond any figure an indicator could have (more than "
                                   f"{MAX_FIGURE:,.0f}); check the column"))
            return None
        return number
