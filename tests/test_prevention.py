"""Prevention investment: each member organisation's yearly return on the return engine, the +1% a year commitment
(000:243) read both ways until the business team decides, and spend per head against need by Place."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from atf_portal.core import roles
from atf_portal.dashboard.gaps import GapKind, gaps
from places.models import Area
from programmes.models import Organisation
from programmes.prevention import commitment, figures
from programmes.prevention.commitment import GROWTH, POINTS
from programmes.prevention.kind import INVESTMENT
from programmes.prevention.models import Decision, FinanceLead, FinancialYear, InvestmentReturn, NeedFigure
from programmes.prevention.need_import import NEED

from .conftest import client_for, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def year(start_year, is_open=True):
    found = FinancialYear.objects.filter(start_year=start_year).first()
    if found is None:
        found = FinancialYear.for_year(start_year, datetime.date(start_year + 1, 5, 31), is_open=is_open)
        found.save()
    return found


def member(name):
    organisation = Organisation.objects.get(name=name)
    organisation.hcp_member = True
    organisation.save()
    return organisation


def finance_lead(django_user_model, username, organisation):
    user = make_user(django_user_model, username, roles.FINANCE_LEADS)
    FinanceLead.objects.create(user=user, organisation=organisation)
    return user


def approved(period, organisation, amount, budget, lead, business, places=()):
    ret = INVESTMENT.return_for(period, organisation, lead)
    ret = INVESTMENT.submit(ret, lead, {"total_budget": Decimal(budget), "prevention_amount": Decimal(amount),
                                        "places": [{"place": area.pk, "name": area.name, "amount": str(value),
                                                    "neighbourhoods": []} for area, value in places]})
    return INVESTMENT.approve(ret, business)


@pytest.fixture
def halton():
    return member("Halton Borough Council")


@pytest.fixture
def torus():
    return member("Torus")


@pytest.fixture
def halton_lead(django_user_model, halton):
    return finance_lead(django_user_model, "finance-halton", halton)


@pytest.fixture
def torus_lead(django_user_model, torus):
    return finance_lead(django_user_model, "finance-torus", torus)


def test_both_readings_of_one_percent_a_year_on_a_worked_example():
    # Baseline 2024-25: £100,000 of a £10,000,000 budget, 1%. Two years on, 2026-27:
    # points: 1% + 2 x 1 point = 3% of the budget; growth: £100,000 x 1.01 x 1.01 = £102,010.
    baseline = (Decimal("100000"), Decimal("10000000"))
    assert commitment.points_line(commitment.share(*baseline), 2) == Decimal("0.03")
    assert commitment.growth_line(baseline[0], 2) == Decimal("102010")
    now = (Decimal("105000"), Decimal("10500000"))  # 1% of a larger budget: grown 5%, but no more of the budget
    points, growth = commitment.judge(POINTS, 2, baseline, now), commitment.judge(GROWTH, 2, baseline, now)
    assert (points.on_track, points.actual, points.line) == (False, Decimal("0.01"), Decimal("0.03"))
    assert (growth.on_track, growth.actual, growth.line) == (True, Decimal("105000"), Decimal("102010"))
    assert commitment.judge(POINTS, 2, baseline, None) is None  # no approved return: nothing judged


def test_spearman_on_a_worked_example_with_a_known_rank_correlation():
    # Ranks differ by 1, 1, 1, 1, 0: rho = 1 - 6 x 4 / (5 x 24) = 0.8.
    # Interval: tanh(atanh(0.8) -+ 1.96 x 1.06 / sqrt 2).
    result = commitment.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
    assert result.rho == pytest.approx(0.8)
    assert (result.lower, result.upper) == (pytest.approx(-0.3544, abs=1e-4), pytest.approx(0.9883, abs=1e-4))
    assert "cannot yet say allocation follows need" in commitment.in_words(result)
    # With a tie (the first two share rank 1.5): Pearson's on the ranks, 15 / sqrt(17.5 x 17).
    tied = commitment.spearman([10, 20, 30, 40, 50, 60], [5, 5, 7, 6, 9, 8])
    assert tied.rho == pytest.approx(15 / (17.5 * 17) ** 0.5)
    assert commitment.in_words(tied).endswith("Allocation rises with need.")


def test_the_partnership_share_is_the_sum_of_amounts_over_the_sum_of_budgets(halton, torus, halton_lead, torus_lead,
                                                                              business_user):
    period = year(2024)
    approved(period, halton, 1_000_000, 10_000_000, halton_lead, business_user)
    approved(period, torus, 300_000, 2_000_000, torus_lead, business_user)
    base = figures.partnership(figures.approved(), {halton.pk, torus.pk}, [POINTS, GROWTH])[0]
    # 1.3m / 12m, not the mean of 10% and 15%
    assert base.share == Decimal("1300000") / Decimal("12000000")
    assert (base.coverage.reporting, base.coverage.members, base.coverage.budget_share) == (2, 2, 1)


def test_a_finance_lead_submits_and_parts_above_the_whole_are_refused_with_the_field_named(halton, halton_lead):
    period = year(2025)
    client = client_for(halton_lead)
    url = reverse("prevention-form", args=[period.pk, halton.pk])
    liverpool = Area.objects.get(slug="liverpool")
    response = client.post(url, {"total_budget": "1000", "prevention_amount": "2000", "action": "submit"})
    assert response.status_code == 400
    assert "cannot be more than the total budget in scope" in response.context["form"].errors["prevention_amount"][0]
    response = client.post(url, {"total_budget": "5000", "prevention_amount": "2000", f"place_{liverpool.pk}": "2500",
                                 "action": "submit"})
    assert response.status_code == 400
    assert "check Amount spent in Liverpool" in response.context["form"].errors[f"place_{liverpool.pk}"][0]
    response = client.post(url, {"total_budget": "-1", "prevention_amount": "0", "action": "submit"})
    assert "Enter the total budget in scope in pounds, 0 or more" in response.context["form"].errors["total_budget"][0]
    assert not InvestmentReturn.objects.exists()
    response = client.post(url, {"total_budget": "5000", "prevention_amount": "2000", f"place_{liverpool.pk}": "1500",
                                 "neighbourhood_1_place": liverpool.pk, "neighbourhood_1": "Everton",
                                 "neighbourhood_1_amount": "500", "action": "submit"})
    assert response.status_code == 302
    ret = InvestmentReturn.objects.get()
    assert (ret.state, ret.total_budget, ret.prevention_amount) == ("submitted", Decimal("5000"), Decimal("2000"))
    assert ret.places == [{"place": liverpool.pk, "name": "Liverpool", "amount": "1500",
                           "neighbourhoods": [{"name": "Everton", "amount": "500"}]}]


def test_another_organisations_lead_gets_404_and_the_business_team_approves(halton, halton_lead, torus_lead,
                                                                           business_user, business_client):
    period = year(2025)
    INVESTMENT.submit(INVESTMENT.return_for(period, halton, halton_lead), halton_lead,
                      {"total_budget": Decimal(100), "prevention_amount": Decimal(5)})
    ret = InvestmentReturn.objects.get()
    other = client_for(torus_lead)
    assert other.get(reverse("prevention-form", args=[period.pk, halton.pk])).status_code == 404
    assert other.get(reverse("prevention-return", args=[ret.pk])).status_code == 404
    response = business_client.post(reverse("prevention-decide", args=[ret.pk]), {"decision": "approve"})
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.state == "approved" and ret.decided_by == business_user
    assert other.get(reverse("prevention-return", args=[ret.pk])).status_code == 200  # approved: everyone reads it


def test_an_organisation_on_track_and_one_off_track_against_their_own_baselines(halton, torus, halton_lead,
                                                                                torus_lead, business_user):
    first, second = year(2024), year(2025)
    approved(first, halton, 100, 1000, halton_lead, business_user)  # 10%
    approved(first, torus, 100, 1000, torus_lead, business_user)
    approved(second, halton, 120, 1000, halton_lead, business_user)  # 12%: above 11%, and above £101
    approved(second, torus, 100, 1000, torus_lead, business_user)  # 10%: below 11%, and below £101
    lines = {line.organisation.name: line.cells[1][1] for line in figures.overview()["lines"]}
    assert {name: (j[POINTS].on_track, j[GROWTH].on_track) for name, j in lines.items()} == {
        "Halton Borough Council": (True, True), "Torus": (False, False)}


def test_both_readings_are_shown_until_the_business_team_records_its_decision(halton, halton_lead, business_user,
                                                                             board_client):
    approved(year(2024), halton, 100, 1000, halton_lead, business_user)
    page = board_client.get(reverse("prevention")).content.decode()
    assert "One percentage point more of the budget each year" in page and "The amount 1% larger each year" in page
    assert "by 1% every year over the next 5 years" in page and "000:243" in page
    Decision.objects.create(reading=GROWTH, source="HCP Board, minute 12", recorded_by=business_user)
    page = board_client.get(reverse("prevention")).content.decode()
    assert "The amount 1% larger each year" in page and "HCP Board, minute 12" in page
    assert "One percentage point more of the budget each year" not in page


def load_need(business_user, places):
    """Population 1,000 each; deprivation scores 1, 2, 3, ... in the Places' order."""
    rows = ["area code,measure,period,value,source"]
    for n, area in enumerate(places, start=1):
        rows.append(f"{area.code},population,mid-2022,1000,ONS mid-year estimates")
        rows.append(f"{area.code},IMD 2019 average score,2019,{n},MHCLG IoD 2019 File 10")
    plan = NEED.import_file("need.csv", "\n".join(rows).encode(), business_user)
    assert plan.ok and NeedFigure.objects.count() == 2 * len(places)


def test_spend_against_need_on_a_worked_example(halton, halton_lead, business_user, board_client):
    places = list(Area.objects.places().order_by("name"))[:5]
    load_need(business_user, places)
    # Deprivation ranks 1..5; spend per head ranks 2, 1, 4, 3, 5: rho 0.8.
    approved(year(2024), halton, 15000, 100000, halton_lead, business_user,
             places=list(zip(places, [2000, 1000, 4000, 3000, 5000], strict=True)))
    _, result, words, _ = figures.spend_against_need(FinancialYear.objects.get(start_year=2024))
    assert result.rho == pytest.approx(0.8) and "rho 0.80" in words
    assert "rho 0.80, 95% interval -0.35 to 0.99" in board_client.get(reverse("prevention")).content.decode()


def test_a_place_more_deprived_than_the_median_with_less_than_the_median_per_head_is_flagged(halton, halton_lead,
                                                                                            business_user):
    places = list(Area.objects.places().order_by("name"))[:5]
    load_need(business_user, places)
    # Per head 3, 1, 4, 2, 5 (median 3); deprivation 1..5 (median 3): the fourth is more deprived, given less.
    approved(year(2024), halton, 15000, 100000, halton_lead, business_user,
             places=list(zip(places, [3000, 1000, 4000, 2000, 5000], strict=True)))
    assert [f.subject for f in gaps(kinds={GapKind.PREVENTION_AGAINST_NEED})] == [places[3].name]


def test_the_need_import_names_each_bad_row_and_writes_nothing(business_user):
    content = (b"area code,measure,period,value,source\nE08000012,population,mid-2022,1000,ONS\n"
               b"E99999999,population,mid-2022,10,ONS\nE08000012,IMD 2019 average score,2019,-3,\n")
    plan = NEED.import_file("need.csv", content, business_user)
    assert plan.errors == [
        "need.csv, row 3: E99999999 is not the ONS code of one of the nine Places.",
        "need.csv, row 4: -3 is not a number of 0 or more; name the source the figure comes from."]
    assert not NeedFigure.objects.exists()


def test_the_prevention_page_says_what_to_load_and_from_where_when_nothing_is_loaded(board_client):
    page = board_client.get(reverse("prevention")).content.decode()
    assert "ONS, Estimates of the population for England and Wales (mid-year estimates)" in page
    assert "MHCLG, English Indices of Deprivation 2019" in page


def test_gap_flags_for_a_member_with_no_return_and_the_partnership_off_the_line(halton, torus, halton_lead,
                                                                                business_user):
    last = year(TODAY.year - 2 if TODAY.month < 4 else TODAY.year - 1)
    flagged = {f.subject for f in gaps(kinds={GapKind.PREVENTION_NO_RETURN})}
    assert flagged == {"Halton Borough Council", "Torus"} if last.end < TODAY else set()
    approved(year(2024), halton, 100, 1000, halton_lead, business_user)
    approved(year(2025), halton, 100, 1000, halton_lead, business_user)  # stood still: off both lines
    off = [f.sentence for f in gaps(kinds={GapKind.PREVENTION_OFF_LINE})]
    assert len(off) == 2 and all("In 2025-26 the partnership is off the line" in s for s in off)


def test_the_download_has_each_approved_return_and_the_partnership(halton, halton_lead, business_user, board_client):
    approved(year(2024), halton, 100, 1000, halton_lead, business_user)
    content = board_client.get(reverse("prevention") + "?_export=csv").content.decode()
    assert "Halton Borough Council,2024-25,1000.00,100.00,10.00" in content
    assert '"The partnership (pooled, 1 of 1 members)",2024-25,1000.00,100.00,10.00' in content


def test_the_prevention_pages_query_counts_stay_fixed(halton, torus, halton_lead, torus_lead, business_user,
                                                      board_client, django_assert_num_queries, no_page_cache):
    approved(year(2024), halton, 100, 1000, halton_lead, business_user)
    board_client.get(reverse("prevention"))
    with django_assert_num_queries(19):
        board_client.get(reverse("prevention"))
    approved(year(2024), torus, 100, 1000, torus_lead, business_user)
    approved(year(2025), torus, 100, 1000, torus_lead, business_user)
    with django_assert_num_queries(19):
        board_client.get(reverse("prevention"))
    with django_assert_num_queries(12):
        board_client.get(reverse("prevention-organisation", args=[torus.pk]))


def test_the_working_categories_are_the_eight_themes_labelled_as_the_portals_own():
    from programmes.prevention.models import Category
    assert [(c.name[:8], c.is_working) for c in Category.objects.all()] == [(f"Theme {n}:", True) for n in range(1, 9)]


def test_the_home_page_and_the_board_pack_carry_the_partnerships_figure(halton, halton_lead, business_user,
                                                                        board_client):
    approved(year(2024), halton, 250, 10000, halton_lead, business_user)
    sentence = ("Prevention investment, 2024-25: 2.5% of the budgets in scope goes to the social determinants of "
                "health and the promotion of good health, pooled over 1 of 1 member organisations (100% of the "
                "members' known budgets).")
    assert figures.partnership_headline() == sentence
    assert sentence.replace("'", "&#x27;") in board_client.get(reverse("home")).content.decode()
