"""Run by tests/test_large_import.py in a process of its own, on a SQLite file (the test database is in memory,
which threads cannot share): an indicator import is held inside its transaction, just after its write, while a
board member reads a page and, from other threads, signs in and the load balancer asks /health/. Prints what each
was answered, and the figures stored before, during and after, as JSON.

    python -m tests.import_while_reading DATABASE_FILE succeed|fail
"""

import json
import os
import sys
import threading

PASSWORD = "a-long-enough-password"
PLACES = ["E06000049", "E06000050", "E06000007", "E06000006", "E08000011", "E08000012", "E08000013", "E08000014",
          "E08000015"]


def template(indicators=22, years=25):
    """The portal template: every Beacon Indicator, Place and year, about 5,000 rows."""
    lines = ["Indicator number,Area code,Period,Sex,Age,Value,Lower CI,Upper CI,Count,Denominator,Note"]
    for number in range(1, indicators + 1):
        for code in PLACES:
            for year in range(2000, 2000 + years):
                lines.append(f"{number},{code},{year},Persons,All ages,{50 + year % 7}.5,,,,,")
    return ("\n".join(lines) + "\n").encode()


def main(database, outcome):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atf_portal.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.db import OperationalError, connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host allowed, as under pytest

    from atf_portal.core import roles
    from indicators.imports import services
    from indicators.models import IndicatorValue

    importer = User.objects.create_user("importer", password=PASSWORD, is_staff=True)
    importer.groups.add(Group.objects.get(name=roles.BUSINESS_TEAM))
    board = User.objects.create_user("board", password=PASSWORD)
    board.groups.add(Group.objects.get(name=roles.BOARD_MEMBERS))
    reader = Client()
    reader.force_login(board)  # signed in before the import: reading a page then writes nothing
    plan, upload = services.preview_upload("large.csv", template(), importer)
    assert plan.ok, plan.errors[:3]

    writing, release = threading.Event(), threading.Event()
    real_write = services.write_rows

    def held_write(*args):
        real_write(*args)
        writing.set()
        release.wait(60)
        if outcome == "fail":
            raise OperationalError("disk I/O error")  # the database stops after the rows are written

    services.write_rows = held_write
    answers = {"before": IndicatorValue.objects.count()}

    def in_thread(name, work):
        def run():
            try:
                answers[name] = work()
            finally:
                connection.close()
        return threading.Thread(target=run)

    importing = in_thread("import", lambda: services.confirm_upload(upload, importer).errors)
    importing.start()
    writing.wait(60)
    # Writers wait for the import's commit: started while it holds the write lock.
    waiting = [in_thread("sign-in", lambda: Client().post("/accounts/login/", {
                   "username": "board", "password": PASSWORD}).status_code),
               in_thread("health", lambda: Client().get("/health/", HTTP_ACCEPT="application/json").status_code)]
    for thread in waiting:
        thread.start()
    answers["page"] = reader.get("/reporting/").status_code
    answers["during"] = IndicatorValue.objects.count()
    release.set()
    for thread in [importing, *waiting]:
        thread.join()
    answers["after"] = IndicatorValue.objects.count()
    answers["rows"] = plan.rows_read
    print(json.dumps(answers))


if __name__ == "__main__":
    main(*sys.argv[1:])
