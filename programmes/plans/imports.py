"""Local indicator values through the shared import flow (atf_portal/core/imports.py): read the filled-in template,
check every row (its errors name the sheet, row and column), preview, then write every row in one transaction or
none. A value replaces the one already held for the same indicator, area and period."""

import csv
import io
from dataclasses import dataclass, field

from openpyxl import load_workbook

from atf_portal.core.imports import ImportFlow, Plan

from . import access
from .local import LocalIndicator, LocalUpload, LocalValue
from .models import Neighbourhood

COLUMNS = ["indicator", "area", "period", "value", "lower_95", "upper_95", "count", "denominator"]
REQUIRED = {"indicator", "area", "period", "value"}
NUMBERS = ["value", "lower_95", "upper_95", "count", "denominator"]


@dataclass
class ValuesPlan(Plan):
    rows: list = field(default_factory=list)  # LocalValue, unsaved
    replaced: int = 0

    def summary(self):
        return {**super().summary(), "values": len(self.rows)}


def template_rows(indicators):
    """The template: the header, then one empty row per indicator and area it may hold values for."""
    rows = [COLUMNS]
    for indicator in indicators:
        for area in [indicator.place.name, *[n.name for n in indicator.place.neighbourhoods.all()]]:
            rows.append([indicator.reference, area, "", "", "", "", "", ""])
    return rows


def read_table(file_name, content):
    """(where each row is, e.g. "sheet 'Values'", [(row number, {column: text})]); raises ValueError."""
    if file_name.lower().endswith(".csv"):
        text = content.decode("utf-8-sig")
        table, where = list(csv.reader(io.StringIO(text))), "the file"
    elif file_name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValueError("it is not an Excel workbook that can be read") from exc
        table, where = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)], \
            f"sheet '{sheet.title}'"
    else:
        raise ValueError("upload the template as CSV (.csv) or an Excel workbook (.xlsx)")
    if not table:
        raise ValueError("it is empty")
    header = [str(h).strip().lower() for h in table[0]]
    missing = [c for c in COLUMNS if c in REQUIRED and c not in header]
    if missing:
        raise ValueError(f"{where}, row 1: the columns {', '.join(missing)} are missing; start from the template")
    rows = [(n, {h: str(v).strip() for h, v in zip(header, row, strict=False)})
            for n, row in enumerate(table[1:], start=2) if any(str(v).strip() for v in row)]
    return where, rows


class LocalValuesFlow(ImportFlow):
    upload_model = LocalUpload
    plan_class = ValuesPlan

    def check(self, plan, content, user, **options):
        try:
            where, rows = read_table(plan.file_name, content)
        except (ValueError, UnicodeDecodeError) as exc:
            plan.errors.append(f"{plan.file_name}: {exc}.")
            return
        indicators = {i.reference: i for i in LocalIndicator.objects.select_related("place")}
        areas = {}
        for n in Neighbourhood.objects.all():
            areas[(n.place_id, n.name.casefold())] = n
        seen = set()
        for number, row in rows:
            value = self.check_row(plan, f"{plan.file_name}, {where}, row {number}", row, indicators, areas, user)
            if value is not None:
                key = (value.indicator_id, value.neighbourhood_id, value.period)
                if key in seen:
                    plan.errors.append(f"{plan.file_name}, {where}, row {number}: this indicator, area and period "
                                       "is given twice.")
                seen.add(key)
                plan.rows.append(value)
        if plan.ok and not plan.rows:
            plan.errors.append(f"{plan.file_name}: no values were found under the template's header.")

    def check_row(self, plan, at, row, indicators, areas, user):
        errors = []
        indicator = indicators.get(row.get("indicator", "").upper())
        if indicator is None:
            errors.append(f"{at}, column 'indicator': '{row.get('indicator', '')}' is no local indicator; use its "
                          "reference (L and a number) from the template.")
        elif not access.may_import_for(user, indicator.place):
            errors.append(f"{at}, column 'indicator': {indicator.reference} is {indicator.place}'s; you load values "
                          "for your own Place only.")
        neighbourhood = None
        if indicator is not None and row.get("area", "").casefold() != indicator.place.name.casefold():
            neighbourhood = areas.get((indicator.place_id, row.get("area", "").casefold()))
            if neighbourhood is None:
                errors.append(f"{at}, column 'area': '{row.get('area', '')}' is neither {indicator.place} nor one "
                              "of its neighbourhoods.")
        if not row.get("period"):
            errors.append(f"{at}, column 'period': give the period the value is for.")
        numbers = {}
        for column in NUMBERS:
            text = row.get(column, "")
            if not text:
                numbers[column] = None
                if column == "value":
                    errors.append(f"{at}, column 'value': give the value.")
                continue
            try:
                numbers[column] = float(text.replace(",", ""))
            except ValueError:
                errors.append(f"{at}, column '{column}': '{text}' is not a number.")
        if not errors and (numbers["lower_95"] is None) != (numbers["upper_95"] is None):
            errors.append(f"{at}, columns 'lower_95' and 'upper_95': give both limits or neither.")
        if not errors and numbers["lower_95"] is not None and not (
                numbers["lower_95"] <= numbers["value"] <= numbers["upper_95"]):
            errors.append(f"{at}, column 'value': the value is outside its 95% limits.")
        plan.errors.extend(errors)
        if errors:
            return None
        return LocalValue(indicator=indicator, neighbourhood=neighbourhood, period=row["period"],
                          value=numbers["value"], lower=numbers["lower_95"], upper=numbers["upper_95"],
                          count=numbers["count"], denominator=numbers["denominator"])

    def rows_to_lock(self, plan):
        return LocalIndicator.objects.filter(pk__in={value.indicator_id for value in plan.rows})

    def write(self, plan, upload, user):
        for value in plan.rows:
            plan.replaced += LocalValue.objects.filter(indicator=value.indicator_id, period=value.period,
                                                       neighbourhood=value.neighbourhood_id).delete()[0]
            value.upload = upload
        LocalValue.objects.bulk_create(plan.rows)


FLOW = LocalValuesFlow()
