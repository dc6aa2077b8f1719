"""The Fingertips API client: an indicator's data CSV and its metadata, over plain HTTP.

Why `requests` and not the official `fingertips_py` (0.4.3): that package needs pandas for every call and
returns DataFrames (the portal reads the CSV as an upload, row by row, through the shared import flow), sets no
timeout on any request, fixes the base URL in a module global, and on an SSL error silently tries again with
certificate checks turned off (`verify=False`); it is also GPL-3.0. Three endpoints do not need it.

Every answer is checked before anything is read from it: an HTML page (Fingertips' error page), an empty body or
missing columns raise FingertipsError with the reason, and nothing is changed. Failures that may pass (no
connection, a timeout, HTTP 429 or 5xx) are tried again a few times, waiting FINGERTIPS_BACKOFF_SECONDS and
doubling. Columns are read by name, as Fingertips has added columns over the years.
"""

import csv
import io
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import requests
from django.conf import settings

from indicators.imports.importers import FINGERTIPS_COLUMNS, FINGERTIPS_OPTIONAL

DATA_PATH = "all_data/csv/by_indicator_id"
METADATA_PATH = "indicator_metadata/csv/by_indicator_id"
# Area types: upper-tier local authorities from April 2023, the 2021-23 geography (series retired before 2023),
# integrated care boards; parent 15 is England.
UTLA, UTLA_2021_23, ICB, ENGLAND = 502, 402, 221, 15

DATA_COLUMNS = [*FINGERTIPS_COLUMNS.values(), FINGERTIPS_OPTIONAL["area_name"], FINGERTIPS_OPTIONAL["area_type"]]
# Fingertips metadata column -> Indicator field. Only "Indicator ID" must be there; the rest are kept where sent.
METADATA_COLUMNS = {
    "Definition": "definition", "Rationale": "rationale", "Data source": "metadata_source",
    "Polarity": "fingertips_polarity", "Unit": "fingertips_unit", "Value type": "value_type",
    "Frequency": "frequency", "Date of next update": "next_update",
}
RETRY_STATUS = {429, 500, 502, 503, 504}


class FingertipsError(Exception):
    """The API could not be reached or answered something unexpected; nothing was changed."""


@dataclass
class FetchedData:
    content: bytes  # one CSV in the export's shape, for the import flow
    urls: list = field(default_factory=list)
    rows: dict = field(default_factory=dict)  # Fingertips ID -> rows fetched
    older_geography: list = field(default_factory=list)  # IDs read at area type 402 as 502 had no rows
    missing: list = field(default_factory=list)  # IDs Fingertips has no rows for


def url(path, **params):
    query = urlencode(params, safe=",")
    return f"{settings.FINGERTIPS_API_URL.rstrip('/')}/{path}" + (f"?{query}" if query else "")


def get(address):
    """The body of a successful answer, tried again on failures that may pass; FingertipsError otherwise."""
    tries = settings.FINGERTIPS_RETRIES + 1
    problem = ""
    for attempt in range(tries):
        try:
            response = requests.get(address, timeout=settings.FINGERTIPS_TIMEOUT, headers={"Accept": "text/csv"})
        except requests.Timeout as exc:
            problem = f"did not answer in time ({exc.__class__.__name__})"
        except requests.ConnectionError as exc:
            problem = f"could not be reached ({exc.__class__.__name__})"
        else:
            if response.status_code == 200:
                return _checked_body(address, response)
            problem = f"answered HTTP {response.status_code}"
            if response.status_code not in RETRY_STATUS:
                raise FingertipsError(f"The Fingertips API {problem} for {address}. Nothing was changed.")
        if attempt + 1 < tries:
            time.sleep(settings.FINGERTIPS_BACKOFF_SECONDS * 2 ** attempt)
    raise FingertipsError(
        f"The Fingertips API {problem} after {tries} tries, for {address}. Nothing was changed; try again later."
    )


def _checked_body(address, response):
    content = response.content
    if not content.strip():
        raise FingertipsError(f"The Fingertips API answered with an empty body for {address}. Nothing was changed.")
    kind = response.headers.get("Content-Type", "").lower()
    if "html" in kind or content.lstrip()[:1] == b"<":
        raise FingertipsError(
            f"The Fingertips API answered with a web page, not CSV, for {address} (usually its error page: the "
            "service may be down or the address changed). Nothing was changed."
        )
    return content


def read_csv(address, content, required):
    """(header, rows as dicts) of a CSV answer, checking the columns the portal needs are there by name."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FingertipsError(f"The Fingertips API answered with text that is not UTF-8, for {address}.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [name for name in required if name not in header]
    if missing:
        raise FingertipsError(
            f"The Fingertips API's answer lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))}, for {address}: its format may have changed. Nothing was changed."
        )
    return header, list(reader)


def fetch_data(fingertips_ids):
    """Every area's rows for the IDs: upper-tier authorities and England (502, or 402 for an ID 502 has no rows
    for), and the ICBs where published (221). Returns the rows as one CSV in the export's shape."""
    ids = sorted(set(fingertips_ids))
    fetched = FetchedData(content=b"")
    header, rows = _data(fetched, ids, UTLA)
    present = {int(row["Indicator ID"]) for row in rows if row["Indicator ID"].isdigit()}
    fetched.older_geography = [i for i in ids if i not in present]
    if fetched.older_geography:
        rows += _data(fetched, fetched.older_geography, UTLA_2021_23)[1]
    rows += _data(fetched, ids, ICB)[1]  # empty where an indicator is not published for ICBs
    seen = set()
    kept = []
    for row in rows:  # England comes with every area type: keep each figure once
        code = row["Area Code"].strip()
        key = (row["Indicator ID"], code[1:] if code[:2] == "nE" else code, row["Sex"], row["Age"],
               row["Category Type"], row.get("Category", ""), row["Time period"])
        if key not in seen:
            seen.add(key)
            kept.append(row)
            fetched.rows[row["Indicator ID"]] = fetched.rows.get(row["Indicator ID"], 0) + 1
    fetched.missing = [i for i in ids if str(i) not in fetched.rows]
    fetched.older_geography = [i for i in fetched.older_geography if i not in fetched.missing]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", restval="")
    writer.writeheader()
    writer.writerows(kept)
    fetched.content = out.getvalue().encode("utf-8")
    return fetched


def _data(fetched, ids, area_type):
    address = url(DATA_PATH, indicator_ids=",".join(map(str, ids)), child_area_type_id=area_type,
                  parent_area_type_id=ENGLAND)
    fetched.urls.append(address)
    return read_csv(address, get(address), DATA_COLUMNS)


def fetch_metadata(fingertips_ids):
    """({Fingertips ID: {Indicator field: text}}, address) for the IDs."""
    address = url(METADATA_PATH, indicator_ids=",".join(map(str, sorted(set(fingertips_ids)))))
    header, rows = read_csv(address, get(address), ["Indicator ID"])
    metadata = {}
    for row in rows:
        text = row["Indicator ID"].strip()
        if text.isdigit():
            metadata[int(text)] = {
                name: (row.get(column) or "").strip() for column, name in METADATA_COLUMNS.items() if column in header
            }
    return metadata, address
