"""Through the API a period reads back everything a caller may change on it (docs/reports.md: GET and
PATCH /reports/periods/{id} with symbol, title, status, summary and conclusions): what was written to the
summary and conclusions can be read again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_summary_and_conclusions_written_through_the_api_are_read_back(api_as, officer):
    api = api_as(officer)
    created = api.post("/api/v1/reports/periods", {"start": "2015-05-01", "end": "2016-04-30"})
    assert created.status_code == 201
    assert created.json()["summary"] == "" and created.json()["conclusions"] == ""
    pid = created.json()["id"]
    patched = api.patch(f"/api/v1/reports/periods/{pid}",
                        {"summary": "Our summary.", "conclusions": "First.\n\nSecond."})
    assert patched.status_code == 200
    assert patched.json()["summary"] == "Our summary."
    read = api.get(f"/api/v1/reports/periods/{pid}").json()
    assert read["summary"] == "Our summary." and read["conclusions"] == "First.\n\nSecond."
    listed = {p["id"]: p for p in api.get("/api/v1/reports/periods").json()}
    assert listed[pid]["conclusions"] == "First.\n\nSecond."
