"""Loading population and deprivation per Place through the shared import flow (atf_portal/core/imports.py): a CSV
of "area code, measure, period, value, source", each row checked with its row number, previewed, then written in
one transaction. Figures are loaded from a named source, never typed into a form."""

import csv
import io
from dataclasses import dataclass, field

from atf_portal.core.imports import ImportFlow, Plan
from places.models import Area

from .models import NeedFigure, NeedUpload

HEADER = ["area code", "measure", "period", "value", "source"]
MEASURES = {"population": NeedFigure.Measure.POPULATION, "imd 2019 average score": NeedFigure.Measure.IMD_SCORE}
SOURCES = {
    NeedFigure.Measure.POPULATION: "ONS, Estimates of the population for England and Wales (mid-year estimates), "
                                   "by local authority",
    NeedFigure.Measure.IMD_SCORE: "MHCLG, English Indices of Deprivation 2019, File 10: local authority district "
                                  "summaries (IMD average score)",
}


@dataclass
class NeedPlan(Plan):
    rows: list = field(default_factory=list)  # (Area, measure, period, value, source)


class NeedFlow(ImportFlow):
    upload_model = NeedUpload
    plan_class = NeedPlan

    def check(self, plan, content, user, **options):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            plan.errors.append(f"{plan.file_name}: save the file as CSV (UTF-8).")
            return
        reader = csv.reader(io.StringIO(text))
        header = [cell.strip().lower() for cell in next(reader, [])]
        if header != HEADER:
            plan.errors.append(f"{plan.file_name}, row 1: the columns must be {', '.join(HEADER)}.")
            return
        places = {area.code: area for area in Area.objects.places().exclude(code=None)}
        seen = set()
        for number, row in enumerate(reader, start=2):
            if any(cell.strip() for cell in row):
                self.check_row(plan, number, [cell.strip() for cell in row], places, seen)
        if plan.ok and not plan.rows:
            plan.errors.append(f"{plan.file_name}: there are no rows under the header.")

    def check_row(self, plan, number, row, places, seen):
        where = f"{plan.file_name}, row {number}"
        if len(row) != len(HEADER):
            plan.errors.append(f"{where}: give all five columns ({', '.join(HEADER)}).")
            return
        code, measure, period, value, source = row
        area, kind = places.get(code), MEASURES.get(measure.lower())
        try:
            number_value = float(value.replace(",", ""))
        except ValueError:
            number_value = None
        problems = [
            area is None and f"{code or 'an empty code'} is not the ONS code of one of the nine Places",
            kind is None and "the measure must be population or IMD 2019 average score",
            not period and "give the period, e.g. mid-2022",
            (number_value is None or number_value < 0) and f"{value or 'an empty value'} is not a number of 0 or more",
            not source and "name the source the figure comes from",
        ]
        problems = [p for p in problems if p]
        if problems:
            plan.errors.append(f"{where}: {'; '.join(problems)}.")
            return
        key = (area.pk, kind, period)
        if key in seen:
            plan.errors.append(f"{where}: {area.name}'s {measure} for {period} is given twice.")
            return
        seen.add(key)
        plan.rows.append((area, kind, period, number_value, source))

    def write(self, plan, upload, user):
        for area, measure, period, value, source in plan.rows:
            NeedFigure.objects.update_or_create(area=area, measure=measure, period=period,
                                                defaults={"value": value, "source": source, "upload": upload})


NEED = NeedFlow()
