"""A cursor is a position the API handed out: one forged to point past any id a database can hold is
refused naming ``cursor`` (422), never a server error."""

from __future__ import annotations

import base64

import pytest


def _cursor(number: int) -> str:
    return base64.urlsafe_b64encode(str(number).encode()).decode().rstrip("=")


@pytest.mark.parametrize("number", [2**63, 10**25])
def test_a_case_list_cursor_beyond_any_id_is_refused_naming_the_cursor(officer, new_case, api_as, number):
    new_case()
    response = api_as(officer).get("/api/v1/cases", cursor=_cursor(number))
    assert response.status_code == 422
    assert "cursor" in response.json()["error"]["fields"]


def test_the_largest_id_a_database_holds_is_still_a_cursor(officer, new_case, api_as):
    new_case()
    response = api_as(officer).get("/api/v1/cases", cursor=_cursor(2**63 - 1))
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
