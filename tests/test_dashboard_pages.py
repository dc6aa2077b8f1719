import csv
import io
from collections import Counter

import pytest
from django.urls import reverse

from atf_portal.dashboard.gaps import GapKind, gaps
from atf_portal.dashboard.triage import triage
from atf_portal.framework.models import Theme
from indicators.models import Indicator, IndicatorValue
from places.models import Area
from programmes.models import Board, Programme
from tests.html import squashed

from .conftest import heading, refused, sent_to_sign_in
from .dashboard_data import add_programmes, add_series

pytestmark = pytest.mark.django_db


BOARD = "cheshire-and-merseyside-population-health-partnership"


def dashboard_urls():
    return [reverse("home"), reverse("theme-detail", args=[1]), reverse("gap-list"),
            reverse("board-detail", args=[BOARD]), reverse("place-detail", args=["liverpool"])]


def test_anonymous_visitors_are_sent_to_login_and_outsiders_refused(client, outsider_client):
    for url in dashboard_urls():
        assert sent_to_sign_in(client.get(url), url), url
        assert refused(outsider_client.get(url)), url


@pytest.mark.parametrize("who", ["board_client", "lead_client", "business_client"])
def test_board_members_and_leads_read_every_dashboard_page(request, who):
    client = request.getfixturevalue(who)
    liverpool = Area.objects.get(slug="liverpool")
    assert [heading(client.get(url)) for url in dashboard_urls()] == [
        "All Together Fairer: the eight Marmot themes",
        f"Marmot theme 1 {Theme.objects.get(number=1).title}",
        "Gap flags",
        f"Board or body named in the documents {Board.objects.get(slug=BOARD)}",
        f"Place, {liverpool.parent} {liverpool}",
    ]


def test_only_the_business_team_is_offered_links_to_fix_gaps(board_client, business_client):
    assert b"Fix in the admin" not in board_client.get(reverse("gap-list")).content
    assert b"Fix in the admin" in business_client.get(reverse("gap-list")).content


# A hand-built dataset for indicator 4 (theme 1, higher is better). England 50.0 with a narrow interval.
# Knowsley and Liverpool: intervals wholly below 50 -> Worse. Halton: 50 inside its interval -> Similar.
# Wirral: interval wholly above -> Better. Five years of rising counts for Wirral: increasing and getting better.
HAND_BUILT = {
    "E92000001": (50.0, 49.9, 50.1, 50000, 100000),
    "E08000011": (45.0, 44.0, 46.0, 450, 1000),
    "E08000012": (47.0, 46.5, 47.5, 470, 1000),
    "E06000006": (49.5, 48.0, 51.0, 495, 1000),
}


def test_home_overview_numbers_match_a_hand_built_dataset(board_client):
    indicator = Indicator.objects.get(number=4)
    add_series(indicator, HAND_BUILT)
    wirral = Indicator.objects.get(number=4)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=wirral, area_id=_area("E08000015"), period=f"{y}/{str(y + 1)[2:]}", period_start=y,
                       period_end=y + 1, sex="Persons", age="All ages", value=55 + 5 * i, lower_ci=53 + 5 * i,
                       upper_ci=57 + 5 * i, count=550 + 50 * i, denominator=1000)
        for i, y in enumerate(range(2019, 2024))
    )
    from indicators.summary.analysis import refresh_summaries

    refresh_summaries([indicator.pk])
    response = board_client.get(reverse("home"))
    theme1 = next(t for t in response.context["themes"] if t.number == 1)
    assert (theme1.programme_count, theme1.hcp_led_count) == (11, 2)
    # Indicator 4 now has values, so only indicator 3 is without; neither has a target.
    flags = gaps(theme=1)
    assert Counter(flag.kind for flag in flags) == {
        GapKind.PROGRAMME_UNLINKED: 9, GapKind.PROGRAMME_NO_MILESTONE: 11, GapKind.PROGRAMME_NO_UPDATE: 11,
        GapKind.PROGRAMME_INCOMPLETE: 1, GapKind.INDICATOR_NO_DATA: 1, GapKind.INDICATOR_NO_TARGET: 2,
        GapKind.PROGRAMME_NO_RECOMMENDATION: 11, GapKind.RECOMMENDATION_UNCOVERED: 7, GapKind.SUGGESTIONS_OPEN: 11,
    }
    # The theme's page counts every one of them, by severity (none acknowledged).
    assert triage(theme=1).total == len(flags)
    theme_page = squashed(board_client.get(reverse("theme-detail", args=[1])))
    for count in triage(theme=1).counts:
        assert f"{count.label}</strong> <strong>{count.open}</strong> open" in theme_page
    row = next(row for row in response.context["grid"].rows if row.indicator.number == 4)
    summary = row.summary
    assert summary.comparisons == {"Worse": 2, "Similar": 1, "Better": 1}
    assert summary.latest_period == "2023/24"
    assert summary.improving() == 1
    assert summary.trends["Increasing and getting better"] == 1
    # The overview grid: each Place's cell says how it compares, in a letter and in words.
    places = [cell for area, cell in zip(response.context["grid"].columns, row.cells, strict=True) if area.is_place]
    assert Counter(cell.comparison_words for cell in places if cell.comparison) == {
        "worse than England": 2, "similar to England": 1, "better than England": 1}
    content = squashed(response)
    assert ('45 <b aria-hidden="true">W</b><span class="nhsuk-u-visually-hidden">, worse than England</span>'
            in content)


def _area(code):
    from places.models import Area

    return Area.objects.get(code=code).pk


def test_theme_page_lists_its_recommendations_programmes_and_flags(board_client):
    response = board_client.get(reverse("theme-detail", args=[3]))
    theme = Theme.objects.get(number=3)
    assert [row.record.name for row in response.context["table"].rows] == list(
        theme.programmes.values_list("name", flat=True))
    # 10 rows: 9 unlinked, 10 with no milestone, 10 with no update, 1 incomplete, the Careers Hub twin listed
    # twice; indicators 9-11 with no data and no target, indicator 12 not live; the 10 rows linked to no
    # recommendation, each with suggested links waiting, and the theme's 10 recommendations nothing acts on.
    flags = gaps(theme=3)
    assert Counter(flag.kind for flag in flags) == {
        "programme_unlinked": 9, "programme_no_milestone": 10, "programme_no_update": 10, "programme_incomplete": 1,
        "programme_repeated": 1, "indicator_no_data": 3, "indicator_not_live": 1, "indicator_no_target": 3,
        "programme_no_recommendation": 10, "suggestions_open": 10, "recommendation_uncovered": 10}
    assert response.context["triaged"].total == len(flags)
    # The table names each programme's own flags.
    by_programme = response.context["table"].flags
    assert sorted((pk, f.kind) for pk, found in by_programme.items() for f in found) == sorted(
        (f.pk, f.kind) for f in flags if f.is_about_programme)
    content = response.content.decode()
    assert theme.recommendations.first().text[:60] in content
    assert "Unlinked action" in content


def test_theme_programme_export_holds_every_row_with_partners_and_flags(board_client):
    add_programmes(80, themes=[Theme.objects.get(number=2)])
    response = board_client.get(reverse("theme-detail", args=[2]), {"_export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == Programme.objects.filter(theme__number=2).count() == 93
    assert {"Leading and contributing partners", "Gap flags"} <= set(rows[0])
    assert rows[-1]["Gap flags"].split("; ")[0] == "Unlinked action"


def test_gap_page_filters_and_exports_all_matching_flags(board_client):
    response = board_client.get(reverse("gap-list"), {"kind": "programme_unlinked", "theme": Theme.objects.get(
        number=2).pk, "_export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 12  # theme 2's 13 rows less the first, which names its Beacon Indicators
    assert {row["Kind of gap"] for row in rows} == {"Unlinked action"}
    xlsx = board_client.get(reverse("gap-list"), {"_export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_place_page_shows_the_place_against_england_and_its_programmes(board_client):
    add_series(Indicator.objects.get(number=4), HAND_BUILT)
    response = board_client.get(reverse("place-detail", args=["knowsley"]))
    row = next(cell for indicator, cell in response.context["rows"] if indicator.number == 4)
    assert (row.value, row.comparison) == (45.0, "Worse")
    content = response.content.decode()
    assert "Knowsley" in content and "Cradle to Career" in content


def test_board_page_lists_its_programmes_and_their_flags(board_client):
    board = Board.objects.get(slug="local-authorities-joint-committee")
    response = board_client.get(reverse("board-detail", args=[board.slug]))
    assert {p.name for p in response.context["programmes"]} == set(board.programmes.values_list("name", flat=True))
    # Its 6 programmes: none has a milestone or an update; none names indicators; the Careers Hub twin is listed
    # twice; none is linked to a recommendation and each has suggested links waiting.
    assert Counter(flag.kind for flag in response.context["flags"]) == {
        "programme_no_milestone": 6, "programme_no_update": 6, "programme_unlinked": 6, "programme_repeated": 1,
        "programme_no_recommendation": 6, "suggestions_open": 6}


def grow(factor_programmes=20):
    add_programmes(Programme.objects.count() * (factor_programmes - 1))
    for number in (3, 4, 10):
        add_series(Indicator.objects.get(number=number), HAND_BUILT, years=range(2005, 2024))
    # National data: 140 upper-tier authorities and 42 ICBs more, for indicators 3 and 4, through the importer,
    # which creates their areas.
    from indicators.imports.services import import_file

    from .indicator_files import fingertips_csv, fingertips_row

    rows = [fingertips_row(Indicator.objects.get(number=number).fingertips_id, code, f"{year}/{str(year + 1)[2:]}",
                           f"{40 + i % 30}.5", f"{39 + i % 30}.5", f"{41 + i % 30}.5", area_type=kind)
            for number in (3, 4) for year in range(2019, 2024)
            for i, (code, kind) in enumerate([*((f"E10{n:06d}", "Counties & UAs") for n in range(140)),
                                              *((f"nE54{n:06d}", "ICBs") for n in range(100, 142))])]
    plan = import_file("national.csv", fingertips_csv(rows))
    assert plan.ok and len(plan.new_areas) == 182, plan.errors[:3]


# Exact query counts (session and user included), the same at the seeded size and at 20 times the programmes
# with national-scale values. The coherence flags (issue 17) add 4 where every kind is asked for (Marmot and system
# recommendations each with whether a programme carries them out, programmes tied to one, open suggestions), 3 on
# a theme (no system recommendations) and 2 on a board (programme flags only); the home page's three figures ride
# on its themes' own query. A page listing flags asks once whether the reader is in the business team (for the
# Fix links). The anchor flags add 2 for the whole portal (the open Assembly meetings, HCP members); the plan flags 3
# (one read of the plans shared by their rules); the prevention flags 2 (the last financial year, the approved
# returns) and the home page's prevention line 1 (the approved returns); the Place page's Plans section 2. The gap
# list and a theme's programmes read the plan editions once (the switcher; the theme's programmes are the current
# edition's); the ended-body flag adds one wherever programme flags are asked for, and a board's page reads the
# bodies it succeeded. The evidence flags add 1 (the expected assessments and evaluations, each with whether a
# record meets it). Triage adds 1 where flags are counted (the acknowledgements in force; the theme page's no longer
# asks about the business team), and the home page's "yours to act on" 2 (the reader's led programmes and Place).
# The overview grid loads every breakdown's summary and its areas once: on the home and theme pages in place of the
# queries it replaced, on a Place page 2 more. What each programme is linked to (an indicator, a body, a milestone, a
# recommendation) and any ended body ride on the programmes' own query, whether a programme acts on each indicator
# on the indicators' query, and the rules share one read of the themes (with their figures) and of the Places: 7
# fewer wherever every kind is asked for, 5 on a board. Each theme's programmes by latest RAG and its overdue
# milestones ride on the themes' query (1 fewer on a theme). The home page's rules read its themes and its areas
# (the grid's columns and the levels), and its prevention line the returns the rules read: 5 fewer again. Asking
# whether the stored flags are current adds 1 where the portal's or a theme's flags are read (here there are none
# stored, so the rules run; tests/test_flag_store.py counts the pages reading a current store). A theme's programme
# table reads their Places only for a download and counts them once (2 fewer). The Place page reads the breakdowns
# its grid does not show apart, their sex alone, for the switch (1 more). The theme page reads its areas once, for
# the grid's columns, the stocktake's levels and the rules (1 fewer).
@pytest.mark.parametrize(("name", "queries"), [("home", 33), ("theme", 36), ("gaps", 29), ("board", 17),
                                               ("place", 16)])
def test_dashboard_query_counts_are_fixed_whatever_the_data(board_client, django_assert_num_queries, name, queries,
                                                            settings):
    settings.PAGE_CACHE = False  # the work of building the page; a cached page costs the same few queries
    url = dict(zip(["home", "theme", "gaps", "board", "place"], dashboard_urls(), strict=True))[name]
    board_client.get(url)
    with django_assert_num_queries(queries):
        board_client.get(url)
    grow()
    with django_assert_num_queries(queries):
        board_client.get(url)


def test_long_partner_lists_are_shortened_on_screen_but_whole_in_the_export(board_client):
    healthy_child = Programme.objects.get(name="Healthy Child Programme")
    partners = [org.name for org in healthy_child.partners.all()]
    assert len(partners) > 3
    page = board_client.get(reverse("theme-detail", args=[1])).content.decode()
    assert f"and {len(partners) - 3} more" in page
    export = board_client.get(reverse("theme-detail", args=[1]), {"_export": "csv"}).content.decode()
    row = next(r for r in csv.DictReader(io.StringIO(export)) if r["Programme"] == "Healthy Child Programme")
    assert row["Leading and contributing partners"].split("; ") == partners
