"""The open data API: public figures to anyone, the portal's own records only to a token whose owner may read
them, read-only, with ETags, CSV for analysts and errors as JSON."""

import io

import pandas
import pytest
from django.test import Client
from django.urls import reverse

from atf_portal.api.models import ApiToken, digest
from atf_portal.outcomes.services import publish
from programmes.reporting.models import Update

from .outcomes_data import PUBLIC_NARRATIVE, SECRETS, illustrative_values, official_values, private_records

pytestmark = pytest.mark.django_db

PUBLIC = ["theme-list", "recommendation-list", "system-recommendation-list", "indicator-list", "value-list",
          "summary-list", "programme-list", "coherence-list", "outcomes-report-list"]
TOKEN_ONLY = ["update-list", "gap-list"]


@pytest.fixture
def world(django_user_model):
    official_values()
    illustrative_values()
    lead = private_records(django_user_model)
    return {"report": publish(2025), "lead": lead}


def bearer(user, name="test"):
    _, key = ApiToken.issue(user, name)
    return Client(HTTP_AUTHORIZATION=f"Token {key}"), key


def every_public_answer(report):
    client = Client()
    urls = [reverse(f"api:{name}") for name in PUBLIC]
    urls += [f"{url}?format=csv" for url in urls]
    urls += [reverse("api:outcomes-report-detail", args=[report.pk]), reverse("api:indicator-detail", args=[4]),
             reverse("api:summary-detail", args=[report.pk]), reverse("api:schema"), reverse("api-docs")]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        yield url, response.content.decode()


def test_no_private_or_illustrative_record_reaches_any_public_api_answer(world):
    everything = "\n".join(body for _, body in every_public_answer(world["report"]))
    assert [secret for secret in SECRETS if secret in everything] == []
    assert PUBLIC_NARRATIVE in everything  # through the published report's content


def test_an_anonymous_client_reads_every_public_endpoint_and_none_of_the_portals_own(world):
    client = Client()
    for name in PUBLIC:
        assert client.get(reverse(f"api:{name}")).status_code == 200, name
    for name in TOKEN_ONLY:
        response = client.get(reverse(f"api:{name}"))
        assert response.status_code == 401, name
        assert response.json()["message"] and response["WWW-Authenticate"] == "Token"


def test_values_leave_out_illustrative_ones_and_filter(world):
    rows = Client().get(reverse("api:value-list"), {"indicator": 5}).json()
    assert rows["count"] == 0
    rows = Client().get(reverse("api:value-list"), {"indicator": 4, "area": "E08000012", "period": "2022/23"}).json()
    assert [(r["area_name"], r["value"]) for r in rows["results"]] == [("Liverpool", 70.0)]
    assert Client().get(reverse("api:value-list"), {"area_type": "place", "page_size": 2}).json()["next"]


def test_pandas_reads_the_csv_endpoint(world):
    response = Client().get(reverse("api:value-list"), {"format": "csv", "indicator": 4, "page_size": 10000})
    assert response["Content-Type"].startswith("text/csv")
    frame = pandas.read_csv(io.BytesIO(response.content))
    assert len(frame) == 28 and {"indicator", "area_code", "period", "value", "lower_ci"} <= set(frame.columns)
    assert frame.loc[frame.area_code == "E08000012", "value"].eq(70.0).all()


def test_a_token_sees_exactly_its_owners_role(world, django_user_model, business_user, board_user, outsider):
    lead_client, _ = bearer(world["lead"])
    board_client, _ = bearer(board_user)
    business_client, _ = bearer(business_user)
    outsider_client, _ = bearer(outsider)
    url = reverse("api:update-list")

    def narratives(client):
        return {row["narrative"] for row in client.get(url).json()["results"]}

    approved = {"SECRET-APPROVED-UNMARKED", PUBLIC_NARRATIVE}
    assert narratives(board_client) == approved
    assert narratives(business_client) == set(Update.objects.values_list("narrative", flat=True))
    assert narratives(lead_client) == approved  # leads no programme: the ProgrammeLead rows decide
    assert outsider_client.get(url).status_code == 403
    assert board_client.get(reverse("api:gap-list")).status_code == 200
    assert outsider_client.get(reverse("api:gap-list")).status_code == 403


def test_a_programme_lead_reads_their_own_programmes_drafts(world, programme_lead_user):
    from programmes.reporting.models import ProgrammeLead

    draft = Update.objects.get(narrative="SECRET-DRAFT")
    ProgrammeLead.objects.create(user=programme_lead_user, programme=draft.programme)
    client, _ = bearer(programme_lead_user)
    seen = {row["narrative"] for row in client.get(reverse("api:update-list")).json()["results"]}
    assert "SECRET-DRAFT" in seen and "SECRET-SUBMITTED" not in seen


def test_a_revoked_token_stops_working_at_once(world, board_user):
    client, key = bearer(board_user)
    url = reverse("api:update-list")
    first = client.get(url)
    assert first.status_code == 200
    ApiToken.objects.get(key_hash=digest(key)).revoke()
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 401  # never a 304 either


def test_a_token_is_stored_only_as_its_hash(board_user):
    token, key = ApiToken.issue(board_user, "Power BI")
    assert key.startswith("atf_") and len(key) > 40
    token.refresh_from_db()
    assert key not in {token.key_hash, token.name, token.key_start} and token.key_hash == digest(key)


def test_the_api_is_read_only(board_user):
    client, _ = bearer(board_user)
    assert client.post(reverse("api:theme-list"), {"number": 9}).status_code == 405
    assert client.delete(reverse("api:theme-detail", args=[1])).status_code == 405


def test_a_user_creates_sees_once_and_revokes_their_token_on_the_tokens_page(board_client, board_user):
    response = board_client.post(reverse("api-tokens"), {"name": "Power BI"})
    key = response.context["key"]
    assert key in response.content.decode()
    assert key not in board_client.get(reverse("api-tokens")).content.decode()
    token = ApiToken.objects.get(user=board_user)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(reverse("api:update-list")).status_code == 200
    board_client.post(reverse("api-token-revoke", args=[token.pk]))
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(reverse("api:update-list")).status_code == 401


def test_nobody_revokes_someone_elses_token(board_user, business_client):
    token, _ = ApiToken.issue(board_user, "mine")
    assert business_client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_current_copy_gets_304_and_a_change_of_data_a_new_etag(world):
    client, url = Client(), reverse("api:indicator-detail", args=[4])
    first = client.get(url)
    assert first["ETag"] and "public" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    publish(2025, changes="A correction.")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_portals_own_records_are_cached_privately(world, board_user):
    client, _ = bearer(board_user)
    assert "private" in client.get(reverse("api:update-list"))["Cache-Control"]


def test_errors_are_json_with_a_message():
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json()["message"]
    response = Client().get(reverse("api:indicator-detail", args=[99]))
    assert response.status_code == 404 and response.json()["message"]
    response = Client(HTTP_AUTHORIZATION="Token not-a-token").get(reverse("api:theme-list"))
    assert response.status_code == 401 and "not valid" in response.json()["message"]


def test_anonymous_clients_are_throttled_per_address(settings):
    settings.API_ANONYMOUS_RATE = "3/minute"
    client = Client()
    answers = [client.get(reverse("api:theme-list")).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_a_choice_or_number_parameter_sent_empty_is_refused_naming_it(business_client):
    for query in ["state=", "programme=", "state=&programme=", "page=", "page=&page_size=10"]:
        response = business_client.get(reverse("api:update-list") + "?" + query)
        assert response.status_code == 400, query
        assert "Give a value, or leave the parameter out." in response.content.decode()
    assert business_client.get(reverse("api:value-list") + "?area=").status_code == 200  # any text, even none


def test_a_yes_or_no_parameter_that_is_neither_is_refused_naming_it():
    client = Client()
    for query in ["is_default=null", "is_default=yes", "is_default="]:
        response = client.get(reverse("api:summary-list") + "?" + query)
        assert response.status_code == 400, query
        assert "is_default" in response.json()["errors"], query
    assert [client.get(reverse("api:summary-list") + f"?is_default={answer}").status_code
            for answer in ("true", "false", "True", "0")] == [200] * 4


def test_a_client_forging_a_new_forwarded_address_each_time_is_still_throttled(settings):
    settings.API_ANONYMOUS_RATE = "3/minute"
    client = Client()
    answers = [client.get(reverse("api:theme-list"), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
               for n in range(4)]
    assert answers == [200, 200, 200, 429]


def test_the_docs_page_lists_every_endpoint_and_shows_pandas_and_power_bi():
    page = Client().get(reverse("api-docs")).content.decode()
    for path in ["/api/v1/values/", "/api/v1/summaries/", "/api/v1/outcomes/", "/api/v1/updates/", "/api/v1/gaps/"]:
        assert f"<code>{path}</code>" in page
    assert "pd.read_csv" in page and "Power BI" in page
