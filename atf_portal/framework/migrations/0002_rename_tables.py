"""Rename the moved tables to this app's names, and move their content types (so groups keep their permissions
and the admin's history keeps its links)."""

from django.db import migrations

from atf_portal.core import squashed

MOVED = ["theme", "marmotrecommendation", "systemrecommendation", "principle", "headlineambition"]


def move_content_types(apps, schema_editor, source="programmes", target="framework"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="framework", target="programmes")


class Migration(squashed.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("framework", "0001_move_framework"),
        ("indicators", "0005_move_framework"),
        ("programmes", "0003_move_framework"),
    ]

    operations = [
        *[migrations.AlterModelTable(name=model, table=None) for model in MOVED],
        migrations.RunPython(move_content_types, move_back),
    ]
