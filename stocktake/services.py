"""Importing stocktake workbooks, and reading the stocktake back as coverage.

Check everything first (the file, who is uploading, what it would replace), show it, and only on confirmation
write it all in one transaction. A newer upload for a level retires that level's current activities; they
stay in the database with their upload, so nothing a lead entered is lost.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from atf_portal.core.imports import ImportFlow, Plan
from atf_portal.framework.models import SystemRecommendation, Theme
from indicators.models import Indicator
from places import access
from places.models import Area

from .models import Activity, StocktakeUpload
from .reader import LevelNames, RowNames, WorkbookError, read_workbook

ROW_KINDS = dict(Activity.RowKind.choices)


@dataclass
class StocktakePlan(Plan):
    size: int = 0
    single: bool = False
    activities: list = field(default_factory=list)  # reader.Found, each with its level set
    unchanged_levels: list = field(default_factory=list)  # levels left out: already imported from this same file
    replaced: list = field(default_factory=list)  # set on import: [(level, the upload whose activities it retired)]

    def replaced_text(self):
        """What the import replaced, in words: "Liverpool's activities from v1.xlsx (business, 3 Jan 2026 14:05)"."""
        return "; ".join(
            f"{level}'s activities from {upload.file_name} ({upload.uploaded_by or 'unknown'}, "
            f"{timezone.localtime(upload.imported_at):%d %b %Y %H:%M})" for level, upload in self.replaced
        )

    def levels(self):
        """{level: {(row_kind, row_number): [text, ...]}} in workbook order (plain dicts, for templates)."""
        grouped = defaultdict(lambda: defaultdict(list))
        for found in self.activities:
            grouped[found.level][(found.row_kind, found.row_number)].append(found.text)
        return {level: dict(rows) for level, rows in grouped.items()}

    def summary(self):
        counts = Counter(found.level.name for found in self.activities)
        return {"levels": dict(counts), "activities": len(self.activities), "warnings": self.warnings,
                "single": self.single, "unchanged_levels": [level.name for level in self.unchanged_levels]}


def level_areas():
    return list(Area.objects.levels())


class StocktakeFlow(ImportFlow):
    """Stocktake workbooks through the shared flow: a newer upload for a level retires that level's current
    activities, which stay with their upload."""

    upload_model = StocktakeUpload
    plan_class = StocktakePlan

    def check(self, plan, content, user, place=None):
        plan.size = len(content)
        read_into(plan, content, user, place)

    def upload_fields(self, plan, place=None):
        kind = StocktakeUpload.Kind.SINGLE if plan.single else StocktakeUpload.Kind.CONSOLIDATED
        return {"size": plan.size, "chosen_place": place, "kind": kind}

    def options_of(self, upload):
        return {"place": upload.chosen_place}

    def rows_to_lock(self, plan):
        # Two uploads for the same level, confirmed at once: the second waits here, then replaces the first's.
        return Area.objects.filter(pk__in={found.level.pk for found in plan.activities})

    def recheck(self, plan):
        levels = {found.level for found in plan.activities}
        pairs = list(Activity.objects.current().filter(level__in=levels).values_list("level", "upload")
                     .distinct().order_by())
        uploads = StocktakeUpload.objects.select_related("uploaded_by").in_bulk({upload for _, upload in pairs})
        by_pk = {level.pk: level for level in levels}
        plan.replaced = sorted(((by_pk[level], uploads[upload]) for level, upload in pairs),
                               key=lambda pair: (pair[0].sort_order, pair[0].name, pair[1].pk))

    def write(self, plan, upload, user):
        levels = {found.level for found in plan.activities}
        Activity.objects.filter(level__in=levels, is_current=True).update(is_current=False)
        Activity.objects.bulk_create(
            (Activity(upload=upload, level=found.level, row_kind=found.row_kind, row_number=found.row_number,
                      order=order, text=found.text, cell=_short_cell(found.cell))
             for order, found in enumerate(plan.activities, start=1)),
            batch_size=500,
        )


def read_into(plan, content, user, place):
    """Read and check a workbook, and work out which levels' activities importing it would replace."""
    file_name = plan.file_name
    if file_name.lower().endswith((".xlsm", ".xls", ".csv")):
        plan.errors.append(f"{file_name}: upload the workbook as an Excel Workbook (.xlsx).")
        return
    rows = RowNames(Theme.objects.all(), SystemRecommendation.objects.all(), Indicator.objects.all())
    try:
        reading = read_workbook(content, LevelNames(level_areas()), rows)
    except WorkbookError as exc:
        plan.errors.append(f"{file_name}: {exc}")
        return
    plan.single = reading.single
    plan.warnings = [f"{file_name}, {warning}" for warning in reading.warnings]
    if reading.single:
        _settle_single_place(plan, reading, place, fallback=access.own_place(user))
    else:
        plan.activities = reading.activities
    if plan.ok:
        _check_permission(plan, user)
    if plan.ok:
        _leave_out_unchanged(plan)
    if plan.ok and not plan.activities:
        plan.errors.append(f"{file_name}: no activity was found under any theme, system recommendation or indicator.")


def _settle_single_place(plan, reading, chosen, fallback):
    """The Place a single return is for: as the sheet names it, else as chosen, else the lead's own."""
    named = reading.levels[0] if reading.levels else reading.sheet_place
    if named and chosen and named != chosen:
        plan.errors.append(f"{plan.file_name}: the sheet is {named}'s return but {chosen} was chosen.")
        return
    level = named or chosen or fallback
    if level is None:
        plan.errors.append(f"{plan.file_name}, sheet '{reading.sheet}': the return does not say which Place it is "
                           "for; choose the Place and upload it again.")
        return
    for found in reading.activities:
        found.level = level
    plan.activities = reading.activities


def _check_permission(plan, user):
    if access.acts_for_every_level(user):
        return
    own = access.own_place(user)
    others = sorted({found.level.name for found in plan.activities if not access.may_act_for(user, found.level)})
    if not access.may_act_at_all(user):
        plan.errors.append("Only the HCP business team and Marmot leads may upload the stocktake.")
    elif plan.single and others:
        plan.errors.append(f"{plan.file_name}: you are the Marmot lead for {own}, so you can upload only {own}'s "
                           f"return, not {', '.join(others)}'s.")
    elif others:
        plan.activities = [found for found in plan.activities if access.may_act_for(user, found.level)]
        plan.warnings.append(f"{plan.file_name}: the columns for {', '.join(others)} are left out; as the Marmot "
                             f"lead for {own} you can upload only {own}'s activity.")


def _leave_out_unchanged(plan):
    """A repeat is a repeat only for the same levels: leave out the levels whose current activities came from this
    very file, and keep the rest. A lead's upload of the consolidated workbook records only their Place, so the
    business team uploading the same file next must still load the other levels. Only when no level is new is
    the file refused as nothing changed."""
    in_file = list(dict.fromkeys(found.level for found in plan.activities))  # workbook order
    same = set(Activity.objects.current().filter(level__in=in_file, upload__sha256=plan.sha256)
               .values_list("level", "upload"))
    if not same:
        return
    earlier = StocktakeUpload.objects.filter(pk__in={upload for _, upload in same}).latest("imported_at")
    when = f"{earlier.imported_at:%d %b %Y}"
    unchanged = {level for level, _ in same}
    if len(unchanged) == len(in_file):
        plan.errors.append(f"{plan.file_name}: this exact file was already imported on {when} "
                           f"(as {earlier.file_name}); nothing has changed.")
        return
    plan.unchanged_levels = [level for level in in_file if level.pk in unchanged]
    plan.activities = [found for found in plan.activities if found.level not in plan.unchanged_levels]
    names = ", ".join(level.name for level in plan.unchanged_levels)
    one = len(plan.unchanged_levels) == 1
    plan.warnings.append(f"{plan.file_name}: {names} {'is' if one else 'are'} left out unchanged: "
                         f"{'its' if one else 'their'} current activities came from this same file "
                         f"({earlier.file_name}, imported on {when}).")


def _short_cell(where):
    """"sheet 'Stocktake', cell D14" -> "D14": the sheet is named in the upload's summary."""
    return where.rsplit("cell ", 1)[-1]


FLOW = StocktakeFlow()
plan_stocktake = FLOW.plan
import_file = FLOW.import_file
preview_upload = FLOW.preview
confirm_upload = FLOW.confirm


def coverage():
    """The matrix of rows (themes, system recommendations, indicators) by level, with current activity counts."""
    counts = Activity.objects.current().counts_by_row_and_level()
    levels = level_areas()
    rows = [("theme", t.number, t.title) for t in Theme.objects.all()]
    rows += [("system", s.number, s.title) for s in SystemRecommendation.objects.all()]
    rows += [("indicator", i.number, i.title) for i in Indicator.objects.all()]
    return levels, [
        {"kind": kind, "kind_label": ROW_KINDS[kind], "number": number, "title": title,
         "cells": [(level, counts.get((kind, number), {}).get(level.pk, 0)) for level in levels]}
        for kind, number, title in rows
    ]
