"""Benchmark: confirm a 200,000-row portal template while the portal is used from another thread.

Builds the template for every Beacon Indicator, the nine Places, England, the North West and Cheshire and
Merseyside, 20 periods, 3 sexes and 13 age groups (205,920 rows, 858 breakdowns new to the portal), previews it,
then confirms it while another thread asks, one after the other until the import ends, for an uncached page, a
cached page, /health/ and a sign-in. Prints the preview's and the confirmation's time (the data transaction and
the summary refresh after it, apart), the process's peak memory, and the answers given meanwhile: their
statuses and the slowest. On SQLite unless DATABASE_URL says otherwise.

    .venv/bin/python bench/large_import.py
"""

import resource
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup_django  # noqa: E402

PORTAL_AREAS = ["E92000001", "E12000002", "E54000008", "E06000049", "E06000050", "E06000007", "E06000006",
                "E08000011", "E08000012", "E08000013", "E08000014", "E08000015"]
SEXES = ["Persons", "Male", "Female"]
AGES = ["All ages", *[f"{start}-{start + 4} yrs" for start in range(15, 75, 5)]]  # 13 age groups
PERIODS = [str(year) for year in range(2005, 2025)]
PASSWORD = "a-long-enough-password"


def build_template():
    lines = ["Indicator number,Area code,Period,Sex,Age,Value,Lower CI,Upper CI,Count,Denominator,Note"]
    for number in range(1, 23):
        for code in PORTAL_AREAS:
            for n, period in enumerate(PERIODS):
                for sex in SEXES:
                    for age in AGES:
                        value = 40 + (number * 7 + n + len(age)) % 30
                        lines.append(f"{number},{code},{period},{sex},{age},{value}.5,{value - 1}.5,{value + 2}.5,"
                                     f"{value * 10},1000,")
    return ("\n".join(lines) + "\n").encode(), len(lines) - 1


def users():
    from django.contrib.auth.models import Group, User

    from atf_portal.core import roles

    importer = User.objects.create_user("bench-importer", password=PASSWORD, is_staff=True)
    importer.groups.add(Group.objects.get(name=roles.BUSINESS_TEAM))
    board = User.objects.create_user("bench-board", password=PASSWORD)
    board.groups.add(Group.objects.get(name=roles.BOARD_MEMBERS))
    return importer, board


def use_the_portal(board, done, answers):
    """Until done: an uncached page, a cached page, /health/ and a sign-in, each timed, one after the other."""
    from django.db import connection
    from django.test import Client

    reader = Client(HTTP_HOST="localhost")
    reader.force_login(board)
    asks = [("/reporting/", lambda: reader.get("/reporting/")), ("/", lambda: reader.get("/")),
            ("/health/", lambda: Client(HTTP_HOST="localhost").get("/health/", HTTP_ACCEPT="application/json")),
            ("sign-in", lambda: Client(HTTP_HOST="localhost").post(
                "/accounts/login/", {"username": "bench-board", "password": PASSWORD}))]
    try:
        while not done.is_set():
            for name, ask in asks:
                start = time.perf_counter()
                status = ask().status_code
                answers.append((time.perf_counter() - start, name, status))
    finally:
        connection.close()


def timed(obj, name, times):
    """Wrap obj.name so that its seconds are added to times[name]."""
    real = getattr(obj, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            times[name] = times.get(name, 0) + time.perf_counter() - start

    setattr(obj, name, wrapper)


def main():
    setup_django()
    from indicators.imports import services
    from indicators.models import IndicatorSummary, IndicatorValue

    importer, board = users()
    content, rows = build_template()
    print(f"template: {rows:,} rows, {len(content) / 1e6:.1f} MB")
    start = time.perf_counter()
    plan, upload = services.preview_upload("large.csv", content, importer)
    assert plan.ok, plan.errors[:5]
    print(f"preview: {time.perf_counter() - start:.1f} s")

    times = {}
    timed(services.FLOW, "commit", times)
    timed(services.FLOW, "finish", times)
    done, answers = threading.Event(), []
    portal = threading.Thread(target=use_the_portal, args=(board, done, answers))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    portal.start()
    start = time.perf_counter()
    plan = services.confirm_upload(upload, importer)
    elapsed = time.perf_counter() - start
    done.set()
    portal.join()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert plan.ok, plan.errors[:5]
    print(f"confirmation: {elapsed:.1f} s in all; the data transaction {times['commit']:.1f} s, the summaries "
          f"after the commit {times['finish']:.1f} s ({IndicatorValue.objects.count():,} figures, "
          f"{IndicatorSummary.objects.count()} summaries)")
    print(f"peak memory (process max RSS): {rss_before:.0f} MB before the confirmation, {peak:.0f} MB after")
    statuses = Counter((name, status) for _, name, status in answers)
    slowest = max(answers)
    print(f"answered meanwhile: {len(answers)} requests, {dict(statuses)}")
    print(f"slowest: {slowest[1]} in {slowest[0]:.2f} s (answered {slowest[2]})")


if __name__ == "__main__":
    main()
