import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from atf_portal.core import roles
from places.models import Area, PlaceLead
from stocktake.models import Activity, StocktakeUpload
from stocktake.reader import split_activities
from stocktake.services import import_file

from .stocktake_files import LEVEL_HEADERS, consolidated, row, single_return, with_macros

pytestmark = pytest.mark.django_db
LIVERPOOL, HALTON = 8, 6  # positions in LEVEL_HEADERS


def messy_workbook():
    return consolidated([
        ["Marmot themes"],
        row("1. Give every child the best start in life", l0="• Beyond programme\n• Family hubs", l8="Family hubs"),
        [None],
        row("Theme 2 - Enable all children, young people and adults", l3="1. Careers hub\n2) Youth service review"),
        # the label of theme 3 is merged over two rows; the second row carries more activity
        row("Theme 3: Create fair employment and good work for all", l1="Fair Employment Charter"),
        row(None, l1="- Real living wage for care workers"),
        ["System recommendations"],
        row("System recommendation 3: Create stronger leadership", l2="Leadership programme"),
        ["Beacon Indicators"],
        row("16 Percentage of households in fuel poverty", l9="Warm homes scheme\n\n  \n"),
        row("Other business", l8="Not a row the portal knows"),
    ], merge="A9:A10")


def by_level():
    current = Activity.objects.current().select_related("level")
    return {(a.level.name, a.row_kind, a.row_number, a.text) for a in current}


def test_a_messy_consolidated_workbook_is_read_the_way_a_person_reads_it():
    plan = import_file("stocktake.xlsx", messy_workbook())
    assert plan.errors == []
    assert by_level() == {
        ("Cheshire and Merseyside", "theme", 1, "Beyond programme"),
        ("Cheshire and Merseyside", "theme", 1, "Family hubs"),
        ("Liverpool", "theme", 1, "Family hubs"),
        ("Cheshire East", "theme", 2, "Careers hub"),
        ("Cheshire East", "theme", 2, "Youth service review"),
        ("Cheshire and Warrington", "theme", 3, "Fair Employment Charter"),
        ("Cheshire and Warrington", "theme", 3, "Real living wage for care workers"),
        ("Liverpool City Region", "system", 3, "Leadership programme"),
        ("St Helens", "indicator", 16, "Warm homes scheme"),
    }
    assert plan.warnings == [
        "stocktake.xlsx, sheet 'Stocktake', cell A15: row 'Other business' is not a theme, system recommendation or "
        "Beacon Indicator the portal knows; its activity is left out."
    ]
    upload = StocktakeUpload.objects.get()
    assert (upload.kind, upload.status, upload.summary["activities"]) == ("consolidated", "imported", 9)
    assert Activity.objects.get(text="Leadership programme").cell == "D12"


def test_unknown_columns_are_reported_by_cell_and_left_out():
    headers = [*LEVEL_HEADERS[:3], "Notes from the lead"]
    plan = import_file("s.xlsx", consolidated([["Theme 1", "A", "B", "C", "a note"]], headers=headers))
    expected = "sheet 'Stocktake', cell E4: column 'Notes from the lead' is not a level the portal knows"
    assert expected in plan.warnings[0]
    assert not Activity.objects.filter(text="a note").exists()
    assert Activity.objects.count() == 3


def test_a_single_places_return_names_its_place_on_the_sheet():
    plan = import_file("sefton.xlsx", single_return([["Theme 4: Ensure a healthy standard of living", "Food bank"]]))
    assert plan.errors == [] and plan.single
    assert by_level() == {("Sefton", "theme", 4, "Food bank")}
    assert StocktakeUpload.objects.get().kind == "single"


def test_a_return_that_does_not_name_its_place_takes_the_one_chosen_or_says_so():
    content = single_return([["Theme 4", "Food bank"]], title=None)
    plan = import_file("return.xlsx", content)
    assert plan.errors == ["return.xlsx, sheet 'Return': the return does not say which Place it is for; choose the "
                           "Place and upload it again."]
    plan = import_file("return.xlsx", content, place=Area.objects.get(slug="wirral"))
    assert plan.errors == [] and by_level() == {("Wirral", "theme", 4, "Food bank")}


def test_a_return_for_one_place_cannot_be_filed_under_another():
    plan = import_file("sefton.xlsx", single_return([["Theme 4", "Food bank"]]), place=Area.objects.get(slug="halton"))
    assert plan.errors == ["sefton.xlsx: the sheet is Sefton's return but Halton was chosen."]
    assert Activity.objects.count() == 0


# Named by file: a workbook's bytes hold the moment it was written, so an id made of them would differ between the
# two pytest-xdist workers' collections when they fall either side of a second, and pytest-xdist stops the run then.
BAD_FILES = [
    ("empty.xlsx", b"", "the file is empty (0 bytes)"),
    ("text.xlsx", b"Theme,Liverpool\n1,Family hubs\n", "is not an Excel workbook (.xlsx), whatever its name says"),
    ("broken.xlsx", consolidated([["Theme 1", "x"]])[:400], "is not an Excel workbook"),
    ("macros.xlsx", with_macros(consolidated([["Theme 1", "x"]])), "contains macros"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64,
     "password-protected"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Excel 97-2003"),
    ("macros.xlsm", consolidated([["Theme 1", "x"]]), "upload the workbook as an Excel Workbook (.xlsx)"),
    ("nothing.xlsx", consolidated([], headers=["Column one", "Column two"]), "no sheet has a recognisable header"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[name for name, *_ in BAD_FILES])
def test_bad_files_save_nothing_and_say_why(name, content, message):
    plan = import_file(name, content)
    assert len(plan.errors) == 1 and message in plan.errors[0] and plan.errors[0].startswith(name)
    assert not StocktakeUpload.objects.exists() and not Activity.objects.exists()


def test_an_oversize_file_saves_nothing(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    plan = import_file("big.xlsx", consolidated([["Theme 1", "x" * 5000]]))
    assert plan.errors[0].startswith("big.xlsx is ") and "the largest file accepted is 1000" in plan.errors[0]
    assert not StocktakeUpload.objects.exists()


def test_an_overlong_cell_is_refused_by_its_cell_reference():
    plan = import_file("long.xlsx", consolidated([["Theme 1", "x" * 10_001]]))
    assert plan.errors == ["long.xlsx: sheet 'Stocktake', cell B5 holds 10,001 characters; the most a cell may hold "
                           "is 10,000."]


def test_a_newer_upload_replaces_a_levels_activities_and_keeps_the_old_ones_viewable():
    import_file("v1.xlsx", consolidated([row("Theme 1", l8="Family hubs", l6="Halton hub")]))
    first = StocktakeUpload.objects.get()
    import_file("v2.xlsx", single_return([["Theme 1", "Family hubs, expanded"]], title="Liverpool return"))
    assert by_level() == {("Halton", "theme", 1, "Halton hub"), ("Liverpool", "theme", 1, "Family hubs, expanded")}
    assert first.activities.filter(level__slug="liverpool", is_current=False).get().text == "Family hubs"


def test_the_previous_version_is_intact_after_a_failed_upload():
    import_file("v1.xlsx", consolidated([row("Theme 1", l8="Family hubs")]))
    before = by_level()
    plan = import_file("v2.xlsx", with_macros(consolidated([row("Theme 1", l8="Replaced")])))
    assert plan.errors and by_level() == before


def test_the_same_file_twice_is_recognised_and_changes_nothing():
    content = consolidated([row("Theme 1", l8="Family hubs")])
    import_file("stocktake.xlsx", content)
    plan = import_file("stocktake-copy.xlsx", content)
    assert plan.errors[0].startswith("stocktake-copy.xlsx: this exact file was already imported on ")
    assert StocktakeUpload.objects.count() == 1


@pytest.fixture
def liverpool_lead(django_user_model):
    user = django_user_model.objects.create_user("lead-lpool", password="x")
    user.groups.add(Group.objects.get(name=roles.MARMOT_LEADS))
    PlaceLead.objects.create(user=user, place=Area.objects.get(slug="liverpool"))
    return user


def test_a_marmot_lead_is_refused_another_places_return(liverpool_lead):
    plan = import_file("halton.xlsx", single_return([["Theme 1", "x"]], title="Halton"), user=liverpool_lead)
    assert plan.errors == ["halton.xlsx: you are the Marmot lead for Liverpool, so you can upload only Liverpool's "
                           "return, not Halton's."]
    assert not Activity.objects.exists()


def test_a_marmot_lead_uploading_the_whole_workbook_records_only_their_place(liverpool_lead):
    plan = import_file("all.xlsx", consolidated([row("Theme 1", l8="Family hubs", l6="Halton hub")]),
                       user=liverpool_lead)
    assert by_level() == {("Liverpool", "theme", 1, "Family hubs")}
    assert "the columns for Halton are left out" in plan.warnings[-1]


def test_hostile_text_is_stored_exactly_as_written():
    hostile = ['<script>alert("x")</script>', '=HYPERLINK("http://evil.example","click")', "+1+1", "@SUM(A1)"]
    import_file("h.xlsx", consolidated([row("Theme 1", l8="\n".join(hostile))]))
    assert list(Activity.objects.order_by("order").values_list("text", flat=True)) == hostile


def test_bullets_and_numbering_are_stripped_but_the_words_kept():
    assert split_activities("• one\n- two\n3. three\n(iv) four\n* five\n–six\n-7% spend\n\n") == [
        "one", "two", "three", "four", "five", "–six", "-7% spend"]


def test_the_commands_dry_run_then_import_and_export(tmp_path, capsys):
    path = tmp_path / "stocktake.xlsx"
    path.write_bytes(messy_workbook())
    call_command("import_stocktake", str(path), "--dry-run")
    assert "Would record 2 activities for Cheshire and Merseyside under 1 rows." in capsys.readouterr().out
    assert not Activity.objects.exists()
    call_command("import_stocktake", str(path))
    capsys.readouterr()
    call_command("export_stocktake")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "level,row kind,row number,activity"
    assert len(lines) == 10 and "St Helens,indicator,16,Warm homes scheme" in lines
    with pytest.raises(CommandError, match="not one of the nine Places"):
        call_command("import_stocktake", str(path), "--place", "england")


def test_an_empty_sheet_before_the_data_is_reported_and_passed_over():
    from openpyxl import Workbook

    from .stocktake_files import workbook_bytes

    workbook = Workbook()
    workbook.active.title = "Cover"
    data = workbook.create_sheet("Returns")
    data.append(["Row", "Liverpool", "Halton"])
    data.append(["Theme 5 - Create and develop healthy and sustainable places", "Housing standards", "Green spaces"])
    plan = import_file("two-sheets.xlsx", workbook_bytes(workbook))
    assert plan.warnings == ["two-sheets.xlsx, sheet 'Cover' is empty."]
    assert by_level() == {("Liverpool", "theme", 5, "Housing standards"), ("Halton", "theme", 5, "Green spaces")}


def knowsley_return(*extra_rows):
    """A borough's return as one came: "Borough: | Knowsley", a blank row, a "Theme | Activity" header, the themes."""
    from openpyxl import Workbook

    from .stocktake_files import workbook_bytes

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Return"
    for line in [["Borough:", "Knowsley"], [], ["Theme", "Activity"], *extra_rows]:
        sheet.append(line)
    return workbook_bytes(workbook)


def test_a_theme_and_activity_header_under_the_place_is_read_as_a_header_not_an_unknown_row():
    themes = [[f"Theme {n}", f"Knowsley activity {n}"] for n in range(1, 9)]
    plan = import_file("knowsley.xlsx", knowsley_return(*themes))
    assert plan.errors == [] and plan.warnings == []
    assert by_level() == {("Knowsley", "theme", n, f"Knowsley activity {n}") for n in range(1, 9)}


def test_a_genuinely_unknown_row_under_the_header_still_warns():
    plan = import_file("knowsley.xlsx", knowsley_return(["Theme 1", "Family hubs"], ["Other business", "Activity"]))
    assert plan.warnings == ["knowsley.xlsx, sheet 'Return', cell A5: row 'Other business' is not a theme, system "
                             "recommendation or Beacon Indicator the portal knows; its activity is left out."]
    assert by_level() == {("Knowsley", "theme", 1, "Family hubs")}


def test_a_workbook_a_lead_imported_still_loads_the_other_levels_for_the_business_team(liverpool_lead, business_user):
    content = consolidated([row("Theme 1", l0="C&M hub", l6="Halton hub", l8="Family hubs")])
    import_file("all.xlsx", content, user=liverpool_lead)
    assert by_level() == {("Liverpool", "theme", 1, "Family hubs")}
    plan = import_file("all-again.xlsx", content, user=business_user)
    assert plan.errors == []
    assert [level.name for level in plan.levels()] == ["Cheshire and Merseyside", "Halton"]
    assert [level.name for level in plan.unchanged_levels] == ["Liverpool"]
    assert plan.warnings[-1].startswith("all-again.xlsx: Liverpool is left out unchanged: its current activities "
                                        "came from this same file (all.xlsx, imported on ")
    assert by_level() == {("Cheshire and Merseyside", "theme", 1, "C&M hub"), ("Halton", "theme", 1, "Halton hub"),
                          ("Liverpool", "theme", 1, "Family hubs")}
    assert Activity.objects.get(text="Family hubs").upload.file_name == "all.xlsx"  # not replaced by a copy
    again = import_file("all-third.xlsx", content, user=business_user)
    assert again.errors[0].startswith("all-third.xlsx: this exact file was already imported on ")


def test_the_command_imports_the_levels_a_leads_upload_left_out(liverpool_lead, business_user, tmp_path, capsys):
    path = tmp_path / "all.xlsx"
    path.write_bytes(consolidated([row("Theme 1", l6="Halton hub", l8="Family hubs")]))
    call_command("import_stocktake", str(path), "--user", "lead-lpool")
    capsys.readouterr()
    call_command("import_stocktake", str(path), "--user", "business")
    out = capsys.readouterr().out
    assert "Recorded 1 activities for Halton under 1 rows." in out
    assert "Unchanged, already imported from this same file: Liverpool." in out
    assert by_level() == {("Halton", "theme", 1, "Halton hub"), ("Liverpool", "theme", 1, "Family hubs")}
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_stocktake", str(path), "--user", "business")
