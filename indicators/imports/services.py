"""Importing indicator values from a Fingertips export or the portal template.

Imports the pretix way: read the whole file, check every row and collect row-numbered errors, and only
when there are none write everything in one transaction. A file with any error writes nothing.
"""

import gc
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from atf_portal.core.imports import ImportFlow, Plan
from indicators.imports import fingertips, importers
from indicators.imports.checks import (
    ICB_CODE,
    MAX_FIGURE,
    NUMBER_FIELDS,
    SKIP_BLANK,
    SKIP_BREAKDOWN_ELSEWHERE,
    SKIP_REPEAT,
    SKIP_UNCLAIMED,
    RowChecker,
    area_kind,
    portal_codes,
)
from indicators.imports.importers import FINGERTIPS_COLUMNS, TEMPLATE_COLUMNS, FileError, read_file
from indicators.models import Indicator, IndicatorValue, Upload, period_years
from indicators.statistics import stats
from indicators.summary.analysis import agreement_report, compare_value, recent_trend
from indicators.summary.freshness import summaries_changed
from places.models import ENGLAND, Area

VALUE_FIELDS = ["value", "lower_ci", "upper_ci", "lower_ci_998", "upper_ci_998", "count", "denominator", "value_note",
                "published_comparison", "published_trend"]

# Words that say nothing about what an indicator measures, left out when matching a Fingertips name to a title.
MATCH_NOISE = {"the", "and", "for", "with", "from", "who", "are", "all", "per", "percentage", "proportion", "rate",
               "number", "aged", "age", "years", "year", "persons"}


@dataclass
class ImportPlan(Plan):
    kind: str = ""
    rows_read: int = 0
    skipped: Counter = field(default_factory=Counter)
    # Rows as tuples in ROW_COLUMNS order (area by code, as areas new to the portal have no id yet); an update
    # leads with the id of the value it replaces.
    to_create: list = field(default_factory=list)
    to_update: list = field(default_factory=list)
    unchanged: int = 0
    new_areas: dict = field(default_factory=dict)  # code -> (name, kind): areas the file brings, created on import
    unclaimed: list = field(default_factory=list)  # one dict per Fingertips ID no Beacon Indicator claims
    accepted: dict = field(default_factory=dict, repr=False)  # {key: (row number, fields)}, to diff again
    agreement: dict = field(default_factory=dict)  # the portal's labels against Fingertips' own (plan_agreement)

    def summary(self):
        return {
            "kind": self.kind, "rows_read": self.rows_read, "created": len(self.to_create),
            "updated": len(self.to_update), "unchanged": self.unchanged, "skipped": dict(self.skipped),
            "new_areas": len(self.new_areas),
            "unclaimed": self.unclaimed, "errors": self.errors, "agreement": self.agreement,
        }


class IndicatorFlow(ImportFlow):
    """Indicator values through the shared flow; earlier figures stay in each value's history."""

    upload_model = Upload
    plan_class = ImportPlan
    limit_size = False  # a national Fingertips export runs to tens of MB; the upload form keeps its own limit

    def check(self, plan, content, user):
        # A national file makes millions of small objects and no reference cycles: the cyclic collector would
        # walk them all again and again (a third of the time), so it waits until the file is read.
        collecting = gc.isenabled()
        gc.disable()
        try:
            read_into(plan, content)
        finally:
            if collecting:
                gc.enable()
        if not plan.errors:
            plan.agreement = plan_agreement(plan)

    def upload_fields(self, plan, kind=None, source_url="", **options):
        return {"kind": kind or plan.kind, "source_url": source_url}

    def rows_to_lock(self, plan):
        # Two imports of the same indicator, confirmed at once: the second waits, then works from the first's values.
        return Indicator.objects.filter(pk__in={key[0] for key in plan.accepted})

    def recheck(self, plan):
        plan.to_create, plan.to_update, plan.unchanged = [], [], 0
        _diff(plan, plan.accepted)

    def write(self, plan, upload, user):
        write_rows(plan, upload, user, f"Imported from {plan.file_name}")

    def finish(self, plan):
        # After the data's commit (the import flow's finish): refreshing hundreds of breakdowns inside the import's
        # transaction held every other writer (sign-ins too) for minutes. A summary records when its figures were
        # last loaded, so this follows the upload's stamp.
        summaries_changed({row[0] for row in plan.to_create} | {row[1] for row in plan.to_update}, now=True)


# The columns of a planned row, in order: the key, then the figures. A breakdown row (a deprivation decile, an
# ethnic group) has a category type and category; the headline figure for the whole area has both blank.
KEY_COLUMNS = ["indicator_id", "area_id", "period", "sex", "age", "category_type", "category"]
ROW_COLUMNS = [*KEY_COLUMNS, *VALUE_FIELDS, "period_start", "period_end"]


def write_rows(plan, upload, user, reason):
    """Store a plan's rows with their history in a few statements, not one ORM object per row.

    A national export is 150,000 rows: building a model instance and a historical instance for each took most of
    the import's time. New areas come first (rows name them by code); new values go in with one executemany; their
    history rows are copied from them by one INSERT ... SELECT, exactly the rows django-simple-history would have
    written (same columns, the user, the reason, type "+"); updates likewise with type "~".
    """
    create_areas(plan.new_areas)
    area_ids = dict(Area.objects.exclude(code=None).values_list("code", "pk"))
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    history = IndicatorValue.history.model
    history_table = connection.ops.quote_name(history._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in [*ROW_COLUMNS, "upload_id"])
    copied = [f.column for f in IndicatorValue._meta.concrete_fields]
    copy_columns = ", ".join(connection.ops.quote_name(c) for c in copied)
    stamp = [connection.ops.adapt_datetimefield_value(timezone.now()), reason[:100], user.pk if user else None]
    history_insert = (
        f"INSERT INTO {history_table} ({copy_columns}, history_date, history_change_reason, history_type, "
        f"history_user_id) SELECT {copy_columns}, %s, %s, %s, %s FROM {table} "
    )
    with connection.cursor() as cursor:
        if plan.to_create:
            placeholders = ", ".join(["%s"] * (len(ROW_COLUMNS) + 1))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
                [(row[0], area_ids[row[1]], *row[2:], upload.pk) for row in plan.to_create],
            )
            cursor.execute(history_insert + "WHERE upload_id = %s", [stamp[0], stamp[1], "+", stamp[2], upload.pk])
        if plan.to_update:
            write_updates(cursor, plan.to_update, upload, table, history_insert, stamp)


def write_updates(cursor, rows, upload, table, history_insert, stamp):
    """Changed figures in place, each with a "~" history row copied from it."""
    changed = [*VALUE_FIELDS, "period_start", "period_end", "upload_id"]
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in changed)
    cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s",
                       [(*row[1 + len(KEY_COLUMNS):], upload.pk, row[0]) for row in rows])
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        cursor.execute(history_insert + f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                       [stamp[0], stamp[1], "~", stamp[2], *chunk])


def create_areas(new_areas):
    """Create the areas a file brings that the portal does not have yet, with names and slugs kept unique."""
    if not new_areas:
        return
    names = set(Area.objects.values_list("name", flat=True))
    slugs = set(Area.objects.values_list("slug", flat=True))
    areas = []
    for code, (name, kind) in sorted(new_areas.items()):
        name = name or code
        if name in names:
            name = f"{name} ({code})"
        slug = slugify(name)[:90] or code.lower()
        if slug in slugs:
            slug = f"{slug}-{code.lower()}"
        names.add(name)
        slugs.add(slug)
        areas.append(Area(name=name[:100], slug=slug, code=code, kind=kind, sort_order=1000))
    Area.objects.bulk_create(areas)


def read_into(plan, content):
    """Read and check every row of a file and work out what importing it would change."""
    file_name = plan.file_name
    if file_name.lower().endswith(".csv") and _read_clean_export(plan, content):
        return
    try:
        parsed = read_file(file_name, content)
    except FileError as exc:
        plan.errors.append(f"{file_name}: {exc}")
        return
    plan.kind = parsed.kind
    plan.rows_read = len(parsed.rows)
    where = f"{file_name}" + (f", sheet '{parsed.sheet}'" if parsed.sheet else "")
    columns = FINGERTIPS_COLUMNS if parsed.kind == "fingertips" else TEMPLATE_COLUMNS
    checker = RowChecker(parsed.kind, columns, plan.new_areas)
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
                what = "sex, age and category" if key[5] else "sex and age"
                plan.errors.append(f"{where}, row {number}: repeats the indicator, area, period, {what} of row "
                                   f"{earlier_number} with different figures")
            continue
        accepted[key] = (number, fields)
    plan.unclaimed = _describe_unclaimed(unclaimed)
    if plan.errors:
        return
    plan.accepted = accepted
    _diff(plan, accepted)


def _read_clean_export(plan, content):
    """The fast path for a clean Fingertips export (a national one is 150,000 rows): check whole columns at once
    and return True, or return False, having changed nothing in the plan, at the first thing that is not clean
    (a bad number, a period without a year, an empty sex or age, a lower limit above the upper, an odd area code,
    a category without its type or the reverse, a repeated key), so the row-by-row path (checks.RowChecker) reads
    the file and names every row at fault. Both paths accept, skip and store exactly the same rows
    (tests/test_indicator_import.py and test_indicator_breakdowns.py check they plan the same import)."""
    columns = importers.fingertips_columns(content)
    if columns is None or not all(map(str.isdigit, columns["indicator_id"])):
        return False
    ids = columns["indicator_id"]
    by_fingertips_id = {str(i.fingertips_id): i.pk for i in Indicator.objects.exclude(fingertips_id=None)}
    indicator = [by_fingertips_id.get(text) for text in ids]
    areas = [ICB_CODE.sub(r"\1", code) if code[:1] == "n" else code for code in columns["area_code"]]
    portal = portal_codes()
    # Headline rows, and breakdown rows of the portal's own areas only (checks.portal_codes says why).
    kept = [not text or area in portal for text, area in zip(columns["category_type"], areas, strict=True)]
    claimed = [k and i is not None for k, i in zip(kept, indicator, strict=True)]
    periods = {period: period_years(period) for period in set(columns["period"])}
    numbers = _clean_numbers(columns, claimed, areas, periods)
    if numbers is None:
        return False
    blank = [value is None and not note for value, note in zip(numbers["value"], columns["value_note"], strict=True)]
    stored = [c and not b for c, b in zip(claimed, blank, strict=True)]
    accepted = _clean_accepted(columns, stored, indicator, areas, numbers, periods)
    if accepted is None:
        return False
    plan.kind = "fingertips"
    plan.rows_read = len(ids)
    unclaimed_rows = [k and i is None for k, i in zip(kept, indicator, strict=True)]
    skipped = {SKIP_BREAKDOWN_ELSEWHERE: kept.count(False), SKIP_UNCLAIMED: unclaimed_rows.count(True),
               SKIP_BLANK: sum(c and b for c, b in zip(claimed, blank, strict=True))}
    plan.skipped.update({reason: count for reason, count in skipped.items() if count})
    names = columns.get("indicator_name") or [""] * len(ids)
    unclaimed = {}
    for is_unclaimed, text, name in zip(unclaimed_rows, ids, names, strict=True):
        if is_unclaimed:
            first_name, rows = unclaimed.get(int(text), (name, 0))
            unclaimed[int(text)] = (first_name, rows + 1)
    plan.unclaimed = _describe_unclaimed(unclaimed)
    _clean_new_areas(plan, columns, stored, areas)
    plan.accepted = accepted
    _diff(plan, accepted)
    return True


def _clean_numbers(columns, claimed, areas, periods):
    """{field: list of floats or None} of a clean export, or None at the first claimed row that is not clean."""
    rows = len(areas)
    numbers = {}
    try:
        for name in NUMBER_FIELDS:
            numbers[name] = [float(text.replace(",", "")) if text else None
                             for text in columns.get(name) or [""] * rows]
    except ValueError:
        return None
    for keep, area, sex, age, period, category_type, category, low, high, count, denominator, *figures in zip(
            claimed, areas, columns["sex"], columns["age"], columns["period"], columns["category_type"],
            columns["category"], numbers["lower_ci"], numbers["upper_ci"], numbers["count"], numbers["denominator"],
            numbers["value"], numbers["lower_ci_998"], numbers["upper_ci_998"], strict=True):
        if not keep:
            continue
        if (not area or len(area) > 9 or not sex or not age or periods[period] is None
                or (not category_type) != (not category)
                or (low is not None and high is not None and low > high)
                or (count is not None and count < 0) or (denominator is not None and denominator <= 0)
                # not below the bound: also true of NaN and infinity
                or any(n is not None and not abs(n) <= MAX_FIGURE for n in (low, high, count, denominator, *figures))):
            return None
    return numbers


def _clean_accepted(columns, stored, indicator, areas, numbers, periods):
    """{key: (row number, fields)} of the rows to store, or None at a repeated key (the row path says which)."""
    rows = len(areas)
    comparison = columns.get("published_comparison") or [""] * rows
    trend = columns.get("published_trend") or [""] * rows
    accepted = {}
    for number, (keep, *key, value, low, high, low_998, high_998, count, denominator, note, compared, trended,
                 period) in enumerate(
            zip(stored, indicator, areas, columns["period"], columns["sex"], columns["age"], columns["category_type"],
                columns["category"], numbers["value"], numbers["lower_ci"], numbers["upper_ci"],
                numbers["lower_ci_998"], numbers["upper_ci_998"], numbers["count"], numbers["denominator"],
                columns["value_note"], comparison, trend, columns["period"], strict=True), start=2):
        if keep:
            key = tuple(key)
            if key in accepted:
                return None
            accepted[key] = (number, (value, low, high, low_998, high_998, count, denominator, note, compared,
                                      trended, *periods[period]))
    return accepted


def _clean_new_areas(plan, columns, stored, areas):
    """The areas a clean export brings that the portal lacks, each with its name and kind."""
    known = set(Area.objects.exclude(code=None).values_list("code", flat=True))
    area_names = columns.get("area_name") or [""] * len(areas)
    area_types = columns.get("area_type") or [""] * len(areas)
    for keep, area, name, area_type in zip(stored, areas, area_names, area_types, strict=True):
        if keep and area not in known and area not in plan.new_areas:
            plan.new_areas[area] = (name, area_kind(area_type))


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


def _diff(plan, accepted):
    indicator_ids = {key[0] for key in accepted}
    width = len(KEY_COLUMNS)
    existing = {
        row[1:width + 1]: (row[0], row[width + 1:])
        for row in IndicatorValue.objects.filter(indicator_id__in=indicator_ids).values_list(
            "pk", "indicator_id", "area__code", *KEY_COLUMNS[2:], *VALUE_FIELDS, "period_start", "period_end")
    }
    for key, (_, fields) in accepted.items():
        current = existing.get(key)
        if current is None:
            plan.to_create.append((*key, *fields))
        elif current[1] != fields:
            plan.to_update.append((current[0], *key, *fields))
        else:
            plan.unchanged += 1


def plan_agreement(plan):
    """The portal's comparison with England and recent trend against the labels a Fingertips export publishes
    ("Compared to England value or percentiles", "Recent Trend"), for every area in the file but England, in the
    latest period of each indicator and breakdown, worked from the file's own headline rows (the figures for whole
    areas, the only ones the summaries compare) by the rules the summaries use. Empty for a template, or a file
    with no published labels."""
    # Keys without their category type and category: those of the headline rows are blank.
    headline = {key[:5]: fields for key, (_, fields) in plan.accepted.items() if not key[5]}
    if plan.kind != "fingertips" or not headline:
        return {}
    indicators = Indicator.objects.in_bulk({key[0] for key in headline})
    periods = defaultdict(set)
    for (indicator_id, _, period, sex, age), fields in headline.items():
        periods[(indicator_id, sex, age)].add((fields[-2], period))
    # Only the periods the labels read (the trend's five most recent) become objects: a national file is 150,000 rows.
    recent = {group: {period for _, period in sorted(group_periods)[-stats.TREND_POINTS:]}
              for group, group_periods in periods.items()}
    values = {}
    areas = defaultdict(set)
    for (indicator_id, area, period, sex, age), fields in headline.items():
        if period in recent[(indicator_id, sex, age)]:
            values[(indicator_id, sex, age, area, period)] = SimpleNamespace(
                period=period, **dict(zip(VALUE_FIELDS, fields, strict=False)))
            areas[(indicator_id, sex, age)].add(area)
    names = dict(Area.objects.exclude(code=None).values_list("code", "name"))
    names.update({code: name or code for code, (name, _) in plan.new_areas.items()})
    rows = []
    for group, group_periods in sorted(periods.items()):
        indicator = indicators[group[0]]
        ordered = [period for _, period in sorted(group_periods)][-stats.TREND_POINTS:]
        england = values.get((*group, ENGLAND, ordered[-1]))
        for area in sorted(areas[group] - {ENGLAND}):
            series = [values.get((*group, area, period)) for period in ordered]
            latest = series[-1]
            if latest is None:
                continue
            label = f"{names.get(area, area)}" + ("" if group[1:] == ("Persons", "All ages") else
                                                  f" ({group[1]}, {group[2]})")
            if england is not None:
                rows.append((label, latest.period, "comparison", latest.published_comparison,
                             compare_value(latest, england, indicator)))
            rows.append((label, latest.period, "trend", latest.published_trend,
                         recent_trend(series, indicator, latest.period)))
    report = agreement_report(rows)
    return report if report["compared"] else {}


FLOW = IndicatorFlow()
plan_import = FLOW.plan
import_file = FLOW.import_file
preview_upload = FLOW.preview
confirm_upload = FLOW.confirm


@dataclass
class FetchResult:
    plan: ImportPlan
    fetched: object  # fingertips.FetchedData
    metadata: dict
    upload: object = None  # the Upload kept, unless a dry run or the plan has errors
    indicators: list = field(default_factory=list)


def fetch_fingertips(numbers=None, user=None, dry_run=False, progress=None):
    """Fetch every indicator with a Fingertips ID (or those numbered) from the Fingertips API and import the rows
    through the same flow as an upload, kept as an Upload of kind "Fingertips API" with its addresses and SHA-256;
    store each indicator's Fingertips metadata. All or nothing: raises FingertipsError (nothing changed) when the
    API fails; a plan with errors changes nothing either. `progress(step, done, total)` hears of each step (the
    background task's page shows them)."""
    progress = progress or _no_progress
    indicators = Indicator.objects.exclude(fingertips_id=None)
    if numbers:
        indicators = indicators.filter(number__in=numbers)
    indicators = list(indicators)
    if not indicators:
        raise fingertips.FingertipsError(
            "No indicator " + ("of those asked for " if numbers else "") + "has a Fingertips ID; set one in the admin."
        )
    ids = [indicator.fingertips_id for indicator in indicators]
    progress(f"Fetching the figures of {len(ids)} indicators from the Fingertips API", 0, 4)
    fetched = fingertips.fetch_data(ids)
    progress("Fetching the indicators' metadata from the Fingertips API", 1, 4)
    metadata, metadata_url = fingertips.fetch_metadata(ids)
    progress("Checking every row", 2, 4)
    file_name = f"fingertips-api-{timezone.now():%Y-%m-%d-%H%M}.csv"
    plan = FLOW.plan(file_name, fetched.content, user)
    for fingertips_id in fetched.missing:
        plan.warnings.append(f"Fingertips has no rows for indicator ID {fingertips_id} at area type 502 or 402.")
    for fingertips_id in fetched.older_geography:
        plan.warnings.append(f"Indicator ID {fingertips_id} read at area type 402 (the 2021-23 geography): "
                             "it has no rows at 502, so it was probably retired before April 2023.")
    result = FetchResult(plan=plan, fetched=fetched, metadata=metadata, indicators=indicators)
    if dry_run or not plan.ok:
        return result
    progress(f"Saving {len(plan.to_create) + len(plan.to_update)} new and changed figures", 3, 4)
    with transaction.atomic():
        result.upload = FLOW.new_upload(plan, user, kind=Upload.Kind.FINGERTIPS_API,
                                        source_url="\n".join([*fetched.urls, metadata_url]))
        FLOW.commit(plan, result.upload, user)
        store_metadata(indicators, metadata)
    FLOW.finish_or_warn(plan)
    return result


def _no_progress(step, done=None, total=None):
    pass


METADATA_LIMITS = {f.name: f.max_length for f in Indicator._meta.fields if f.max_length}


def store_metadata(indicators, metadata):
    """Keep Fingertips' metadata on each indicator (never its polarity: the page shows where they differ)."""
    now = timezone.now()
    for indicator in indicators:
        fields = metadata.get(indicator.fingertips_id)
        if fields is None:
            continue
        for name, text in fields.items():
            setattr(indicator, name, text[:METADATA_LIMITS[name]] if name in METADATA_LIMITS else text)
        indicator.metadata_fetched_at = now
        indicator._change_reason = "Metadata fetched from the Fingertips API"
        indicator.save()
