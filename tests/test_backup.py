"""`backup` then `restore` into an emptied database gives back every row of every model, history included."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from atf_portal.core import roles
from indicators.imports.services import import_file as import_values
from indicators.models import Indicator, IndicatorValue, Upload
from programmes.models import Programme, ProgressUpdate
from stocktake.models import Activity, StocktakeUpload
from stocktake.services import import_file as import_stocktake

from .conftest import make_user
from .indicator_files import fingertips_csv, fingertips_row
from .stocktake_files import consolidated, row

PORTAL_APPS = {"places", "framework", "programmes", "indicators", "stocktake", "auth"}
FID = 90631


def snapshot():
    """{model: [every row's every column]} for every model of the portal's apps, historical and link tables
    included; users, groups, permissions and content types by their natural keys (a restore may number them afresh), and
    link tables without their own ids."""
    User = get_user_model()
    by_natural_key = {
        User: dict(User.objects.values_list("pk", "username")),
        Group: dict(Group.objects.values_list("pk", "name")),
        Permission: {p.pk: p.natural_key() for p in Permission.objects.select_related("content_type")},
        ContentType: {c.pk: c.natural_key() for c in ContentType.objects.all()},
    }
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in PORTAL_APPS or model is Permission:
            continue
        renumbered = model in (User, Group) or model._meta.auto_created
        fields = [f for f in model._meta.concrete_fields if not (renumbered and f.primary_key)]
        rows = [
            tuple(by_natural_key[field.related_model].get(value) if field.related_model in by_natural_key
                  else _plain(value) for field, value in zip(fields, values, strict=True))
            for values in model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])
        ]
        tables[model._meta.label] = sorted(rows, key=repr) if renumbered else rows
    return tables


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def some_of_everything(django_user_model):
    user = make_user(django_user_model, "business", roles.BUSINESS_TEAM, is_staff=True)
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    programme.measures = "Changed after loading"
    programme.updated_by = user
    programme.save()
    ProgressUpdate.objects.create(programme=programme, date=datetime.date(2025, 1, 6), rag="green",
                                  narrative="On track", author=user)
    indicator = Indicator.objects.get(number=4)
    indicator.fingertips_id = FID
    indicator.save()
    assert import_values("v.csv", fingertips_csv([fingertips_row(FID, "E08000012", "2021/22", "61.5", "60.1", "62.9")]),
                         user=user).ok
    assert import_values("w.csv", fingertips_csv([fingertips_row(FID, "E08000012", "2021/22", "61.7", "60.1", "62.9")]),
                         user=user).ok
    assert import_stocktake("s.xlsx", consolidated([row("Theme 1", l8="Family hubs", l6="Halton hub")]), user=user).ok
    assert import_stocktake("t.xlsx", consolidated([row("Theme 1", l8="Family hubs, expanded")]), user=user).ok
    return user


def test_backup_then_restore_into_an_emptied_database_gives_back_every_row(committed_db, django_user_model,
                                                                          tmp_path):
    some_of_everything(django_user_model)
    before = snapshot()
    for label in ["programmes.Programme", "programmes.HistoricalProgramme", "programmes.ProgressUpdate",
                  "indicators.IndicatorValue", "indicators.HistoricalIndicatorValue", "indicators.Upload",
                  "stocktake.StocktakeUpload", "stocktake.Activity", "places.Area", "auth.User", "auth.Group"]:
        assert before[label], label
    path = tmp_path / ("atf.dump" if connection.vendor == "postgresql" else "atf.json")

    call_command("backup", output=str(path))
    call_command("flush", interactive=False, verbosity=0)  # the emptied database
    assert not Programme.objects.exists() and not IndicatorValue.objects.exists()
    call_command("restore", str(path), interactive=False)

    after = snapshot()
    assert after.keys() == before.keys()
    for label, rows in before.items():
        assert len(after[label]) == len(rows), label
        assert after[label] == rows, label
    # A few fields read back the ordinary way.
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    assert (programme.measures, programme.updated_by.username) == ("Changed after loading", "business")
    assert [h.measures for h in programme.history.all()][:1] == ["Changed after loading"]
    assert IndicatorValue.objects.get(area__code="E08000012").value == 61.7
    assert [h.value for h in IndicatorValue.history.filter(area__code="E08000012")] == [61.7, 61.5]
    assert sorted(Upload.objects.values_list("file_name", "uploaded_by__username")) == [
        ("v.csv", "business"), ("w.csv", "business")]
    assert StocktakeUpload.objects.filter(status=StocktakeUpload.Status.IMPORTED).count() == 2
    assert sorted(Activity.objects.current().values_list("level__name", "text")) == [
        ("Halton", "Halton hub"), ("Liverpool", "Family hubs, expanded")]
    user = get_user_model().objects.get(username="business")
    assert user.check_password("not-used-in-tests") and user.has_perm("programmes.change_programme")


def test_the_default_backup_file_is_named_by_the_time_and_the_database(db, settings, tmp_path, monkeypatch):
    from atf_portal.seed.management.commands.backup import default_path

    settings.BASE_DIR = tmp_path
    path = default_path(connection)
    assert path.parent == tmp_path / "backups"
    assert path.name.startswith("atf-") and path.suffix == (".dump" if connection.vendor == "postgresql" else ".json")


def test_a_backup_of_the_other_kind_of_database_is_refused(db, tmp_path):
    wrong = tmp_path / ("atf.json" if connection.vendor == "postgresql" else "atf.dump")
    wrong.write_bytes(b"[]" if connection.vendor == "postgresql" else b"PGDMP\x01\x0e")
    with pytest.raises(CommandError, match="backup; this database is"):
        call_command("restore", str(wrong), interactive=False)
    assert Programme.objects.exists()
