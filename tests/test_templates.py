"""The NHS.UK components every page builds on: one field template for every form, one error summary, breadcrumbs
and tables; and templates kept readable."""

from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template

from programmes.filters import ProgrammeFilter

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LONGEST_LINE = 160


class ExampleForm(forms.Form):
    name = forms.CharField(label="Your name", help_text="As it appears on your badge")
    board = forms.ChoiceField(label="Board", choices=[("", "All boards"), ("hcp", "HCP board")],
                              help_text="The board that signs it off")
    rag = forms.ChoiceField(label="RAG rating", widget=forms.RadioSelect,
                            choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green")], help_text="Pick one")
    file = forms.FileField(label="Workbook", help_text="An Excel workbook (.xlsx)")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    actual = forms.FloatField(label="Actual", required=False)


def render(source, **context):
    return Template("{% load nhsuk %}" + source).render(Context(context))


def squashed(html):
    return " ".join(html.split())


def invalid_form():
    form = ExampleForm(data={"actual": "lots"})
    assert not form.is_valid()
    return form


def test_no_template_line_is_longer_than_160_characters():
    too_long = [f"{path.relative_to(TEMPLATES)}:{number} ({len(line)} characters)"
                for path in sorted(TEMPLATES.rglob("*.html"))
                for number, line in enumerate(path.read_text().splitlines(), start=1) if len(line) > LONGEST_LINE]
    assert too_long == []


def test_a_text_field_renders_as_an_nhs_form_group_with_its_label_hint_and_error():
    html = squashed(str(invalid_form()["name"].as_field_group()))
    assert html.startswith('<div class="nhsuk-form-group nhsuk-form-group--error">')
    assert '<label class="nhsuk-label" for="id_name"> Your name </label>' in html
    assert '<div class="nhsuk-hint" id="id_name-hint"> As it appears on your badge </div>' in html
    assert ('<span class="nhsuk-error-message" id="id_name-error"> <span class="nhsuk-u-visually-hidden">Error:</span>'
            " This field is required. </span>") in html
    assert 'class="nhsuk-input nhsuk-input--error" aria-describedby="id_name-hint id_name-error"' in html


def test_a_field_without_errors_is_described_by_its_hint_alone():
    html = squashed(str(ExampleForm()["name"].as_field_group()))
    assert 'class="nhsuk-form-group"' in html and "nhsuk-error-message" not in html
    assert 'class="nhsuk-input" aria-describedby="id_name-hint"' in html


def test_a_select_gets_the_select_classes_and_its_hint():
    html = squashed(str(invalid_form()["board"].as_field_group()))
    assert '<label class="nhsuk-label" for="id_board"> Board </label>' in html
    assert '<div class="nhsuk-hint" id="id_board-hint"> The board that signs it off </div>' in html
    assert ('<select name="board" class="nhsuk-select nhsuk-select--error" '
            'aria-describedby="id_board-hint id_board-error"') in html


def test_radios_are_a_fieldset_with_a_legend_described_by_hint_and_error():
    html = squashed(str(invalid_form()["rag"].as_field_group()))
    assert '<fieldset class="nhsuk-fieldset" aria-describedby="id_rag-hint id_rag-error">' in html
    assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s"> RAG rating </legend>' in html
    assert '<div class="nhsuk-hint" id="id_rag-hint"> Pick one </div>' in html
    assert 'id="id_rag-error"' in html
    assert html.count('class="nhsuk-radios__item"') == 3
    # The first option takes the field's id, where the error summary's link lands.
    assert '<input class="nhsuk-radios__input" id="id_rag" name="rag" type="radio" value="red">' in html
    assert '<label class="nhsuk-label nhsuk-radios__label" for="id_rag">Red</label>' in html
    assert '<input class="nhsuk-radios__input" id="id_rag_1" name="rag" type="radio" value="amber">' in html
    assert "<label" not in html.split("<legend")[0]


def test_a_chosen_radio_is_checked():
    form = ExampleForm(data={"rag": "amber"})
    form.is_valid()
    html = squashed(str(form["rag"].as_field_group()))
    assert 'value="amber" checked>' in html and 'value="red">' in html


def test_a_file_field_renders_as_a_file_upload_with_its_hint_and_error():
    html = squashed(str(invalid_form()["file"].as_field_group()))
    assert '<label class="nhsuk-label" for="id_file"> Workbook </label>' in html
    assert '<div class="nhsuk-hint" id="id_file-hint"> An Excel workbook (.xlsx) </div>' in html
    assert ('<input type="file" name="file" class="nhsuk-file-upload" '
            'aria-describedby="id_file-hint id_file-error"') in html


def test_a_number_is_asked_for_in_a_text_input_that_keeps_what_was_typed():
    html = squashed(str(invalid_form()["actual"].as_field_group()))
    assert ('<input type="text" name="actual" value="lots" inputmode="decimal" '
            'class="nhsuk-input nhsuk-input--error"') in html
    assert "step=" not in html


def test_a_textarea_gets_the_textarea_class():
    assert 'class="nhsuk-textarea"' in str(ExampleForm()["notes"].as_field_group())


def test_a_whole_form_renders_every_field_through_the_one_field_template():
    html = str(ExampleForm())
    assert html.count('<div class="nhsuk-form-group">') == 6


@pytest.mark.django_db
def test_a_filter_form_uses_the_same_field_template():
    html = squashed(str(ProgrammeFilter(data={}).form))
    assert html.count('<div class="nhsuk-form-group">') == 7
    assert '<input type="text" name="q" maxlength="200" class="nhsuk-input" id="id_q">' in html


def test_an_included_field_takes_a_page_heading_hint_and_width():
    html = squashed(render('{% include "nhsuk/forms/field.html" with field=form.rag heading="How is it going?" '
                           'hint="Red, amber or green" inline=True %}', form=ExampleForm()))
    assert '<h2 class="nhsuk-fieldset__heading">How is it going?</h2>' in html
    assert "Red, amber or green" in html and "Pick one" not in html
    assert 'class="nhsuk-radios nhsuk-radios--inline"' in html


def test_a_form_with_errors_shows_one_error_summary_linking_to_each_field():
    form = invalid_form()
    form.add_error(None, "The board has not met yet")
    html = squashed(render("{% error_summary form %}", form=form))
    assert html.count('class="nhsuk-error-summary"') == 1
    assert '<h2 class="nhsuk-error-summary__title">There is a problem</h2>' in html
    # An error of the whole form links to its first field.
    assert ('<li><a href="#id_name">The board has not met yet</a></li> <li><a href="#id_name">This field is required.'
            '</a></li> <li><a href="#id_board">This field is required.</a></li> <li><a href="#id_rag">This field is '
            'required.</a></li> <li><a href="#id_file">This field is required.</a></li> <li><a href="#id_actual">Enter'
            ' a number.</a></li>') in html


def test_a_form_without_errors_shows_no_error_summary():
    assert render("{% error_summary form %}", form=ExampleForm()).strip() == ""


def test_an_import_report_uses_the_same_summary_with_its_own_title_and_a_limit():
    html = squashed(render('{% error_summary errors=errors title="Nothing was saved" limit=2 %}',
                           errors=["Row 3: no theme", "Row 4: no level", "Row 9: empty"]))
    assert '<h2 class="nhsuk-error-summary__title">Nothing was saved</h2>' in html
    assert "<li>Row 3: no theme</li> <li>Row 4: no level</li>" in html and "Row 9" not in html
    assert "<p>And 1 more.</p>" in html


def test_breadcrumbs_lead_from_home_through_the_parents_to_the_current_page():
    html = squashed(render('{% breadcrumbs "Reporting" "reporting-home" "Q3" "/reporting/3/" current="Board pack" %}'))
    assert html.startswith('<nav class="nhsuk-breadcrumb" aria-label="Breadcrumb"> '
                           '<ol class="nhsuk-breadcrumb__list">')
    assert ('<li class="nhsuk-breadcrumb__list-item"><a class="nhsuk-breadcrumb__link" href="/">Home</a></li> '
            '<li class="nhsuk-breadcrumb__list-item"><a class="nhsuk-breadcrumb__link" href="/reporting/">Reporting</a>'
            '</li> <li class="nhsuk-breadcrumb__list-item">'
            '<a class="nhsuk-breadcrumb__link" href="/reporting/3/">Q3</a>'
            '</li> <li class="nhsuk-breadcrumb__list-item"><span aria-current="page">Board pack</span></li>') in html


def test_a_table_has_its_caption_headers_and_rows_in_a_named_scrolling_region():
    html = squashed(render('{% table "Round" "Due" caption="Rounds" label="Reporting rounds" hidden="Action" %}'
                           '<tr class="nhsuk-table__row"><td>{{ x }}</td></tr>{% endtable %}', x="Q3 & Q4"))
    assert html.startswith('<div class="atf-table-wrap" tabindex="0" role="region" aria-label="Reporting rounds">')
    assert '<caption class="nhsuk-table__caption nhsuk-table__caption--s">Rounds</caption>' in html
    assert ('<th class="nhsuk-table__header" scope="col">Round</th><th class="nhsuk-table__header" scope="col">Due</th>'
            ' <th class="nhsuk-table__header" scope="col"><span class="nhsuk-u-visually-hidden">Action</span></th>'
            ) in html
    assert '<tbody class="nhsuk-table__body"><tr class="nhsuk-table__row"><td>Q3 &amp; Q4</td></tr></tbody>' in html


def test_a_link_written_over_several_lines_renders_without_the_line_breaks():
    html = render('<a href="{% filter joinlines %}?board={{ board }}&amp;\n    status={{ status }}{% endfilter %}">',
                  board="hcp", status="live")
    assert html == '<a href="?board=hcp&amp;status=live">'


def test_a_label_written_over_several_lines_reads_with_single_spaces():
    html = render('<div aria-label="{% filter squash %}Liverpool {{ value }};\n    England 62{% endfilter %}">',
                  value="<50>")
    assert html == '<div aria-label="Liverpool &lt;50&gt;; England 62">'
