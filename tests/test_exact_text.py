"""The seeded text made exact: stages in the rows' own words, bodies kept apart, readings shown as readings, and
each correction reaching an existing database without overwriting the team's edits."""

import pytest
from django.urls import reverse

from atf_portal.framework.models import FrameworkItem
from atf_portal.seed.bootstrap import bootstrap
from indicators.models import Indicator
from programmes.models import Action, Board, Programme

pytestmark = pytest.mark.django_db

Status = Programme.Status
PLAN = "DP2024-25/"
LAJC, CW = "local-authorities-joint-committee", "cheshire-and-warrington-joint-committee"


def row(ref):
    return Programme.objects.get(source_ref=PLAN + ref)


def test_a_stage_no_category_fits_is_shown_in_the_plans_words_with_its_line(board_client):
    page = board_client.get(row("1/09").get_absolute_url()).content.decode()
    assert "Stage as the plan words it" in page and "Not stated" not in page
    assert "&ldquo;Currently in pilot stage&rdquo; (Delivery Plan 2024-25, line 45)" in page


def test_the_local_authorities_joint_committee_is_kept_apart_from_the_cheshire_and_warrington_one():
    kept_apart = Board.objects.get(slug=LAJC)
    assert kept_apart.source == "001:209-211, 001:226, 001:698"
    assert {p.source_ref.removeprefix(PLAN) for p in kept_apart.programmes.all()} == {
        "3/06", "3/07", "3/08", "3/10", "4/04", "8/02"}
    joint = Board.objects.get(slug=CW)
    assert joint.alias_list() == ["C&W Joint Committee"]
    assert {p.source_ref.removeprefix(PLAN) for p in joint.programmes.all()} == {"3/04", "4/01"}


def test_bootstrap_unmerges_the_joint_committees_on_a_database_an_earlier_release_loaded():
    joint = Board.objects.get(slug=CW)
    merged_source = "001:125-127, 001:209-211, 001:219, 001:226, 001:698"
    Board.objects.filter(pk=joint.pk).update(
        source=merged_source, aliases="C&W Joint Committee\nLocal Authorities Joint Committee\n"
        "Local authorities Joint Committee")
    bootcamps, jobs = row("4/04"), row("3/08")
    for programme in (bootcamps, jobs):
        programme.skip_history_when_saving = True
        programme.boards.set([joint])
        seed = Programme.history.get(source_ref=programme.source_ref, history_type="+")
        seed.boards.all().delete()
        link = Programme.boards.through.objects.get(programme=programme, board=joint)
        seed.boards.model.objects.create(history=seed, id=link.pk, programme=programme, board=joint)
    jobs.boards.add(Board.objects.get(slug="nhs-england"))  # the team's edit: kept
    bootstrap()
    assert [b.slug for b in row("4/04").boards.all()] == [LAJC]
    assert {b.slug for b in row("3/08").boards.all()} == {CW, "nhs-england"}
    joint.refresh_from_db()
    assert (joint.source, joint.alias_list()) == ("001:125-127, 001:219", ["C&W Joint Committee"])


def _loaded_then_corrected(programme, loaded, corrected, reason="Corrected from the documents (issue 11)"):
    """An earlier release loaded `loaded`, then an earlier correction wrote `corrected`."""
    Programme.objects.filter(pk=programme.pk).update(**corrected)
    Programme.history.filter(source_ref=programme.source_ref, history_type="+").update(**loaded)
    programme.refresh_from_db()
    programme._change_reason = reason
    Programme.history.model.objects.create(
        **{f.attname: getattr(programme, f.attname) for f in Programme._meta.concrete_fields},
        history_type="~", history_change_reason=reason,
        history_date=Programme.history.filter(source_ref=programme.source_ref).latest().history_date)


def test_a_stage_reaches_a_row_an_earlier_correction_already_changed():
    pilot = row("1/09")
    _loaded_then_corrected(pilot, {"status": Status.ACTIVE, "status_quote": "", "status_source": ""},
                           {"status": Status.NOT_STATED, "status_quote": "", "status_source": ""})
    lines = []
    bootstrap(log=lines.append)
    assert "Corrected DP2024-25/1/09: status, status_quote, status_source" in lines
    assert (row("1/09").status, row("1/09").status_source) == (Status.AS_WRITTEN, "001:45")


def test_a_value_the_team_set_before_a_correction_is_not_taken_for_the_releases():
    pilot = row("1/09")
    _loaded_then_corrected(pilot, {"status": Status.NOT_STATED, "status_quote": "", "status_source": ""},
                           {"status": Status.COMPLETED, "status_quote": "", "status_source": ""},
                           reason="")
    _loaded_then_corrected(pilot, {"status": Status.NOT_STATED, "status_quote": "", "status_source": ""},
                           {"status": Status.COMPLETED, "status_quote": "", "status_source": ""})
    bootstrap()
    assert row("1/09").status == Status.COMPLETED


def test_places_are_called_the_portals_reading_with_the_reason_wherever_they_are_shown(board_client):
    reading = "These Places are the portal's reading, not the plan's: the plan has"
    assert reading in board_client.get(row("2/07").get_absolute_url()).content.decode()
    page = board_client.get(reverse("place-detail", args=["wirral"])).content.decode()
    assert reading in page and "The plan names" not in page


def test_8_02_keeps_its_three_sub_programmes_in_its_name():
    assert row("8/02").name == ("Cheshire and Warrington Climate Change Programme Local Area Energy Planning "
                                "Natural Capital Programme Housing retrofit programme")


def test_a_case_study_is_led_by_someone_only_where_its_text_names_a_lead(board_client):
    leads = dict(FrameworkItem.objects.filter(kind=FrameworkItem.Kind.CASE_STUDY).values_list("title", "lead"))
    assert (leads["Child Poverty Strategy"], leads["Healthy Advertising"], leads["Living Well in Crewe Report"]) == (
        "", "", "")
    assert leads["Women's Health Hubs"] == "the Sexual & Reproductive Health Commissioner from Liverpool City"
    assert leads["Living Well Hub"] == "Warrington and Halton Teaching Hospitals NHS Trust"
    assert "Led by Sefton Council" not in board_client.get(reverse("framework")).content.decode()


def test_bootstrap_withdraws_a_guessed_lead_but_keeps_one_the_team_typed():
    studies = FrameworkItem.objects.filter(kind=FrameworkItem.Kind.CASE_STUDY)
    studies.filter(title="Child Poverty Strategy").update(lead="Sefton Council")
    studies.filter(title="Healthy Advertising").update(lead="Knowsley Council public health team")
    bootstrap()
    assert studies.get(title="Child Poverty Strategy").lead == ""
    assert studies.get(title="Healthy Advertising").lead == "Knowsley Council public health team"


def test_principle_3_reads_its_commitment_then_the_quote_then_the_examples(board_client):
    page = board_client.get(reverse("framework")).content.decode()
    section = page[page.index("Social Justice, Health and Equity in All We Do</h3>"):]
    commitment = section.index("Demonstrate Social Justice")
    quote = section.index("Equity is the absence of unfair")
    examples = section.index("For example:")
    assert commitment < quote < examples


def test_the_suggestions_template_does_not_print_its_own_comment(business_client):
    page = business_client.get(row("6/03").get_absolute_url()).content.decode()
    assert "Open suggestions as a table" not in page and "see _csrf.html" not in page


def test_the_action_log_says_each_status_is_as_recorded_in_january_2024_until_the_team_updates_it(board_client):
    page = board_client.get(reverse("action-list")).content.decode()
    assert "as recorded in the HCP pack of 16 January 2024" in page
    marked = page.count("As recorded on 16 January 2024")
    assert marked == Action.objects.count()
    action = Action.objects.first()
    action.status = Action.Status.CLOSED
    action.save()
    assert board_client.get(reverse("action-list")).content.decode().count("As recorded on 16 January") == marked - 1


def test_no_indicator_without_a_fingertips_id_is_marked_confirmed():
    assert not Indicator.objects.filter(fingertips_id__isnull=True, fingertips_id_confirmed=True).exists()
    activity = Indicator.objects.get(number=18)
    activity.fingertips_id = None
    activity.save()
    assert not Indicator.objects.get(number=18).fingertips_id_confirmed


def test_indicator_22s_series_is_an_open_choice_checked_against_the_reviews_figures(board_client):
    walking = Indicator.objects.get(number=22)
    assert (walking.fingertips_id, walking.fingertips_id_confirmed) == (93439, False)
    assert "93440" in walking.fingertips_id_note and "2.33%" in walking.fingertips_id_note
    assert "4.13% (002:1079)" in walking.fingertips_id_note
    assert "Likely: for the team to confirm" in board_client.get(walking.get_absolute_url()).content.decode()


def test_bootstrap_reopens_indicator_22s_choice_on_a_database_that_marked_it_confirmed():
    old_note = ("Fingertips splits this measure in two: 93439 is adults walking for travel at least three days per "
                "week "
                "(stored here, so fetches and exports match it) and 93440 is cycling for travel, which is not fetched; "
                "both may be discontinued.")
    Indicator.objects.filter(number=22).update(fingertips_id_confirmed=True, fingertips_id_note=old_note)
    Indicator.objects.filter(number=19).update(fingertips_id_confirmed=True)  # the team confirmed 19: kept
    bootstrap()
    assert not Indicator.objects.get(number=22).fingertips_id_confirmed
    assert Indicator.objects.get(number=19).fingertips_id_confirmed
