"""Benchmark: a decompression bomb, a 400 KB .xlsx whose one cell holds 400 million characters.

Builds it in a temporary folder, then in a fresh process each measures the peak resident memory of
  before: openpyxl opening it read-only and reading its rows, as the stocktake reader did with every upload;
  after:  the shared archive check refusing it from the zip directory, as both upload paths now do first.
"Before" takes about 1 GB and some seconds.

    .venv/bin/python bench/xlsx_bomb.py
"""

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHARACTERS = 400_000_000


def before(content):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    longest = max(len(str(value)) for row in workbook.worksheets[0].iter_rows(values_only=True) for value in row)
    workbook.close()
    return f"opened; its longest cell holds {longest:,} characters"


def after(content):
    from atf_portal.core.uploads import xlsx_archive_problem

    return xlsx_archive_problem("bomb.xlsx", content) or "accepted"


def measure(mode, path):
    """In this (fresh) process: read the upload's bytes, run one mode, print its outcome, time and peak RSS."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atf_portal.settings")
    import django
    import openpyxl  # noqa: F401  both modes pay for the same imports, so the figures compare the work alone

    django.setup()
    content = Path(path).read_bytes()
    start_mb, start = peak_rss_mb(), time.perf_counter()
    outcome = {"before": before, "after": after}[mode](content)
    elapsed = time.perf_counter() - start
    print(f"{mode}: peak RSS {peak_rss_mb():,.0f} MB ({start_mb:,.0f} MB before the work), {elapsed:.2f} s: {outcome}")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main():
    sys.path.insert(0, str(ROOT))
    from tests.stocktake_files import decompression_bomb

    with tempfile.TemporaryDirectory(prefix="atf-bomb-") as folder:
        path = decompression_bomb(Path(folder) / "bomb.xlsx", CHARACTERS)
        print(f"bomb.xlsx: {path.stat().st_size / 1024:,.0f} KB on disk, one cell of {CHARACTERS:,} characters")
        for mode in ("before", "after"):
            subprocess.run([sys.executable, __file__, mode, str(path)], check=True, cwd=ROOT)


if __name__ == "__main__":
    if len(sys.argv) == 3:
        measure(*sys.argv[1:])
    else:
        main()
