"""Benchmark: import a national-scale Fingertips export and time an indicator page at that scale.

Builds a Fingertips-format CSV for about 150 upper-tier local authorities (the nine Places among them) plus
England, the North West and Cheshire and Merseyside, x 22 indicators x 15 periods x 3 sexes, and stores every
row (the areas new to the portal are created). Prints rows stored per second (history kept, summaries
refreshed), next to a floor measured in the same run on the same database: pandas `read_csv` of the same bytes
plus one bare `executemany` insert of the same rows into a bare table; then the ratio, peak memory and the
indicator page's median server time and query count. Target: 15,000 rows/s on SQLite, within 3x of the floor,
peak memory under 600 MB.

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


def measure_floor(content):
    """Seconds to read the export with pandas and insert its rows, bare, into a bare table in one transaction."""
    import io

    import pandas as pd
    from django.db import connection, transaction

    columns = {"Indicator ID": "indicator_id", "Area Code": "area_code", "Time period": "period", "Sex": "sex",
               "Age": "age", "Value": "value", "Lower CI 95.0 limit": "lower_ci", "Upper CI 95.0 limit": "upper_ci",
               "Count": "count", "Denominator": "denominator", "Value note": "value_note"}
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_floor (indicator_id integer, area_code varchar(9), period varchar(40), "
                       "sex varchar(20), age varchar(40), value real, lower_ci real, upper_ci real, count real, "
                       "denominator real, value_note varchar(255))")
    start = time.perf_counter()
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", usecols=list(columns))[list(columns)]
    frame = frame.astype(object).where(frame.notna(), None)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO bench_floor ({', '.join(columns.values())}) VALUES "
                           f"({', '.join(['%s'] * len(columns))})", list(frame.itertuples(index=False, name=None)))
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")
    return elapsed


def main():
    setup_django()
    from django.urls import reverse

    from indicators.imports.services import import_file
    from indicators.models import Indicator, IndicatorValue
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
    stored = IndicatorValue.objects.count()
    history = IndicatorValue.history.count()
    assert stored == history == rows, (stored, history, rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import: {elapsed:.1f} s, {stored / elapsed:,.0f} rows/s stored ({stored:,} values and {history:,} "
          f"history rows, {len(plan.new_areas)} areas created), skipped {dict(plan.skipped)}")
    floor = measure_floor(content)
    print(f"floor (pandas read_csv + bare executemany into a bare table, same database): {floor:.2f} s, "
          f"{rows / floor:,.0f} rows/s; the import takes {elapsed / floor:.1f}x the floor")
    print(f"peak memory (process max RSS): {rss_before:.0f} MB before the import, {peak:.0f} MB after")

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
