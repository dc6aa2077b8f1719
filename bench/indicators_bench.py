"""Benchmark: import a national-scale Fingertips export and time an indicator page at that scale.

Builds a Fingertips-format CSV for about 150 upper-tier local authorities (the nine Places among them) plus
England, the North West and Cheshire and Merseyside, x 22 indicators x 15 periods x 3 sexes, then prints
the import time, rows per second, peak memory and the indicator page's median server time and query count.

    .venv/bin/python bench/indicators_bench.py
"""

import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import measure_page, setup_django, signed_in_client  # noqa: E402

AUTHORITIES = 150
PERIODS = 15
SEXES = ["Persons", "Male", "Female"]


def build_export(indicators, place_codes):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.indicator_files import fingertips_csv, fingertips_row

    rng = random.Random(1)
    others = [f"E10{i:06d}" for i in range(AUTHORITIES - len(place_codes))]  # codes no portal area uses
    codes = ["E92000001", "E12000002", "E54000008", *place_codes, *others]
    rows = []
    for indicator in indicators:
        for code in codes:
            for year in range(2008, 2008 + PERIODS):
                for sex in SEXES:
                    value = rng.uniform(20, 80)
                    rows.append(fingertips_row(
                        indicator.fingertips_id, code, f"{year}/{str(year + 1)[2:]}", f"{value:.2f}",
                        f"{value - 1:.2f}", f"{value + 1:.2f}", sex=sex, count=str(int(value * 10)), denominator="1000",
                    ))
    return fingertips_csv(rows), len(rows)


def main():
    setup_django()
    from django.urls import reverse

    from indicators.models import Indicator, IndicatorValue
    from indicators.services import import_file
    from places.models import Area

    indicators = list(Indicator.objects.all())
    for indicator in indicators:
        indicator.fingertips_id = 90000 + indicator.number
    Indicator.objects.bulk_update(indicators, ["fingertips_id"])
    content, rows = build_export(indicators, list(Area.objects.places().values_list("code", flat=True)))
    print(f"export: {rows:,} rows, {len(content) / 1e6:.1f} MB")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    plan = import_file("national.csv", content)
    elapsed = time.perf_counter() - start
    assert plan.ok, plan.errors[:5]
    print(f"import: {elapsed:.1f} s, {rows / elapsed:,.0f} rows/s; stored {IndicatorValue.objects.count():,} values, "
          f"skipped {dict(plan.skipped)}")
    print(f"peak memory (process max RSS): {rss_before:.0f} MB before the import, "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB after")

    # tracemalloc slows Python down several times, so it measures a dry run, not the timed import.
    tracemalloc.start()
    import_file("national.csv", content, dry_run=True)
    peak = tracemalloc.get_traced_memory()[1]
    print(f"peak Python allocations while reading and checking the file: {peak / 1e6:.0f} MB")
    tracemalloc.stop()

    start = time.perf_counter()
    again = import_file("national.csv", content)
    print(f"re-import of the same file: {time.perf_counter() - start:.1f} s, {again.unchanged:,} unchanged")

    client = signed_in_client()
    for url in [reverse("indicator-detail", args=[3]), reverse("indicator-detail", args=[1]),
                reverse("indicator-list")]:
        median, queries, size = measure_page(client, url)
        print(f"{url}: median {median:.1f} ms, {queries} queries, {size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
