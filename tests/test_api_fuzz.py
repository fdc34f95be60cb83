"""Schemathesis fuzzes the whole API from its own OpenAPI schema: no input gives a 5xx, and no
response carries a protected value to a caller who may not see it."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from reprisals.accounts.services import token_create

pytestmark = pytest.mark.django_db
EXAMPLES = 12
PROTECTED = ("Source Alpha", "alpha@example.org")


@pytest.fixture
def api_schema(reference):
    """The app's own schema through its WSGI application, inside the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from reprisals.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz_all(schema, token: str, *, may_see_protected: bool) -> set[int]:
    statuses: set[int] = set()
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            def fuzz(case):
                response = case.call(headers=headers)
                statuses.add(response.status_code)
                case.validate_response(response, checks=[not_a_server_error])
                if not may_see_protected:
                    for value in PROTECTED:
                        # fuzz() runs at once, inside this iteration
                        assert value not in response.text, (operation.label, value)  # noqa: B023

            fuzz()
    return statuses


def test_no_input_to_any_operation_gives_a_server_error_to_an_officer(api_schema, officer, new_case):
    new_case()
    statuses = fuzz_all(api_schema, token_create(actor=None, user=officer), may_see_protected=True)
    assert max(statuses) < 500 and {200, 422} <= statuses


def test_a_state_mission_user_never_receives_a_protected_value(api_schema, state_user, new_case):
    new_case()
    statuses = fuzz_all(api_schema, token_create(actor=None, user=state_user), may_see_protected=False)
    assert max(statuses) < 500 and 403 in statuses
