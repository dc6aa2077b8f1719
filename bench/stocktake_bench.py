"""Benchmark: import a consolidated stocktake workbook with all twelve levels and about 500 activities.

Prints the time to check and import it, the workbook's size, and memory.

    .venv/bin/python bench/stocktake_bench.py
"""

import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, setup_django  # noqa: E402

ACTIVITIES_PER_CELL = 2  # 12 levels x 37 rows x ~1.1 cells filled x 2 lines: about 500 activities


def build_workbook():
    sys.path.insert(0, str(ROOT))
    from tests.stocktake_files import real_workbook

    return real_workbook(ACTIVITIES_PER_CELL)


def main():
    setup_django()
    from stocktake.models import Activity
    from stocktake.services import import_file, plan_stocktake

    content = build_workbook()
    # tracemalloc slows Python down, so it watches a dry reading, not the timed import.
    tracemalloc.start()
    plan = plan_stocktake("bench.xlsx", content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"workbook: {len(content) / 1024:.0f} KB, {len(plan.activities)} activities across "
          f"{len(plan.levels())} levels; peak Python allocations reading and checking it: {peak / 1e6:.1f} MB")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    plan = import_file("bench.xlsx", content)
    elapsed = time.perf_counter() - start
    assert plan.ok, plan.errors
    print(f"check and import: {elapsed * 1000:.0f} ms; {Activity.objects.current().count()} activities current")
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {rss_before:.0f} MB before the import, {rss_after:.0f} MB after")


if __name__ == "__main__":
    main()
