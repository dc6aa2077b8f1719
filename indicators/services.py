"""Importing indicator values from a Fingertips export or the portal template.

Imports the pretix way: read the whole file, check every row and collect row-numbered errors, and only
when there are none write everything in one transaction. A file with any error writes nothing.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.urls import reverse
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from atf_portal.imports import ImportFlow, Plan
from places.models import Area

from .analysis import refresh_summaries
from .importers import FINGERTIPS_COLUMNS, TEMPLATE_COLUMNS, FileError, read_file
from .models import Indicator, IndicatorValue, Upload, period_years

VALUE_FIELDS = ["value", "lower_ci", "upper_ci", "count", "denominator", "value_note", "published_comparison"]
NUMBER_FIELDS = ["value", "lower_ci", "upper_ci", "count", "denominator"]

SKIP_BREAKDOWN = "breakdown rows (with a Category Type)"
SKIP_UNCLAIMED = "rows for Fingertips indicator IDs no Beacon Indicator claims"
SKIP_AREA = "rows for areas outside the portal"
SKIP_BLANK = "rows with neither a value nor a value note"
SKIP_REPEAT = "rows repeating an earlier row exactly"

# Words that say nothing about what an indicator measures, left out when matching a Fingertips name to a title.
MATCH_NOISE = {"the", "and", "for", "with", "from", "who", "are", "all", "per", "percentage", "proportion", "rate",
               "number", "aged", "age", "years", "year", "persons"}


@dataclass
class ImportPlan(Plan):
    kind: str = ""
    rows_read: int = 0
    skipped: Counter = field(default_factory=Counter)
    to_create: list = field(default_factory=list)
    to_update: list = field(default_factory=list)
    unchanged: int = 0
    unclaimed: list = field(default_factory=list)  # one dict per Fingertips ID no Beacon Indicator claims
    accepted: dict = field(default_factory=dict, repr=False)  # {key: (row number, fields)}, to diff again

    def summary(self):
        return {
            "kind": self.kind, "rows_read": self.rows_read, "created": len(self.to_create),
            "updated": len(self.to_update), "unchanged": self.unchanged, "skipped": dict(self.skipped),
            "unclaimed": self.unclaimed, "errors": self.errors,
        }


class IndicatorFlow(ImportFlow):
    """Indicator values through the shared flow; earlier figures stay in each value's history."""

    upload_model = Upload
    plan_class = ImportPlan
    limit_size = False  # a national Fingertips export runs to tens of MB; the upload form keeps its own limit

    def check(self, plan, content, user):
        read_into(plan, content)

    def upload_fields(self, plan):
        return {"kind": plan.kind}

    def rows_to_lock(self, plan):
        # Two imports of the same indicator, confirmed at once: the second waits, then works from the first's values.
        return Indicator.objects.filter(pk__in={key[0] for key in plan.accepted})

    def recheck(self, plan):
        plan.to_create, plan.to_update, plan.unchanged = [], [], 0
        _diff(plan, plan.accepted)

    def write(self, plan, upload, user):
        reason = f"Imported from {plan.file_name}"
        for value in [*plan.to_create, *plan.to_update]:
            value.upload = upload
        bulk_create_with_history(plan.to_create, IndicatorValue, batch_size=2000, default_user=user,
                                 default_change_reason=reason)
        bulk_update_with_history(plan.to_update, IndicatorValue,
                                 [*VALUE_FIELDS, "period_start", "period_end", "upload"], batch_size=2000,
                                 default_user=user, default_change_reason=reason)

    def finish(self, plan):
        # After the upload is stamped: a summary records when its figures were last loaded.
        refresh_summaries({value.indicator_id for value in [*plan.to_create, *plan.to_update]})


def read_into(plan, content):
    """Read and check every row of a file and work out what importing it would change."""
    file_name = plan.file_name
    try:
        parsed = read_file(file_name, content)
    except FileError as exc:
        plan.errors.append(f"{file_name}: {exc}")
        return
    plan.kind = parsed.kind
    plan.rows_read = len(parsed.rows)
    where = f"{file_name}" + (f", sheet '{parsed.sheet}'" if parsed.sheet else "")
    columns = FINGERTIPS_COLUMNS if parsed.kind == "fingertips" else TEMPLATE_COLUMNS
    checker = _RowChecker(parsed.kind, columns)
    accepted = {}
    unclaimed = {}  # Fingertips ID -> (its Indicator Name in the file, rows)
    for number, record in parsed.rows:
        errors = []
        result = checker.check(record, errors)
        if errors:
            plan.errors.extend(f"{where}, row {number}, column '{column}': {message}" for column, message in errors)
            continue
        if isinstance(result, str):
            plan.skipped[result] += 1
            if result == SKIP_UNCLAIMED:
                fingertips_id = int(record["indicator_id"])
                name, rows = unclaimed.get(fingertips_id, (record.get("indicator_name", ""), 0))
                unclaimed[fingertips_id] = (name, rows + 1)
            continue
        key, fields = result
        if key in accepted:
            earlier_number, earlier = accepted[key]
            if earlier == fields:
                plan.skipped[SKIP_REPEAT] += 1
            else:
                plan.errors.append(
                    f"{where}, row {number}: repeats the indicator, area, period, sex and age of row "
                    f"{earlier_number} with different figures"
                )
            continue
        accepted[key] = (number, fields)
    plan.unclaimed = _describe_unclaimed(unclaimed)
    if plan.errors:
        return
    plan.accepted = accepted
    _diff(plan, accepted)



def _describe_unclaimed(unclaimed):
    """Each Fingertips ID no Beacon Indicator claims, with its name in the file, the Beacon Indicator it most likely
    is and the admin page to set it on: a bare count of skipped rows left the team to look every ID up."""
    indicators = list(Indicator.objects.all())
    described = []
    for fingertips_id, (name, rows) in unclaimed.items():
        likely = likely_indicator(name, indicators)
        described.append({
            "fingertips_id": fingertips_id, "name": name, "rows": rows,
            "likely": f"{likely.number}. {likely.title}" if likely else "",
            "admin_url": reverse("admin:indicators_indicator_change", args=[likely.pk]) if likely
            else reverse("admin:indicators_indicator_changelist"),
        })
    return described


def likely_indicator(name, indicators):
    """The indicator whose title shares the largest part of its significant words with a Fingertips indicator
    name, or None when none shares any."""
    wanted = _significant_stems(name)
    best, best_score = None, 0
    for indicator in indicators:
        title = _significant_stems(indicator.title)
        score = len(wanted & title) / len(wanted | title) if wanted & title else 0
        if score > best_score:
            best, best_score = indicator, score
    return best


def _significant_stems(text):
    """Words of three letters or more, cut to five so that "physically active" meets "Activity levels"."""
    return {word[:5] for word in re.findall(r"[a-z]+", text.lower()) if len(word) > 2 and word not in MATCH_NOISE}


class _RowChecker:
    def __init__(self, kind, columns):
        self.kind = kind
        self.columns = columns
        self.areas = {area.code: area for area in Area.objects.exclude(code=None)}
        indicators = list(Indicator.objects.all())
        self.by_fingertips_id = {i.fingertips_id: i for i in indicators if i.fingertips_id}
        self.by_number = {i.number: i for i in indicators}

    def check(self, record, errors):
        """Return (key, fields), or the reason the row is skipped; add (column, message) pairs to errors."""
        if self.kind == "fingertips":
            if record["category_type"]:
                return SKIP_BREAKDOWN
            fingertips_id = self._integer(record, "indicator_id", errors)
            if fingertips_id is None:
                return None
            indicator = self.by_fingertips_id.get(fingertips_id)
            if indicator is None:
                return SKIP_UNCLAIMED
            area = self.areas.get(record["area_code"])
            if area is None:
                return SKIP_AREA
        else:
            number = self._integer(record, "indicator_number", errors)
            indicator = self.by_number.get(number)
            if number is not None and indicator is None:
                errors.append((self.columns["indicator_number"], f"there is no Beacon Indicator {number}"))
            area = self.areas.get(record["area_code"])
            if area is None:
                errors.append(
                    (self.columns["area_code"], f"'{record['area_code']}' is not an area code the portal knows")
                )
        numbers = {name: self._number(record, name, errors) for name in NUMBER_FIELDS}
        period = record["period"]
        years = period_years(period)
        if not years:
            errors.append((self.columns["period"], f"'{period}' does not contain a year"))
        for name in ("sex", "age"):
            if not record[name]:
                errors.append((self.columns[name], "is empty"))
        lower, upper = numbers["lower_ci"], numbers["upper_ci"]
        if lower is not None and upper is not None and lower > upper:
            errors.append((self.columns["lower_ci"], f"the lower limit {lower:g} is above the upper limit {upper:g}"))
        if errors:
            return None
        if numbers["value"] is None and not record["value_note"]:
            return SKIP_BLANK
        key = (indicator.pk, area.pk, period, record["sex"], record["age"])
        fields = {
            **numbers, "value_note": record["value_note"],
            "published_comparison": record.get("published_comparison", ""), "period_start": years[0],
            "period_end": years[1],
        }
        return key, fields

    def _integer(self, record, name, errors):
        text = record[name]
        if not text.isdigit():
            errors.append((self.columns[name], f"'{text}' is not a whole number"))
            return None
        return int(text)

    def _number(self, record, name, errors):
        text = record[name].replace(",", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or number != number or number in (float("inf"), float("-inf")):
            errors.append((self.columns[name], f"'{record[name]}' is not a number"))
            return None
        return number


def _diff(plan, accepted):
    indicator_ids = {key[0] for key in accepted}
    existing = {
        (v.indicator_id, v.area_id, v.period, v.sex, v.age): v
        for v in IndicatorValue.objects.filter(indicator_id__in=indicator_ids)
    }
    for key, (_, fields) in accepted.items():
        current = existing.get(key)
        if current is None:
            indicator_id, area_id, period, sex, age = key
            plan.to_create.append(
                IndicatorValue(indicator_id=indicator_id, area_id=area_id, period=period, sex=sex, age=age, **fields)
            )
        elif any(getattr(current, name) != fields[name] for name in [*VALUE_FIELDS, "period_start", "period_end"]):
            for name, value in fields.items():
                setattr(current, name, value)
            plan.to_update.append(current)
        else:
            plan.unchanged += 1


FLOW = IndicatorFlow()
plan_import = FLOW.plan
import_file = FLOW.import_file
preview_upload = FLOW.preview
confirm_upload = FLOW.confirm
