import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.imports.services import import_file, plan_import
from indicators.models import Indicator, IndicatorValue, Upload
from places.models import Area

from .indicator_files import (
    TEMPLATE_HEADER,
    export_before_the_ids_are_set,
    fingertips_csv,
    fingertips_row,
    template_xlsx,
)

pytestmark = pytest.mark.django_db

FID = 90631  # a Fingertips ID the test gives to Beacon Indicator 4
PLACES = ["E06000049", "E06000050", "E06000007", "E06000006", "E08000011", "E08000012", "E08000013", "E08000014",
          "E08000015"]


@pytest.fixture
def indicator():
    indicator = Indicator.objects.get(number=4)
    indicator.fingertips_id = FID
    indicator.save()
    return indicator


def realistic_export():
    rows = [
        fingertips_row(FID, "E92000001", "2021/22", "65.2", "65.1", "65.3", count="400000", denominator="613000"),
        fingertips_row(FID, "E12000002", "2021/22", "63.9", "63.6", "64.2"),
        *[fingertips_row(FID, code, "2021/22", f"6{i}.5", f"6{i}.0", f"6{i}.9") for i, code in enumerate(PLACES[:8])],
        # Knowsley suppressed: no value, with Fingertips' note.
        fingertips_row(FID, PLACES[8], "2021/22", "", note="Value suppressed for disclosure control"),
        fingertips_row(FID, "E08000003", "2021/22", "60.1", "59.0", "61.2"),  # Manchester: not a portal area
        # Breakdowns: kept for a Place, left out for an area outside Cheshire and Merseyside.
        fingertips_row(FID, "E08000012", "2021/22", "55.0", "54.0", "56.0", category_type="LSOA21 deprivation deciles"),
        fingertips_row(FID, "E08000003", "2021/22", "54.0", "53.0", "55.0", category_type="LSOA21 deprivation deciles"),
        fingertips_row(99999, "E08000012", "2021/22", "1.0", "0.5", "1.5"),  # an ID no Beacon Indicator claims
    ]
    return fingertips_csv(rows)


def test_a_fingertips_export_imports_the_headline_rows_for_every_area_and_keeps_new_areas(indicator):
    plan = import_file("fingertips.csv", realistic_export())
    assert plan.errors == []
    assert (len(plan.to_create), len(plan.to_update), plan.rows_read) == (13, 0, 15)
    manchester = Area.objects.get(code="E08000003")  # not one of the portal's areas: created, not a Place
    assert manchester.kind == Area.Kind.UTLA and manchester not in Area.objects.places()
    assert Area.objects.places().count() == 9
    assert plan.skipped == {
        "breakdown rows for areas outside Cheshire and Merseyside, England and the North West": 1,
        "rows for Fingertips indicator IDs no Beacon Indicator claims": 1,
    }
    stored = IndicatorValue.objects.filter(indicator=indicator).headline()
    assert set(stored.values_list("area__code", flat=True)) == {"E92000001", "E12000002", "E08000003", *PLACES}
    assert list(IndicatorValue.objects.breakdowns().values_list("area__code", "value")) == [("E08000012", 55.0)]
    knowsley = stored.get(area__code="E08000015")
    assert (knowsley.value, knowsley.value_note) == (None, "Value suppressed for disclosure control")
    england = stored.get(area__code="E92000001")
    assert (england.value, england.lower_ci, england.count, england.period_start) == (65.2, 65.1, 400000, 2021)
    assert england.published_comparison == "Similar"
    assert Upload.objects.get().status == Upload.Status.IMPORTED


def test_the_comparison_column_is_found_whatever_its_parent_is_called(indicator):
    from .indicator_files import FINGERTIPS_HEADER

    header = [c.replace("England", "North West region") for c in FINGERTIPS_HEADER]
    content = fingertips_csv([fingertips_row(FID, "E08000012", "2022/23", "60", "59", "61", compared="Worse")],
                             header=header, bom=False)
    import_file("fingertips.csv", content)
    assert IndicatorValue.objects.get(area__code="E08000012").published_comparison == "Worse"


def test_one_bad_value_writes_nothing_and_names_its_row_and_column(indicator):
    rows = [fingertips_row(FID, code, "2021/22", "60.0", "59.0", "61.0") for code in PLACES]
    rows[4][12] = "sixty"  # the Value column of the sixth line of the file (row 6)
    plan = import_file("bad.csv", fingertips_csv(rows))
    assert plan.errors == ["bad.csv, row 6, column 'Value': 'sixty' is not a number"]
    assert IndicatorValue.objects.count() == 0
    assert Upload.objects.count() == 0


def test_reimport_updates_in_place_and_keeps_the_previous_value_in_history(indicator):
    first = fingertips_csv([fingertips_row(FID, "E08000012", "2021/22", "60.0", "59.0", "61.0")])
    second = fingertips_csv([fingertips_row(FID, "E08000012", "2021/22", "61.5", "60.5", "62.5")])
    import_file("first.csv", first)
    plan = import_file("second.csv", second)
    assert (len(plan.to_create), len(plan.to_update)) == (0, 1)
    value = IndicatorValue.objects.get()
    assert value.value == 61.5
    assert [h.value for h in value.history.order_by("history_date")] == [60.0, 61.5]
    again = import_file("second.csv", second)
    assert (len(again.to_create), len(again.to_update), again.unchanged) == (0, 0, 1)


def test_duplicate_rows_with_different_figures_are_an_error_and_exact_repeats_are_skipped(indicator):
    row = fingertips_row(FID, "E08000012", "2021/22", "60.0", "59.0", "61.0")
    changed = fingertips_row(FID, "E08000012", "2021/22", "62.0", "61.0", "63.0")
    plan = plan_import("dup.csv", fingertips_csv([row, row]))
    assert plan.errors == [] and plan.skipped == {"rows repeating an earlier row exactly": 1}
    plan = plan_import("dup.csv", fingertips_csv([row, changed]))
    assert plan.errors == ["dup.csv, row 3: repeats the indicator, area, period, sex and age of row 2 with "
                           "different figures"]


def test_a_missing_column_is_named_and_nothing_is_written(indicator):
    from .indicator_files import FINGERTIPS_HEADER

    header = [c for c in FINGERTIPS_HEADER if c != "Lower CI 95.0 limit"]
    row = fingertips_row(FID, "E08000012", "2021/22", "60.0")
    del row[FINGERTIPS_HEADER.index("Lower CI 95.0 limit")]
    plan = import_file("short.csv", fingertips_csv([row], header=header))
    assert plan.errors == ["short.csv: Row 1 lacks the column 'Lower CI 95.0 limit'."]
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "The file is empty"),
        ("notes.txt", b"hello", "Upload a .csv file"),
        ("fake.xlsx", b"this is not a zip", "not a readable Excel workbook"),
        ("latin1.csv", "Indicator number,Área\n".encode("latin-1"), "not UTF-8"),
        ("other.csv", b"Name,Score\nx,1\n", "not a header this portal knows"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(name, content, message):
    plan = import_file(name, content)
    assert len(plan.errors) == 1 and message in plan.errors[0] and plan.errors[0].startswith(name)
    assert IndicatorValue.objects.count() == 0


def test_the_template_imports_anchor_indicator_data_from_xlsx():
    rows = [[12, code, "2023/24", "Persons", "All ages", 41.5, 39.0, 44.0, 415, 1000, ""] for code in PLACES]
    plan = import_file("anchor.xlsx", template_xlsx(rows))
    assert plan.errors == [] and len(plan.to_create) == 9
    assert set(IndicatorValue.objects.values_list("indicator__number", flat=True)) == {12}


def test_template_errors_name_the_sheet_row_and_column():
    rows = [
        [12, "E08000012", "2023/24", "Persons", "All ages", 41.5, 39.0, 44.0, None, None, None],
        [23, "E08000012", "2023/24", "Persons", "All ages", 1, None, None, None, None, None],
        [12, "W06000001", "2023/24", "Persons", "All ages", 1, None, None, None, None, None],
        [12, "E08000013", "sometime", "Persons", "All ages", 1, 3, 2, None, None, None],
    ]
    plan = import_file("anchor.xlsx", template_xlsx(rows))
    assert plan.errors == [
        "anchor.xlsx, sheet 'Values', row 3, column 'Indicator number': there is no Beacon Indicator 23",
        "anchor.xlsx, sheet 'Values', row 4, column 'Area code': 'W06000001' is not an area code the portal knows",
        "anchor.xlsx, sheet 'Values', row 5, column 'Period': 'sometime' does not contain a year",
        "anchor.xlsx, sheet 'Values', row 5, column 'Lower CI': the lower limit 3 is above the upper limit 2",
    ]
    assert IndicatorValue.objects.count() == 0
    assert TEMPLATE_HEADER[0] == "Indicator number"


def test_the_command_dry_run_writes_nothing_and_reports_what_would_change(indicator, tmp_path, capsys):
    path = tmp_path / "fingertips.csv"
    path.write_bytes(realistic_export())
    call_command("import_indicator_values", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Would create 13, would update 0" in out
    assert "Would add 1 area new to the portal" in out
    assert IndicatorValue.objects.count() == 0
    call_command("import_indicator_values", str(path))
    assert IndicatorValue.objects.count() == 13


def test_the_command_fails_loudly_on_a_bad_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"Name\nx\n")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_indicator_values", str(path))



@pytest.fixture
def no_ids_set():
    """The portal before bootstrap seeded the Fingertips IDs."""
    Indicator.objects.update(fingertips_id=None)


def test_each_unclaimed_fingertips_id_is_named_with_its_likely_beacon_indicator_and_where_to_set_it(no_ids_set):
    plan = plan_import("fingertips.csv", export_before_the_ids_are_set())
    life, activity = Indicator.objects.get(number=1), Indicator.objects.get(number=18)
    assert plan.skipped == {"rows for Fingertips indicator IDs no Beacon Indicator claims": 6}
    assert plan.unclaimed == [
        {"fingertips_id": 90366, "name": "Life expectancy at birth", "rows": 3,
         "likely": "1. Life expectancy, Female, Male", "admin_url": f"/admin/indicators/indicator/{life.pk}/change/"},
        {"fingertips_id": 93014, "name": "Percentage of physically active adults", "rows": 2,
         "likely": "18. Activity levels", "admin_url": f"/admin/indicators/indicator/{activity.pk}/change/"},
        {"fingertips_id": 92443, "name": "Smoking Prevalence in adults", "rows": 1, "likely": "",
         "admin_url": "/admin/indicators/indicator/"},
    ]


def test_the_command_names_each_unclaimed_fingertips_id(tmp_path, capsys, no_ids_set):
    path = tmp_path / "fingertips.csv"
    path.write_bytes(export_before_the_ids_are_set())
    call_command("import_indicator_values", str(path), "--dry-run")
    out = capsys.readouterr().out
    life = Indicator.objects.get(number=1)
    assert (f"Fingertips indicator 90366 'Life expectancy at birth' (3 rows): most likely Beacon Indicator 1. Life "
            f"expectancy, Female, Male; set its Fingertips ID at /admin/indicators/indicator/{life.pk}/change/") in out
    assert ("Fingertips indicator 92443 'Smoking Prevalence in adults' (1 rows): no close match among the Beacon "
            "Indicators; set the Fingertips ID on the right one at /admin/indicators/indicator/") in out


def test_the_fast_column_reader_and_the_row_by_row_reader_plan_the_same_import(indicator, monkeypatch):
    """A clean export is checked column by column (fast, for national files); anything else row by row. Both
    must accept, skip and describe exactly the same rows."""
    from indicators.imports import importers

    content = realistic_export()
    fast = plan_import("fingertips.csv", content)
    monkeypatch.setattr(importers, "fingertips_columns", lambda content: None)
    slow = plan_import("fingertips.csv", content)
    assert fast.summary() == slow.summary()
    assert fast.to_create == slow.to_create and fast.new_areas == slow.new_areas
    assert fast.to_create and fast.unclaimed
