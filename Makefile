# The two commands: `make run` (set up and serve) and `make test` (the whole suite). `make serve` is production.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two installs: serving needs the portal alone; the tests, lint and docs need the dev extras too (pytest, Playwright,
# ruff...), which `make run` should not wait for. Installing the dev extras installs the portal too, so it marks both.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1:8000
# Every Python process compiles what it imports unless a compiled copy is on disk, and the targets start many (the
# set-up, the server and its reloader, the task worker; the tests' servers, commands and workers). Python writes those
# copies as it goes unless PYTHONDONTWRITEBYTECODE is set, as some machines set it; it is cleared here, so a module is
# compiled once, by the first process that imports it: the migration check's, say, for the suite that follows it
# (measured here: compiling the whole .venv beforehand instead took 8 s, most of it for modules nothing imports).
export PYTHONDONTWRITEBYTECODE =
# Two pytest workers (pytest-xdist), one per core of a 2-core machine: measured faster than one process, and than
# three. A browser test module keeps to one worker (its xdist_group, tests/conftest.py), as its tests share a server;
# the workers take the modules as they come free, in the suite's order (--no-loadscope-reorder: pytest-xdist would
# move the groups of several tests first): the tests of the test database, then the browser modules, then the rest
# (run_order, tests/conftest.py). The browser tests must come after the database's: while Chromium is open,
# Playwright's asyncio loop runs in the worker's thread, and Django refuses database calls there.
# PYTEST_WORKERS=0 runs in a single process. The 15 slowest tests are listed at the end, so a run shows where its
# time went.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder --durations=15

.PHONY: run setup test pytest check-migrations lint serve bench-load clean docs

# The venv is made without a pip of its own: installing one (ensurepip) took 3 s of a fresh clone's 5 s to make it.
$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)

# uv installs the portal and its packages: the same packages pip installed (pyproject.toml pins each), in about 4 s
# where pip took 24 on a fresh clone here. The pip of the Python that made the venv installs uv itself into it,
# pinned (pip's --python); where that Python has no pip, the venv gets its own first. Neither compiles the installed
# files to bytecode (plotly, pandas and numpy alone are 3,400): Python compiles what the portal imports.
UV_VERSION := 0.13.8
UV := $(BIN)/uv
UV_INSTALL := $(UV) pip install --quiet --python $(BIN)/python

$(UV): | $(BIN)/python
	$(PYTHON) -m pip --python $(BIN)/python install --quiet uv==$(UV_VERSION) || { \
		$(BIN)/python -m ensurepip --default-pip >/dev/null && $(BIN)/python -m pip install --quiet uv==$(UV_VERSION); }

$(RUN_STAMP): pyproject.toml | $(UV)
	$(UV_INSTALL) -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(UV)
	$(UV_INSTALL) -e ".[dev]"
	touch $(RUN_STAMP) $(DEV_STAMP)

# Migrate, the reference data, the demo accounts and illustrative values, in one process (atf_portal/seed's set_up).
setup: $(RUN_STAMP)
	$(BIN)/python manage.py set_up

# The task worker (background tasks and the schedule) runs beside the development server, and stops with it.
run: setup
	$(BIN)/python manage.py run_worker & trap 'kill $$!' EXIT; $(BIN)/python manage.py runserver $(HOST)

# Production: gunicorn (gunicorn.conf.py) with WhiteNoise's compressed, cache-busted static files, DEBUG off,
# on DATABASE_URL; refuses to start if the deployment checklist reports anything (README, "Deploying"). Stored
# summaries are worked out again on every start, so an upgrade's statistics rules reach every stored label. The
# task worker starts beside gunicorn (README, "Background tasks", to run it as a service of its own).
serve: export DEBUG = False
serve: $(RUN_STAMP)
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL (PostgreSQL), SECRET_KEY and ALLOWED_HOSTS: see README, Deploying"; exit 2; }
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bootstrap
	$(BIN)/python manage.py refresh_summaries
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py run_worker & trap 'kill $$!' EXIT; $(BIN)/gunicorn --config gunicorn.conf.py atf_portal.wsgi

# The load test (bench/load.py): locust against `make serve` on a throw-away PostgreSQL, cache off and on, and an
# anonymous crowd on the public pages and API beside the signed-in one.
bench-load: $(RUN_STAMP)
	$(UV_INSTALL) -e ".[bench]"
	$(BIN)/python bench/load.py

# The user guide's pictures (docs/images/): the journey tests take them in a real browser (Debian's Chromium).
docs: $(DEV_STAMP)
	rm -f docs/images/*.png
	DOCS_SCREENSHOTS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_journeys.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The README's test command: lint and the migration check once, side by side (a few seconds of one core each; each
# one's output kept together), then the suite. CI (.ci/run) runs it on SQLite, then only `make pytest` on PostgreSQL,
# since lint and the migration check do not depend on the database.
test: $(DEV_STAMP)
	$(MAKE) --no-print-directory --output-sync=target -j2 lint check-migrations
	$(MAKE) --no-print-directory pytest

check-migrations: $(DEV_STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

# pytest exits 5 when it collects no test, which fails the target as any other failure does.
pytest: $(DEV_STAMP)
	$(PYTEST)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles *.egg-info

# Backup and restore (README, "Backup and restore"): the whole database to backups/, and back.
.PHONY: backup restore
backup: $(RUN_STAMP)
	$(BIN)/python manage.py backup

restore: $(RUN_STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/atf-YYYYmmdd-HHMMSS.dump (or .json on SQLite)"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"
