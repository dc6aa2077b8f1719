import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from atf_portal.framework.models import Theme
from atf_portal.seed.bootstrap import DELIVERY_PLAN, LOADED_REASON, bootstrap, read_fixture
from programmes.models import Programme
from tests.html import squashed

from .conftest import heading, refused, sent_to_sign_in

pytestmark = pytest.mark.django_db


def plan_rows(**match):
    """The delivery plan's rows as the fixture holds them: the oracle, independent of the portal's queries."""
    return [row for row in read_fixture(DELIVERY_PLAN) if all(row[k] == v for k, v in match.items())]


def unlinked_in_the_plan():
    return sum(1 for row in plan_rows() if not row["indicators"])


def programme():
    return Programme.objects.get(source_ref="DP2024-25/3/01")


def admin_form_data(obj, **changes):
    data = {
        "theme": obj.theme_id, "name": obj.name, "status": obj.status, "plan_order": obj.plan_order,
        "outline": obj.outline, "outcomes": obj.outcomes, "measures": obj.measures,
        "board_text": obj.board_text, "partners_text": obj.partners_text,
        "boards": [b.pk for b in obj.boards.all()], "partners": [p.pk for p in obj.partners.all()],
        "ambitions": [a.pk for a in obj.ambitions.all()], "indicators": [i.pk for i in obj.indicators.all()],
        "places": [p.pk for p in obj.places.all()],
    }
    for prefix in ("milestones", "updates"):  # the admin's inline formsets, empty
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    if obj.hcp_led:
        data["hcp_led"] = "on"
    if obj.economic_contribution:
        data["economic_contribution"] = "on"
    data.update(changes)
    return data


def page_urls():
    return [reverse("home"), reverse("programme-list"), reverse("programme-detail", args=[programme().pk])]


def test_anonymous_visitor_is_sent_to_login_from_every_page(client):
    for url in page_urls():
        assert sent_to_sign_in(client.get(url), url), url


def test_signed_in_user_without_a_role_is_refused(outsider_client):
    for url in page_urls():
        assert refused(outsider_client.get(url)), url


@pytest.mark.parametrize("who", ["business_client", "board_client", "lead_client"])
def test_every_role_can_read_the_pages(request, who):
    client = request.getfixturevalue(who)
    home, listing, detail = (client.get(url) for url in page_urls())
    assert heading(home) == "All Together Fairer: the eight Marmot themes"
    assert [theme.number for theme in home.context["themes"]] == list(range(1, 9))
    assert heading(listing) == "Delivery plan programmes"
    assert listing.context["table"].paginator.count == len(plan_rows())
    obj = programme()
    assert heading(detail) == f"Programme under theme {obj.theme.number} {obj.name}"


def test_home_lists_the_eight_themes_with_their_programme_counts(board_client):
    response = board_client.get(reverse("home"))
    themes = list(response.context["themes"])
    assert [t.number for t in themes] == list(range(1, 9))
    for theme in themes:
        assert theme.programme_count == len(plan_rows(theme=theme.number))
    assert "Theme 3: Create fair employment and good work for all" in squashed(response)


def test_board_member_can_view_but_not_change_a_programme(board_client):
    obj = programme()
    assert board_client.get(reverse("programme-detail", args=[obj.pk])).status_code == 200
    change_url = reverse("admin:programmes_programme_change", args=[obj.pk])
    assert board_client.get(change_url).status_code == 302  # to the admin login: not staff
    board_client.post(change_url, admin_form_data(obj, name="Changed by a board member"))
    assert programme().name == obj.name


def test_a_loaded_row_has_one_history_record_with_its_links():
    records = list(programme().history.all())
    assert len(records) == 1
    assert (records[0].history_type, records[0].history_change_reason) == ("+", LOADED_REASON)
    assert sorted(records[0].indicators.values_list("indicator__number", flat=True)) == [10, 11, 12, 13]


def test_linked_filter_on_the_programme_table(board_client):
    response = board_client.get(reverse("programme-list"), {"linked": "false"})
    assert response.context["table"].paginator.count == unlinked_in_the_plan()


def test_business_team_edit_is_kept_in_history_with_its_author(business_client, business_user):
    obj = programme()
    change_url = reverse("admin:programmes_programme_change", args=[obj.pk])
    response = business_client.post(change_url, admin_form_data(obj, measures="Edited measures", status="pending"))
    assert response.status_code == 302, response.content
    edited = programme()
    assert (edited.measures, edited.status, edited.updated_by) == ("Edited measures", "pending", business_user)
    latest = edited.history.first()
    assert latest.history_user == business_user
    assert latest.history_type == "~"
    assert latest.prev_record.measures == obj.measures


def test_an_edit_made_in_the_admin_survives_bootstrap(business_client):
    obj = programme()
    business_client.post(
        reverse("admin:programmes_programme_change", args=[obj.pk]),
        admin_form_data(obj, name="Renamed by the business team", indicators=[]),
    )
    bootstrap()
    again = Programme.objects.get(source_ref="DP2024-25/3/01")
    assert again.name == "Renamed by the business team"
    assert again.indicators.count() == 0
    assert Programme.objects.filter(name=obj.name, theme=obj.theme).count() == 0


def test_admin_programme_list_filters_by_linked_and_searches(business_client):
    url = reverse("admin:programmes_programme_changelist")
    response = business_client.get(url, {"linked": "no"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == unlinked_in_the_plan()
    response = business_client.get(url, {"q": "Prevention Pledge"})
    assert [p.source_ref for p in response.context["cl"].result_list] == [
        row["ref"] for row in plan_rows() if "Prevention Pledge" in row["name"]]


def test_programme_table_filters_by_theme(board_client):
    theme = Theme.objects.get(number=3)
    response = board_client.get(reverse("programme-list"), {"theme": theme.pk})
    names = [row.record.name for row in response.context["table"].rows]
    assert names == [row["name"] for row in sorted(plan_rows(theme=3), key=lambda row: row["plan_order"])]


def make_many_programmes(theme, n):
    Programme.objects.bulk_create(Programme(theme=theme, name=f"Extra programme {i:03}") for i in range(n))


def test_csv_export_holds_every_filtered_row_not_one_page(board_client):
    theme = Theme.objects.get(number=8)
    make_many_programmes(theme, 120)
    expected = Programme.objects.filter(theme=theme).count()
    response = board_client.get(reverse("programme-list"), {"theme": theme.pk, "_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0][:2] == ["Programme", "Theme"]
    assert len(rows) - 1 == expected > 50
    assert {row[1] for row in rows[1:]} == {"8"}


def test_xlsx_export_holds_every_filtered_row(board_client):
    theme = Theme.objects.get(number=6)
    make_many_programmes(theme, 60)
    expected = Programme.objects.filter(theme=theme, status="not_stated").count()
    query = {"theme": theme.pk, "status": "not_stated", "_export": "xlsx"}
    response = board_client.get(reverse("programme-list"), query)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Programme"
    assert len(rows) - 1 == expected


def test_export_neutralises_text_a_spreadsheet_would_run(board_client):
    Programme.objects.create(theme=Theme.objects.get(number=1), name='=HYPERLINK("http://evil.example","x")')
    response = board_client.get(reverse("programme-list"), {"q": "HYPERLINK", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[1][0] == "'=HYPERLINK(\"http://evil.example\",\"x\")"


def test_hostile_programme_name_is_escaped_on_the_page(board_client):
    obj = Programme.objects.create(theme=Theme.objects.get(number=1), name="<script>alert(1)</script>")
    response = board_client.get(reverse("programme-detail", args=[obj.pk]))
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


@pytest.mark.parametrize("extra", [0, 40])
def test_programme_table_query_count_does_not_grow_with_programmes(board_client, django_assert_num_queries, extra,
                                                                   no_page_cache):
    make_many_programmes(Theme.objects.get(number=2), extra)
    board_client.get(reverse("programme-list"))  # warm the session and permission caches
    with django_assert_num_queries(14):  # the plan editions, for the switcher; the Places only for a download
        board_client.get(reverse("programme-list"))
