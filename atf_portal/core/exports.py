"""Downloads: every table page's export (all filtered rows, CSV and XLSX, safe to open in a spreadsheet), and one
helper every other download goes through. A page's download is always asked for with `?_export=csv|xlsx`, the
parameter django-tables2 reads."""

import tablib
from django.http import HttpResponse
from django_tables2.export import ExportMixin, TableExport

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT = "_export"  # django-tables2's own name (TableExport.export_trigger_param's default)
# What a formula needs to call a function or another program, or to compute: text after a lone sign with none of
# these (a placeholder "-", a bullet "- housing and work") cannot become a formula that runs anything.
FORMULA_MARKS = set("=(|!@+-*/^&")


def neutralise(value):
    """Stop a spreadsheet from running text that a user typed as a formula (CSV/formula injection), leaving text
    that cannot become one as it was written: no visible apostrophe on a placeholder or a bullet."""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return value
    sign, rest = value[0], value[1:]
    if sign in "+-" and (not rest or rest[0] == " ") and not FORMULA_MARKS.intersection(rest):
        return value
    return "'" + value


def neutralise_row(row):
    return [neutralise(value) for value in row]


class SafeTableExport(TableExport):
    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        headers = dataset.headers
        rows = [neutralise_row(row) for row in dataset]
        dataset.wipe()
        dataset.headers = headers
        dataset.extend(rows)
        return dataset


class SafeExportMixin(ExportMixin):
    export_class = SafeTableExport
    export_formats = (TableExport.CSV, TableExport.XLSX)

    def get_export_filename(self, export_format):
        return f"{self.export_name}.{export_format}"


def export_asked(request):
    """The format a page's download was asked for in, or None for the page itself."""
    fmt = request.GET.get(EXPORT)
    return fmt if fmt in TableExport.FORMATS else None


def download(content, name, fmt):
    """Every download that is not a table's export: the file as an attachment named `name.fmt`."""
    response = HttpResponse(content, content_type=TableExport.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def dataset_response(header, rows, name, fmt):
    """Rows that are not a table on a page (a page's figures gathered for download) as a CSV or XLSX file."""
    dataset = tablib.Dataset(*map(neutralise_row, rows), headers=header)
    return download(dataset.export(fmt), name, fmt)
