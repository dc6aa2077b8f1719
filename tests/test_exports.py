"""Exports neutralise only what a spreadsheet would run: a formula gets its apostrophe, a placeholder or a bullet
does not; the command-line CSVs are neutralised like the pages'."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from atf_portal.core.exports import neutralise
from atf_portal.framework.models import Theme
from programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["-", "+", "- housing, work and skills", "Healthy weight", ""])
def test_text_that_cannot_become_a_formula_is_left_as_written(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("text", ["=1+1", "-1+1", "+cmd|' /C calc'!A0", "- 2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)",
                                  "-HYPERLINK(\"http://evil.example\")", "\t=1", "- x =1"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


def export(client, name, fmt):
    response = client.get(reverse("programme-list"), {"q": name.strip("-= "), "_export": fmt})
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_programme_export_shows_a_bullet_without_an_apostrophe_and_neutralises_a_formula(board_client, fmt):
    theme = Theme.objects.get(number=1)
    Programme.objects.create(theme=theme, name="- Widen access to work")
    Programme.objects.create(theme=theme, name="=1+1")
    assert export(board_client, "- Widen access to work", fmt)[1][0] == "- Widen access to work"
    assert export(board_client, "=1+1", fmt)[1][0] == "'=1+1"


def test_the_gaps_command_neutralises_team_typed_text_in_its_csv(capsys):
    Programme.objects.create(theme=Theme.objects.get(number=1), name="=1+1")
    call_command("gaps", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    subjects = {row["subject"] for row in rows}
    assert "'=1+1" in subjects and "=1+1" not in subjects
