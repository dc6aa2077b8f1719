"""Downloads: every table page's export (all filtered rows, CSV and XLSX, safe to open in a spreadsheet), and one
helper every other download goes through. A page's download is always asked for with `?_export=csv|xlsx`, the
parameter django-tables2 reads."""

import tablib
from django.http import HttpResponse
from django_tables2.export import ExportMixin, TableExport

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT = "_export"  # django-tables2's own name (TableExport.export_trigger_param's default)


def neutralise(value):
    """Stop a spreadsheet from running text that a user typed as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        headers = dataset.headers
        rows = [[neutralise(value) for value in row] for row in dataset]
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
    dataset = tablib.Dataset(*[[neutralise(value) for value in row] for row in rows], headers=header)
    return download(dataset.export(fmt), name, fmt)
