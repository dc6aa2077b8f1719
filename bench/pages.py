"""Benchmark: median server time, query count and response size of the dashboard pages, at the seeded size
and at 20 times the programmes with national-scale indicator values.

    .venv/bin/python bench/pages.py
"""

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import measure_page, setup_django, signed_in_client  # noqa: E402

# The overview's pages too: the grid with its sex switch, an indicator page, the coherence matrix whole and filtered;
# and what changed since a date.
PAGES = ["/", "/?sex=Male", "/themes/1/", "/gaps/", "/places/liverpool/", "/indicators/3/", "/coherence/",
         "/coherence/?theme=4", "/since/?date=2020-01-01"]
AUTHORITIES = 150
PERIODS = 15


def static_size(path):
    """Bytes of a static file as the browser receives it, gzip-compressed."""
    from django.contrib.staticfiles import finders

    return len(gzip.compress(Path(finders.find(path)).read_bytes()))


def report(client, label):
    print(f"\n{label}")
    for url in PAGES:
        median, queries, size = measure_page(client, url)
        html = client.get(url).content
        print(f"  {url:<22} median {median:6.1f} ms  {queries:3d} queries  {size / 1024:6.0f} KB html, "
              f"{len(gzip.compress(html)) / 1024:5.1f} KB gzipped")


def national_values():
    """Fingertips-style values for every indicator: 150 authorities x 15 periods x 3 sexes, imported."""
    from indicators_bench import build_export

    from indicators.imports.services import import_file
    from indicators.models import Indicator
    from places.models import Area

    indicators = list(Indicator.objects.all())
    for indicator in indicators:
        indicator.fingertips_id = 90000 + indicator.number
    Indicator.objects.bulk_update(indicators, ["fingertips_id"])
    content, rows = build_export(indicators, list(Area.objects.places().values_list("code", flat=True)))
    plan = import_file("national.csv", content)
    assert plan.ok, plan.errors[:3]
    print(f"imported {rows:,} national rows ({len(plan.to_create):,} kept for the portal's areas)")


def main():
    setup_django()
    from django.core.management import call_command

    from atf_portal.dashboard.flag_store import refresh
    from programmes.models import Programme

    call_command("load_demo_values", stdout=open("/dev/null", "w"))
    client = signed_in_client()
    refresh()
    report(client, f"Seeded size: {Programme.objects.count()} programmes, illustrative values")

    from tests.dashboard_data import add_programmes

    call_command("load_demo_values", "--remove", stdout=open("/dev/null", "w"))
    add_programmes(Programme.objects.count() * 19)
    national_values()
    # Just after a write the stored gap flags are behind and the pages run every rule, until the task worker's next
    # turn (two seconds) stores them again: both are timed.
    report(client, f"20x: {Programme.objects.count()} programmes, national-scale values; gap flags stored behind "
                   "the data (the first views after a write)")
    refresh()
    report(client, "20x, gap flags stored (the worker has had its turn)")

    css = static_size("vendor/nhsuk/nhsuk-frontend.min.css") + static_size("css/portal.css")
    js = static_size("vendor/nhsuk/nhsuk-frontend.min.js")
    home = len(gzip.compress(client.get("/").content))
    print(f"\nhome page on the wire (gzipped): html {home / 1024:.1f} KB + css {css / 1024:.1f} KB + "
          f"js {js / 1024:.1f} KB = {(home + css + js) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
