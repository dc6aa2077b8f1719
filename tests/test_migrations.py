"""The framework models moved from `programmes` to `atf_portal/framework`: a database made by the previous release
keeps every row. Run in a separate process on a database of its own, migrated first only as far as that release."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from atf_portal.core import squashed

PREVIOUS_RELEASE = [("programmes", "0002_action_historicalprogramme_last_update_on_and_more"),
                    ("indicators", "0004_alter_upload_options_alter_upload_sha256"),
                    ("stocktake", "0002_alter_stocktakeupload_summary")]

# Written with the previous release's models, as its admin would have: a theme, a programme under it with an
# ambition, a group holding the theme's view permission.
WRITE_OLD = """
from django.core.management import call_command
from django.db import connection
call_command("createcachetable")  # today's code bumps the page cache's version on every save

content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
    app_label="programmes", model="theme")
permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
    codename="view_theme", content_type=content_type, defaults={"name": "Can view theme"})
Theme = apps.get_model("programmes", "Theme")
theme = Theme.objects.create(number=1, title="Give every child the best start in life")
theme.recommendations.create(order=1, text="Increase investment in the early years")
ambition = apps.get_model("programmes", "HeadlineAmbition").objects.create(number=1, title="Best start")
programme = apps.get_model("programmes", "Programme").objects.create(theme=theme, name="Family hubs")
programme.ambitions.add(ambition)
apps.get_model("indicators", "Indicator").objects.create(number=3, title="Good level of development", theme=theme)
group = apps.get_model("auth", "Group").objects.create(name="Board members")
group.permissions.add(permission)
"""

READ_NEW = """
from django.contrib.auth.models import Group
from atf_portal.framework.models import Theme
from indicators.models import Indicator
from programmes.models import Programme
programme = Programme.objects.get(name="Family hubs")
print(programme.theme.title, "|", programme.ambitions.get().title, "|", Theme.objects.get().recommendations.get().text,
      "|", Indicator.objects.get().theme.number, "|",
      Group.objects.get().permissions.get().content_type.app_label, "|", Group.objects.get().permissions.count())
"""


# A new database migrated only as far as an earlier release, through the migrations that release had. Django uses a
# squashed migration (`replaces`) on a database that has none of the migrations it replaces, so a new database has no
# old nodes to stop at: this loader leaves the squashes out, as the earlier release's code had none. What follows is
# then `manage.py migrate` itself, on a database holding some of the replaced migrations: it takes the old ones where
# a squash is partly applied and a squash where none of it is, as an existing database of that release would.
# post_migrate as the migrate command sends it: that release's content types and permissions.
MIGRATE_TO = """
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
executor = MigrationExecutor(connection)
executor.loader = MigrationLoader(connection, replace_migrations=False)
emit_post_migrate_signal(0, False, connection.alias, apps=executor.migrate({nodes!r}).apps, plan=[])
apps = MigrationLoader(connection, replace_migrations=False).project_state({nodes!r}).apps
"""


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def migrated_then(database_url, read):
    """Migrate the database, as `manage.py migrate --noinput` does (in a shell, so today's code reads it in the same
    process: one start of Django, not two), then run `read`: the last line it prints."""
    migrate = "from django.core.management import call_command\ncall_command('migrate', interactive=False)\n"
    return manage(database_url, "shell", "-c", migrate + read).split("\n")[-2]


@pytest.fixture
def scratch_database(tmp_path):
    """A database of its own: a file on SQLite, a new database on the same server on PostgreSQL."""
    if "postgres" not in settings.DATABASES["default"]["ENGINE"]:
        yield f"sqlite:///{tmp_path / 'previous.sqlite3'}"
        return
    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"atf_migration_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="postgres", user=url["USER"], password=url["PASSWORD"], host=url["HOST"],
                             port=url["PORT"])
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    admin.cursor().execute(f'DROP DATABASE "{name}"')
    admin.close()


@pytest.mark.database
def test_moving_the_framework_keeps_every_row_of_a_database_made_by_the_previous_release(scratch_database):
    manage(scratch_database, "shell", "-c", MIGRATE_TO.format(nodes=PREVIOUS_RELEASE) + WRITE_OLD)
    assert migrated_then(scratch_database, READ_NEW) == (
        "Give every child the best start in life | Best start | Increase investment in the early years | 1 | "
        "framework | 1")


BEFORE_EDITIONS = [("auth", "0012_alter_user_first_name_max_length"),
                   ("programmes", "0007_status_as_the_plan_words_it"),
                   ("indicators", "0010_comparison_confidence_help"), ("reporting", "0001_initial"),
                   ("stocktake", "0002_alter_stocktakeupload_summary")]

# A delivery-plan row, its history and a reporting round, as the release before plan editions held them.
WRITE_BEFORE_EDITIONS = """
from django.core.management import call_command
from django.db import connection
call_command("createcachetable")
theme = apps.get_model("framework", "Theme").objects.create(number=3, title="Fair employment")
programme = apps.get_model("programmes", "Programme").objects.create(
    theme=theme, name="Economies for Healthier Lives", source_ref="DP2024-25/3/01")
apps.get_model("programmes", "HistoricalProgramme").objects.create(
    id=programme.pk, theme=theme, name=programme.name, source_ref=programme.source_ref, plan_order=0,
    created_at=programme.created_at, updated_at=programme.updated_at, history_date=programme.created_at,
    history_type="+", status="not_stated", latest_rag="")
apps.get_model("reporting", "ReportingPeriod").objects.create(
    name="2026-27 Q2", start="2026-07-01", end="2026-09-30", due_date="2026-10-15")
"""

READ_EDITIONS = """
from programmes.models import PlanEdition, Programme
from programmes.reporting.models import ReportingPeriod
edition = PlanEdition.objects.get()
programme = Programme.objects.get()
print(edition.years, edition.is_current, "|", programme.edition == edition, programme.reference, "|",
      programme.history.get().edition_id == edition.pk, "|", ReportingPeriod.objects.get().edition == edition)
"""


@pytest.mark.database
def test_the_rows_and_rounds_of_a_database_before_editions_become_the_2024_25_editions(scratch_database):
    manage(scratch_database, "shell", "-c", MIGRATE_TO.format(nodes=BEFORE_EDITIONS) + WRITE_BEFORE_EDITIONS)
    assert migrated_then(scratch_database, READ_EDITIONS) == (
        "2024-25 True | True DP2024-25/3/01 | True | True")


# The release before the return engine, the anchors and the task queue: a programme update, an organisation.
# auth first, whole: the permissions a partial migrate creates need its longer names (PostgreSQL checks lengths).
LAST_RELEASE = [("auth", "0012_alter_user_first_name_max_length"),
                ("programmes", "0005_recommendation_links_and_suggestions"), ("reporting", "0001_initial"),
                ("indicators", "0010_comparison_confidence_help"), ("stocktake", "0003_upload_failed_status")]
WRITE_LAST = """
import datetime
from django.core.management import call_command
call_command("createcachetable")
from django.db import connection
theme = apps.get_model("framework", "Theme").objects.create(number=1, title="Best start")
programme = apps.get_model("programmes", "Programme").objects.create(theme=theme, name="Family hubs")
apps.get_model("programmes", "Organisation").objects.create(name="Halton Borough Council")
period = apps.get_model("reporting", "ReportingPeriod").objects.create(
    name="2026-27 Q3", start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31),
    due_date=datetime.date(2027, 1, 15), is_open=True)
apps.get_model("reporting", "Update").objects.create(period=period, programme=programme, state="submitted",
                                                     rag="amber", reason="Staffing", narrative="Two hubs open")
"""
READ_LAST = """
from programmes.models import Organisation
from programmes.reporting.models import Update
update = Update.objects.get()
organisation = Organisation.objects.get()
print(update.programme.name, "|", update.period.name, "|", update.state, update.rag, "|", update.is_editable, "|",
      organisation.name, organisation.hcp_member)
"""


@pytest.mark.database
def test_a_database_made_by_the_release_before_the_return_engine_keeps_its_updates_and_organisations(
        scratch_database):
    manage(scratch_database, "shell", "-c", MIGRATE_TO.format(nodes=LAST_RELEASE) + WRITE_LAST)
    assert migrated_then(scratch_database, READ_LAST) == (
        "Family hubs | 2026-27 Q3 | submitted amber | False | Halton Borough Council False")


def test_the_squashed_migrations_end_in_the_state_of_the_migrations_they_replace(settings):
    settings.MIGRATION_MODULES = {}  # the migrations on disk, even where the test database was made without them
    new_database = MigrationLoader(None)  # takes each squash, as on a database with none of its migrations
    existing_database = MigrationLoader(None, replace_migrations=False)  # the old migrations, as on one with all
    assert set(new_database.graph.nodes) < set(new_database.disk_migrations)  # the squashes are what run
    assert new_database.project_state().models == existing_database.project_state().models


def test_every_migration_of_the_portals_applies_through_its_own_base(settings):
    settings.MIGRATION_MODULES = {}
    own = {config.label for config in apps.get_app_configs()
           if Path(config.path).is_relative_to(settings.BASE_DIR)
           and not Path(config.path).is_relative_to(settings.BASE_DIR / ".venv")}
    found = MigrationLoader(None, replace_migrations=False).disk_migrations
    assert {"programmes", "indicators", "dashboard", "reporting"} < own
    assert [key for key, migration in found.items()
            if key[0] in own and not isinstance(migration, squashed.Migration)] == []
