"""Sign-in with an organisation account, in-process: the provider's token, keys and user info are answered by the
`responses` stub with an RSA key made here, so each way a token can be wrong is tried with real signatures.
tests/test_oidc_journey.py signs in through a real OpenID Connect provider in Chromium."""

import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ISSUER = "https://login.example.nhs.uk/tenant/v2.0"
CLIENT_ID = "atf-portal"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def organisation_sign_in(settings):
    settings.ORGANISATION_SIGN_IN = True
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET, settings.OIDC_ISSUER = CLIENT_ID, "secret", ISSUER
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{ISSUER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/keys"
    settings.OIDC_RP_SIGN_ALGO, settings.OIDC_USE_PKCE, settings.OIDC_CREATE_USER = "RS256", True, False
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "atf_portal.oidc.OrganisationAccountBackend"]


def id_token(nonce, key=KEY, **claims):
    payload = {"iss": ISSUER, "aud": CLIENT_ID, "sub": "person-1", "nonce": nonce, "iat": int(time.time()),
               "exp": int(time.time()) + 300, **claims}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "portal-test"})


def stub_provider(http, token, email="board.member@example.nhs.uk", verified=True):
    public = jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True)
    http.get(f"{ISSUER}/keys", json={"keys": [{**public, "kid": "portal-test", "alg": "RS256", "use": "sig"}]})
    http.post(f"{ISSUER}/token", json={"id_token": token, "access_token": "access", "token_type": "Bearer"})
    http.get(f"{ISSUER}/userinfo", json={"sub": "person-1", "email": email, "email_verified": verified})


def begin(client):
    """Press the button: the portal sends the browser to the provider with a state, a nonce and a PKCE challenge."""
    location = client.get(reverse("oidc_authentication_init"))["Location"]
    assert location.startswith(f"{ISSUER}/authorize?")
    query = {key: values[0] for key, values in parse_qs(urlparse(location).query).items()}
    assert query["client_id"] == CLIENT_ID and query["code_challenge_method"] == "S256"
    return query["state"], query["nonce"]


def come_back(client, state):
    return client.get(reverse("oidc_authentication_callback"), {"code": "the-code", "state": state})


@pytest.fixture
def member(board_user):
    board_user.email = "Board.Member@example.nhs.uk"
    board_user.save()
    return board_user


def signed_in(client):
    return client.session.get("_auth_user_id")


def test_a_person_is_signed_in_to_the_account_with_their_verified_email(organisation_sign_in, http, member):
    client = Client()
    state, nonce = begin(client)
    stub_provider(http, id_token(nonce))
    response = come_back(client, state)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in(client) == str(member.pk)
    assert list(member.groups.values_list("name", flat=True)) == ["Board members"]  # roles untouched


def test_an_unknown_email_is_refused_with_whom_to_ask_and_no_account_is_made(organisation_sign_in, http, member):
    client = Client()
    users = get_user_model().objects.count()
    state, nonce = begin(client)
    stub_provider(http, id_token(nonce), email="someone.else@example.nhs.uk")
    response = come_back(client, state)
    assert response["Location"] == reverse("login") and not signed_in(client)
    page = client.get(reverse("login")).content.decode()
    assert "No portal account has the email address someone.else@example.nhs.uk" in page
    assert "Ask the HCP business team" in page
    assert get_user_model().objects.count() == users


def test_an_email_the_organisation_did_not_verify_is_refused(organisation_sign_in, http, member):
    client = Client()
    state, nonce = begin(client)
    stub_provider(http, id_token(nonce), verified=False)
    come_back(client, state)
    assert not signed_in(client)
    assert "did not confirm the email address" in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("wrong", ["tampered", "expired", "other key", "other nonce", "other issuer", "other client"])
def test_a_token_that_is_not_right_is_refused(organisation_sign_in, http, member, wrong):
    client = Client()
    state, nonce = begin(client)
    token = {
        "tampered": None, "expired": id_token(nonce, exp=int(time.time()) - 60),
        "other key": id_token(nonce, key=OTHER_KEY), "other nonce": id_token("not-the-nonce"),
        "other issuer": id_token(nonce, iss="https://elsewhere.example.com"),
        "other client": id_token(nonce, aud="another-client"),
    }[wrong]
    if token is None:  # the payload swapped for another person's, the signature kept
        header, _, signature = id_token(nonce).split(".")
        other = id_token(nonce, sub="person-2", email="admin@example.nhs.uk").split(".")[1]
        token = f"{header}.{other}.{signature}"
    stub_provider(http, token)
    assert come_back(client, state).status_code in (302, 400)
    assert not signed_in(client)


def test_a_callback_with_a_state_this_browser_never_sent_is_refused(organisation_sign_in, http, member):
    client = Client()
    _, nonce = begin(client)
    stub_provider(http, id_token(nonce))
    assert come_back(client, "a-state-from-elsewhere").status_code == 400
    assert not signed_in(client)


def test_without_configuration_there_is_no_button_and_the_addresses_answer_404(client):
    assert "organisation account" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_the_sign_in_page_offers_the_organisation_account_when_configured(organisation_sign_in, client):
    page = client.get(reverse("login"), {"next": "/gaps/"}).content.decode()
    assert "Sign in with your organisation account" in page
    assert f'href="{reverse("oidc_authentication_init")}?next=/gaps/"' in page
