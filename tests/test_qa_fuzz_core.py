"""Bad bodies met before any view: a JSON body nested past what the JSON parser reads, holding a NUL, gets the
API's 400 (or the site's error page), never a server error."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DEEP_WITH_NUL = '{"title": ' + "[" * 100_000 + '"a\\u0000b"' + "]" * 100_000 + "}"


@pytest.mark.parametrize("who,method,path", [("officer", "POST", "/api/v1/cases"),
                                             ("officer", "PATCH", "/api/v1/cases/1"),
                                             ("submitter", "POST", "/api/v1/submissions")])
def test_a_json_body_nested_too_deep_to_read_is_a_bad_request_in_the_api_error_shape(api_as, request, who, method,
                                                                                       path):
    api = api_as(request.getfixturevalue(who))
    response = api.client.generic(method, path, DEEP_WITH_NUL, content_type="application/json",
                                  headers=api.headers)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_request" and "Cannot parse request body" in error["message"]


def test_an_anonymous_caller_gets_the_same_answer_as_before_authentication(reference):
    response = Client(raise_request_exception=False).generic("POST", "/api/v1/cases", DEEP_WITH_NUL,
                                                             content_type="application/json")
    assert response.status_code in (400, 401)
    assert "error" in response.json()


def test_a_web_page_sent_such_a_body_answers_with_a_client_error(officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.generic("POST", "/allegations/new/", DEEP_WITH_NUL, content_type="application/json")
    assert 400 <= response.status_code < 500
