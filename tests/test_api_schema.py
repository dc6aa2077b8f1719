"""The OpenAPI schema against the live API: Schemathesis generates requests for every documented operation (with
valid and invalid filters, paths and formats) and checks that each answer is one the schema documents, in its
documented shape, and never a server error. Run on a real server (tests/browser.py's `serve`), a few examples an
operation so the suite stays quick; a token of the business team's reaches the operations that need one."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from .browser import serve

EXAMPLES = 5  # an operation, in each mode: enough to try each filter and path, quick enough for every run


@pytest.fixture(scope="module")
def api_server(browser_database, tmp_path_factory):
    yield from serve(browser_database, tmp_path_factory, extra_env={"API_ANONYMOUS_RATE": "100000/minute",
                                                   "API_TOKEN_RATE": "100000/minute"})


@pytest.fixture(scope="module")
def token(api_server):
    return api_server.python(
        "from django.contrib.auth import get_user_model; from atf_portal.api.models import ApiToken; "
        "from atf_portal.outcomes.services import publish; publish(2025); "
        "print(ApiToken.issue(get_user_model().objects.get(username='business'), 'schemathesis')[1])"
    ).strip().splitlines()[-1]


@pytest.fixture(scope="module")
def api_schema(api_server, token):
    loaded = schemathesis.openapi.from_url(f"{api_server}/api/v1/schema/?format=json")
    loaded.config.update(base_url=str(api_server), headers={"Authorization": f"Token {token}"})
    # Django's form fields refuse a null character in text with a 400 on purpose; every other string is tried.
    loaded.config.generation.update(allow_x00=False)
    return loaded


def test_the_schema_is_served_and_valid_openapi_3(api_schema):
    assert api_schema.raw_schema["openapi"].startswith("3.")
    assert len(operations(api_schema)) >= 20


def operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_documented_operation_answers_as_the_schema_says(api_schema, api_server, http, mode):
    """Each operation in turn, in one test (schemathesis' own pytest loader does not run under pytest 9)."""
    http.add_passthru(str(api_server))  # the suite's stub of `requests` lets the live server through
    for operation in operations(api_schema):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_as_documented(case):
            case.call_and_validate()

        answers_as_documented()
