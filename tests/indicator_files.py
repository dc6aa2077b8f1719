"""Builders for indicator files in the formats the portal reads, for tests and the benchmark."""

import csv
import io

from openpyxl import Workbook

PLACE_CODES = ["E06000049", "E06000050", "E06000007"]  # Cheshire East, Cheshire West and Chester, Warrington
FINGERTIPS_HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type", "Sex",
    "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit",
    "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles", "Compared to percentiles", "Time period Sortable", "New data",
    "Compared to goal", "Time period range",
]


def fingertips_row(indicator_id, area_code, period, value, lower="", upper="", *, sex="Persons", age="All ages",
                   category_type="", category=None, count="", denominator="", note="", compared="Similar",
                   name="Test indicator", area_name=None, area_type="Counties & UAs", lower_998="", upper_998="",
                   trend=""):
    row = dict.fromkeys(FINGERTIPS_HEADER, "")
    row.update({
        "Indicator ID": indicator_id, "Indicator Name": name, "Area Code": area_code,
        "Area Name": area_name or area_code, "Area Type": area_type, "Sex": sex, "Age": age,
        "Category Type": category_type,
        "Category": ("Most deprived decile" if category_type else "") if category is None else category,
        "Time period": period, "Value": value, "Lower CI 95.0 limit": lower, "Upper CI 95.0 limit": upper,
        "Count": count, "Denominator": denominator, "Value note": note,
        "Compared to England value or percentiles": compared, "Lower CI 99.8 limit": lower_998,
        "Upper CI 99.8 limit": upper_998, "Recent Trend": trend,
    })
    return [row[column] for column in FINGERTIPS_HEADER]


def fingertips_csv(rows, bom=True, header=FINGERTIPS_HEADER):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def export_before_the_ids_are_set():
    """Life expectancy and physical activity from Fingertips, before any Beacon Indicator has their IDs."""
    rows = [fingertips_row(90366, code, "2020 - 22", "78.1", "77.5", "78.7", name="Life expectancy at birth")
            for code in PLACE_CODES[:3]]
    rows += [fingertips_row(93014, code, "2022/23", "61.2", "59.0", "63.4",
                            name="Percentage of physically active adults") for code in PLACE_CODES[:2]]
    rows.append(fingertips_row(92443, PLACE_CODES[0], "2022", "11.8", "9.6", "14.0",
                               name="Smoking Prevalence in adults"))  # no Beacon Indicator is about smoking
    return fingertips_csv(rows)


# The template as it was before breakdowns (still read), and as it is now.
TEMPLATE_HEADER = ["Indicator number", "Area code", "Period", "Sex", "Age", "Value", "Lower CI", "Upper CI",
                   "Count", "Denominator", "Note"]
TEMPLATE_HEADER_WITH_CATEGORIES = [*TEMPLATE_HEADER[:5], "Category type", "Category", *TEMPLATE_HEADER[5:]]


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


# The Fingertips API's metadata CSV (indicator_metadata/csv/by_indicator_id), the columns the portal reads among
# those the API sends.
METADATA_HEADER = [
    "Indicator ID", "Indicator", "Definition", "Rationale", "Data source", "Indicator production", "Methodology",
    "Polarity", "Unit", "Value type", "Frequency", "Date updated", "Date of next update",
]


def metadata_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=METADATA_HEADER, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
