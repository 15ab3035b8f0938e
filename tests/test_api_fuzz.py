"""The API fuzzed from its own OpenAPI schema (issue 11): schemathesis reads /api/v1/openapi.json
and sends generated requests, valid and invalid, to every endpoint, on the demo's data, as the
anonymous visitor and as each persona's logged-in session (writes with Django's CSRF token, as a
browser sends them). Each answer must be no server error, JSON (strict: no NaN or Infinity), a
status code the schema documents, a body matching the schema for that code, and a refusal (4xx)
for a request the schema says is invalid.

The requests go through the whole Django stack (every middleware, the real CSRF check) in this
process, on the test's database connection. Bounded by MAX_EXAMPLES per endpoint and persona so
the module takes a minute or two; raise it locally to search harder:
RIKTNING_FUZZ_EXAMPLES=500 pytest tests/test_api_fuzz.py."""

import json
import os

import pytest
import schemathesis
from demo_support import USERNAMES, seeded_demo
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis import checks as builtin

from riktning.accounts.tests.personas import PERSONAS

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("RIKTNING_FUZZ_EXAMPLES", "15"))


@pytest.fixture(scope="module")
def sessions(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, dict]:
    """The demo, and per persona the cookies and header of a logged-in browser session."""
    with seeded_demo(django_db_blocker, tmp_path_factory.mktemp("media")):
        from django.middleware.csrf import _get_new_csrf_string
        from django.test import Client

        from riktning.accounts.models import User

        made = {}
        for persona in PERSONAS:
            token = _get_new_csrf_string()
            cookies = {settings.CSRF_COOKIE_NAME: token}
            if persona != "anonymous":
                client = Client()
                client.force_login(User.objects.get(username=USERNAMES[persona]))
                cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
                    settings.SESSION_COOKIE_NAME
                ].value
            made[persona] = {"cookies": cookies, "headers": {"X-CSRFToken": token}}
        yield made


@pytest.fixture
def one_connection():
    """Django closes the database connection at each request's start and end; the test's
    transaction lives on it, so the WSGI requests below keep it (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _operations() -> list[tuple[str, bool]]:
    """("GET /api/v1/versions", takes input?) for every endpoint the API declares, read when the
    tests are collected."""
    from riktning.api.api import api

    paths = api.get_openapi_schema()["paths"]
    return [
        (f"{method.upper()} {path}", bool(spec.get("parameters") or spec.get("requestBody")))
        for path, item in paths.items()
        for method, spec in item.items()
    ]


OPERATIONS = _operations()
# Valid requests to every endpoint; invalid ones to every endpoint that takes any input.
RUNS = [(label, GenerationMode.POSITIVE) for label, _ in OPERATIONS] + [
    (label, GenerationMode.NEGATIVE) for label, takes_input in OPERATIONS if takes_input
]


@pytest.fixture
def api_schema(sessions, one_connection):
    """The schema as a client reads it: from /api/v1/openapi.json, through the whole stack."""
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


@schemathesis.check
def strict_json(ctx, response, case):
    """Every answer is JSON that any parser reads: no NaN, no Infinity (issue 11: an infinite
    value once reached the API as `Infinity`)."""
    json.loads(response.content, parse_constant=_no_constant)


CHECKS = [
    builtin.not_a_server_error,
    builtin.status_code_conformance,
    builtin.content_type_conformance,
    builtin.response_schema_conformance,
    builtin.negative_data_rejection,
    strict_json,
]


def test_the_served_schema_has_the_endpoints_fuzzed_here(api_schema):
    served = sorted(result.ok().label for result in api_schema.get_all_operations())
    assert served == sorted(label for label, _ in OPERATIONS)
    assert len(OPERATIONS) >= 9


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("label", "mode"), RUNS, ids=[f"{label} {mode.value}" for label, mode in RUNS]
)
def test_the_api_answers_every_generated_request_as_its_schema_says(
    api_schema, sessions, label, persona, mode
):
    operation = api_schema.find_operation_by_label(label)
    session = sessions[persona]

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_the_schema_says(case):
        case.call_and_validate(
            cookies=session["cookies"], headers=session["headers"], checks=CHECKS
        )

    answers_as_the_schema_says()
