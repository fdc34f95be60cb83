"""API answers carry case data and, on request, protected values: no cache may keep them (an API client in
a browser, the interactive docs, a proxy told to cache), so every answer under /api/ says no-store."""

from __future__ import annotations


def test_a_revealed_case_is_not_stored_by_any_cache(officer, new_case, api_as):
    case = new_case()
    response = api_as(officer).get(f"/api/v1/cases/{case.pk}", reveal="true")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_lists_and_errors_are_not_stored_either(officer, api_as):
    api = api_as(officer)
    for response in (api.get("/api/v1/cases"), api.get("/api/v1/cases/999999"), api_as(None).get("/api/v1/cases")):
        assert "no-store" in response["Cache-Control"], response.status_code
