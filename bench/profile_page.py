"""Profile pages uncached at 20x (as bench/pages.py builds it) with cProfile through Django's test Client: the
top lines by cumulative and by own time, the call count and the query count.

    PAGE_CACHE=False .venv/bin/python bench/profile_page.py /coherence/ [/gaps/ ...] [--lines 30] [--db PATH]
    PAGE_CACHE=False .venv/bin/python bench/profile_page.py --time / /gaps/    (medians of 21, no profiler)
    ... --stored    (the task worker's turn first: the pages read the stored gap flags instead of running the rules)

The 20x database is built once into PATH (default /tmp/atf-profile-20x.sqlite3) and reused by later runs.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def build(path):
    """Migrate, load the reference data and grow it to 20x, as bench/pages.py does; only when `path` is new."""
    from common import setup_django

    fresh = not path.exists()
    setup_django()
    if fresh:
        from django.core.management import call_command
        from pages import national_values

        from programmes.models import Programme
        from tests.dashboard_data import add_programmes

        call_command("load_demo_values", stdout=open(os.devnull, "w"))
        call_command("load_demo_values", "--remove", stdout=open(os.devnull, "w"))
        add_programmes(Programme.objects.count() * 19)
        national_values()


def profile(client, url, lines):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm Python's and Django's own caches, as bench/pages.py does
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profiler.enable()
        response = client.get(url)
        profiler.disable()
    assert response.status_code == 200, (url, response.status_code)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    print(f"\n=== {url}: {stats.total_calls:,} calls, {stats.total_tt * 1000:.0f} ms under the profiler, "
          f"{len(queries)} queries, {len(response.content) / 1024:.0f} KB html")
    for order in ("cumulative", "tottime"):
        stats.sort_stats(order).print_stats(lines)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip() and "Ordered by" not in line))
    print("\nslowest queries (ms, under the profiler):")
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]:
        print(f"  {float(query['time']) * 1000:6.1f}  {query['sql'][:300]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--time", action="store_true", help="print each page's median time, not a profile")
    parser.add_argument("--db", default="/tmp/atf-profile-20x.sqlite3")
    parser.add_argument("--stored", action="store_true", help="store the gap flags first, as the worker would")
    options = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{options.db}")
    build(Path(options.db))
    from common import measure_page, signed_in_client

    client = signed_in_client()
    if options.stored:
        from atf_portal.dashboard.flag_store import refresh

        refresh()
    for url in options.urls:
        if options.time:
            median, queries, size = measure_page(client, url)
            print(f"{url:<24} median {median:6.1f} ms  {queries:3d} queries  {size / 1024:6.0f} KB html")
        else:
            profile(client, url, options.lines)


if __name__ == "__main__":
    main()
