"""CSV for analysts (pandas, R, Power BI's web connector): one row per result, nested fields flattened to
dotted column names. A small renderer of our own: djangorestframework-csv has had no release since 2023."""

import csv
import io

from rest_framework import renderers


def flatten(row, prefix=""):
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(item) for item in value if not isinstance(item, dict | list))
        else:
            flat[name] = value
    return flat


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        elif isinstance(data, dict):
            data = [data]
        rows = [flatten(row) for row in data]
        columns = list(dict.fromkeys(name for row in rows for name in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode(self.charset)
