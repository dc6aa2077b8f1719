"""The return engine (atf_portal/returns): a new kind of return is a few declarations on the one state machine;
two people acting on one return at once are served in turn; a refused step says the state that refused it."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from atf_portal.core import roles
from atf_portal.returns import kinds, services, tallies
from atf_portal.returns.kinds import ReturnKind
from programmes.models import Programme, ProgressUpdate
from programmes.reporting import access
from programmes.reporting import services as reporting
from programmes.reporting.kind import UPDATES
from programmes.reporting.models import ProgrammeLead, ReportingPeriod, Update

from .conftest import LEAD_PROGRAMME, client_for, make_user

TODAY = datetime.date.today()


def open_period(due_in_days=10):
    return ReportingPeriod.objects.create(
        name="2026-27 Q3", start=TODAY - datetime.timedelta(days=90), end=TODAY - datetime.timedelta(days=1),
        due_date=TODAY + datetime.timedelta(days=due_in_days), is_open=True)


def careers_hub_rows():
    return Programme.objects.get(source_ref="DP2024-25/3/07"), Programme.objects.get(source_ref="DP2024-25/3/10")


class ThemeOneCheckIns(ReturnKind):
    """A kind declared here only: theme 1's programmes check in, their leads respond, the business team signs
    off, and approval publishes nothing. It reuses the programme updates' tables; a real kind has its own."""

    slug = "theme-one-check-ins"
    round_model = ReportingPeriod
    return_model = Update
    respondent_field = "programme"
    noun = "check-in"
    an_noun = "a check-in"
    respondent_noun = "programme"
    form_url_name = "reporting-form"

    def respondents(self, period):
        return Programme.objects.filter(theme__number=1, repeats=None)

    def may_respond(self, user, respondent):
        return access.may_report_on(user, respondent)

    def may_review(self, user):
        return access.may_review(user)

    def leads(self, period):
        for lead in ProgrammeLead.objects.filter(programme__in=self.respondents(period)).select_related("user",
                                                                                                       "programme"):
            yield lead.user, lead.programme


@pytest.fixture
def check_ins():
    kind = kinds.register(ThemeOneCheckIns())
    yield kind
    kinds.unregister(kind)


@pytest.mark.django_db
def test_a_new_kind_is_only_declarations_and_gets_the_state_machine_tallies_queue_and_reminders(
        check_ins, programme_lead_user, business_user, board_user):
    period = open_period(due_in_days=2)
    programme = Programme.objects.get(name=LEAD_PROGRAMME)
    assert kinds.get("theme-one-check-ins") is check_ins and check_ins in tallies.reviewed_by(business_user)
    assert tallies.reviewed_by(board_user) == []

    with pytest.raises(PermissionDenied, match="You do not report on this programme"):
        services.return_for(check_ins, period, programme, board_user)
    ret = services.return_for(check_ins, period, programme, programme_lead_user)
    # Due in 2 days: the lead is reminded by each kind that expects their programme.
    assert [r.kind for r in tallies.due_reminders(7)[programme_lead_user]] == [UPDATES, check_ins]
    ret = services.submit(check_ins, ret, programme_lead_user, {"narrative": "Checked in"})
    assert (ret.state, ret.narrative, ret.lead) == (Update.State.SUBMITTED, "Checked in", programme_lead_user)
    [waiting], returned = tallies.review_queue([check_ins])
    assert (waiting.kind, waiting.respondent, returned) == (check_ins, programme, [])
    expected = Programme.objects.filter(theme__number=1).count()
    total = tallies.completeness(check_ins, period)["total"]
    assert (total.expected, total.submitted, total.approved) == (expected, 1, 0)

    ret = services.approve(check_ins, ret, business_user)
    assert ret.state == Update.State.APPROVED and not ProgressUpdate.objects.exists()  # on_approve: nothing
    with pytest.raises(services.Locked, match="^This check-in is already approved: only a submitted check-in can be "
                                              "approved or returned.$"):
        services.send_back(check_ins, ret, business_user, "More")
    assert tallies.due_reminders(7)[programme_lead_user] == []  # in, for both kinds (they share a table here)

    kinds.unregister(check_ins)
    assert check_ins not in kinds.registered() and UPDATES in kinds.registered()


@pytest.mark.django_db
def test_the_repeated_careers_hub_row_is_not_expected_to_report(django_user_model):
    period = open_period(due_in_days=-1)
    first, repeat = careers_hub_rows()
    assert repeat.repeats == first
    expected = set(UPDATES.respondents(period))
    assert first in expected and repeat not in expected
    # The in-memory rule the gap flags use agrees with the queryset for every programme.
    assert {p for p in Programme.objects.all() if UPDATES.expects(p)} == expected
    lead = make_user(django_user_model, "careers", roles.PROGRAMME_LEADS)
    for programme in (first, repeat):
        ProgrammeLead.objects.create(user=lead, programme=programme)
    assert [r.respondent for r in tallies.due_reminders(0)[lead]] == [first]
    theme_three = reporting.completeness(period)["themes"][2]
    assert theme_three[0] == 3 and theme_three[2].expected == Programme.objects.filter(
        theme__number=3, status__in=Programme.RUNNING).count() - 1


@pytest.mark.django_db
def test_a_second_approval_through_the_page_is_told_the_state_that_refuses_it(
        business_client, business_user, programme_lead_user):
    period, programme = open_period(), Programme.objects.get(name=LEAD_PROGRAMME)
    update = reporting.submit(reporting.update_for(period, programme, programme_lead_user), programme_lead_user,
                              {"rag": "green", "narrative": "Fine"})
    decide = reverse("reporting-decide", args=[update.pk])
    assert business_client.post(decide, {"decision": "approve"}).status_code == 302
    again = business_client.post(decide, {"decision": "approve"})
    page = again.content.decode()
    assert again.status_code == 403
    assert "This update is already approved: only a submitted update can be approved or returned." in page
    assert "Your account does not give you access" not in page
    assert ProgressUpdate.objects.filter(programme=programme).count() == 1


@pytest.mark.django_db
def test_a_lead_editing_after_approval_is_told_why_not_that_their_account_lacks_access(
        programme_lead_client, programme_lead_user, business_user):
    period, programme = open_period(), Programme.objects.get(name=LEAD_PROGRAMME)
    update = reporting.submit(reporting.update_for(period, programme, programme_lead_user), programme_lead_user,
                              {"rag": "green", "narrative": "Fine"})
    reporting.approve(update, business_user)
    response = programme_lead_client.post(reverse("reporting-form", args=[period.pk, programme.pk]),
                                          {"narrative": "Changed my mind", "action": "draft"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "This update is already approved: it can no longer be changed." in page
    assert "Your account does not give you access" not in page
    # Someone without the right is still told only that.
    outsider = client_for(make_user(programme_lead_user.__class__, "someone", roles.BOARD_MEMBERS))
    assert "Your account does not give you access" in outsider.get(reverse("reporting-review")).content.decode()


# Two people at once -------------------------------------------------------------------------------------------------

def at_once(*steps):
    """Run the steps in threads released together; each gives ("ok", result) or ("refused", message)."""
    barrier = threading.Barrier(len(steps))
    results = [None] * len(steps)

    def run(i, step):
        try:
            barrier.wait()
            results[i] = ("ok", step())
        except services.Locked as refusal:
            results[i] = ("refused", str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, step)) for i, step in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_submitting_or_approving_one_update_at_once_are_served_in_turn(committed_db, django_user_model):
    lead = make_user(django_user_model, "racing-lead", roles.PROGRAMME_LEADS)
    business = make_user(django_user_model, "racing-business", roles.BUSINESS_TEAM, is_staff=True)
    period, programme = open_period(), Programme.objects.get(name=LEAD_PROGRAMME)
    ProgrammeLead.objects.create(user=lead, programme=programme)
    draft = reporting.save_draft(reporting.update_for(period, programme, lead), lead, {"narrative": "Draft"})

    # Each thread holds its own copy, read while the update was a draft, as two browser tabs would.
    copies = [Update.objects.get(pk=draft.pk) for _ in range(2)]
    results = at_once(*[lambda copy=copy, n=n: reporting.submit(copy, lead, {"rag": "green", "narrative": f"Tab {n}"})
                        for n, copy in enumerate(copies)])
    assert sorted(outcome for outcome, _ in results) == ["ok", "refused"]
    [message] = [value for outcome, value in results if outcome == "refused"]
    assert message == "This update is already submitted: it can no longer be changed."
    [winner] = [value for outcome, value in results if outcome == "ok"]
    update = Update.objects.get(pk=draft.pk)
    assert (update.state, update.narrative) == (Update.State.SUBMITTED, winner.narrative)
    assert list(update.history.values_list("state", flat=True)).count("submitted") == 1

    copies = [Update.objects.get(pk=draft.pk) for _ in range(2)]
    results = at_once(*[lambda copy=copy: reporting.approve(copy, business) for copy in copies])
    assert sorted(outcome for outcome, _ in results) == ["ok", "refused"]
    assert [value for outcome, value in results if outcome == "refused"] == [
        "This update is already approved: only a submitted update can be approved or returned."]
    assert Update.objects.get(pk=draft.pk).state == Update.State.APPROVED
    assert ProgressUpdate.objects.filter(programme=programme).count() == 1
    assert list(Update.history.filter(id=draft.pk).values_list("state", flat=True)).count("approved") == 1
