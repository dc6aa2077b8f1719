"""Builders for indicator files in the formats the portal reads, for tests and the benchmark."""

import csv
import io

from openpyxl import Workbook

FINGERTIPS_HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type", "Sex",
    "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit",
    "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles", "Compared to percentiles", "Time period Sortable", "New data",
    "Compared to goal", "Time period range",
]


def fingertips_row(indicator_id, area_code, period, value, lower="", upper="", *, sex="Persons", age="All ages",
                   category_type="", count="", denominator="", note="", compared="Similar"):
    row = dict.fromkeys(FINGERTIPS_HEADER, "")
    row.update({
        "Indicator ID": indicator_id, "Indicator Name": "Test indicator", "Area Code": area_code,
        "Area Name": area_code, "Area Type": "Counties & UAs", "Sex": sex, "Age": age,
        "Category Type": category_type, "Category": "Most deprived decile" if category_type else "",
        "Time period": period, "Value": value, "Lower CI 95.0 limit": lower, "Upper CI 95.0 limit": upper,
        "Count": count, "Denominator": denominator, "Value note": note,
        "Compared to England value or percentiles": compared,
    })
    return [row[column] for column in FINGERTIPS_HEADER]


def fingertips_csv(rows, bom=True, header=FINGERTIPS_HEADER):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


TEMPLATE_HEADER = ["Indicator number", "Area code", "Period", "Sex", "Age", "Value", "Lower CI", "Upper CI",
                   "Count", "Denominator", "Note"]


def template_xlsx(rows, header=TEMPLATE_HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Values"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
