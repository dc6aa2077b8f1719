# The two commands: `make run` (set up and serve) and `make test` (the whole suite). `make serve` is production.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: run setup test lint serve bench-load clean docs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bootstrap
	$(BIN)/python manage.py create_demo_users
	$(BIN)/python manage.py create_demo_programme_lead
	$(BIN)/python manage.py load_demo_values

# The task worker (background tasks and the schedule) runs beside the development server, and stops with it.
run: setup
	$(BIN)/python manage.py run_worker & trap 'kill $$!' EXIT; $(BIN)/python manage.py runserver $(HOST)

# Production: gunicorn (gunicorn.conf.py) with WhiteNoise's compressed, cache-busted static files, DEBUG off,
# on DATABASE_URL; refuses to start if the deployment checklist reports anything (README, "Deploying"). Stored
# summaries are worked out again on every start, so an upgrade's statistics rules reach every stored label. The
# task worker starts beside gunicorn (README, "Background tasks", to run it as a service of its own).
serve: export DEBUG = False
serve: $(STAMP)
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL (PostgreSQL), SECRET_KEY and ALLOWED_HOSTS: see README, Deploying"; exit 2; }
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bootstrap
	$(BIN)/python manage.py refresh_summaries
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py run_worker & trap 'kill $$!' EXIT; $(BIN)/gunicorn --config gunicorn.conf.py atf_portal.wsgi

# The load test (bench/load.py): locust against `make serve` on a throw-away PostgreSQL, cache off and on.
bench-load: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/load.py

# The user guide's pictures (docs/images/): the journey tests take them in a real browser (Debian's Chromium).
docs: $(STAMP)
	rm -f docs/images/*.png
	DOCS_SCREENSHOTS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_journeys.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: $(STAMP) lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles *.egg-info

# Backup and restore (README, "Backup and restore"): the whole database to backups/, and back.
.PHONY: backup restore
backup: $(STAMP)
	$(BIN)/python manage.py backup

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/atf-YYYYmmdd-HHMMSS.dump (or .json on SQLite)"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"
