"""The database `make run` sets up (migrate, reference data, demo accounts and values), built once per run for the
browser tests' servers and the `make serve` test, each of which gets a copy of it.

Building it takes a process about 10 s of CPU. It starts in the background with the run's first test (`start`), so
it is ready by the time the first browser test asks for it (`wait`): started on demand, one worker built it while the
other waited for it, idle. The two pytest-xdist workers share the run's temporary folder (the parent of each worker's
own); whichever starts first builds it, under a lock.

No Playwright here: a test that needs only the database (the `make serve` test) runs where Chromium is not installed.
"""

import fcntl
import os
import subprocess
import sys
import time

from django.conf import settings

# The servers' settings: the portal's, with the suite's fast password hasher (tests/server_settings.py).
SERVER_ENV = {"DJANGO_SETTINGS_MODULE": "tests.server_settings", "DEBUG": "True"}
# Its parts in the shared folder: the database once built, the exit status and output of the building process.
DATABASE, STATUS, LOG = "prepared.sqlite3", "prepared.status", "prepared.log"
# Building it took 10-20 s here; on a machine this busy, several times that is still a fault.
TIMEOUT = 600


def shared_folder(tmp_path_factory):
    folder = tmp_path_factory.getbasetemp()
    return folder.parent if os.environ.get("PYTEST_XDIST_WORKER") else folder


def start(folder):
    """Start building the database in `folder`, unless a worker has started already. The process renames the
    database into place only once set_up has finished, then writes its exit status."""
    with open(folder / "prepared.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / LOG).exists():
            return
        partial = folder / "prepared.partial.sqlite3"
        env = {**os.environ, **SERVER_ENV, "DATABASE_URL": f"sqlite:///{partial}"}
        with open(folder / LOG, "w") as log:
            # In the run's process group, so an interrupted run (Ctrl-C) stops it too.
            subprocess.Popen(["sh", "-c", '"$0" manage.py set_up && mv "$1" "$2"; echo $? > "$3"', sys.executable,
                              partial, folder / DATABASE, folder / STATUS],
                             cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait(folder):
    """The built database's path, once it is there; its building's output if it failed."""
    start(folder)  # for a test that asks for it by name as it runs, which the run's first test cannot foresee
    deadline = time.monotonic() + TIMEOUT
    while not (folder / STATUS).exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"The browser tests' database was not built within {TIMEOUT} s")
        time.sleep(0.2)
    if (folder / STATUS).read_text().strip() != "0":
        raise RuntimeError(f"Setting up the browser tests' database failed:\n{(folder / LOG).read_text()}")
    return folder / DATABASE
