"""The reports API: periods, drafts, exclusions, finalising and documents, in the one error shape."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case(officer):
    return make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Maryam Example")


def test_an_officer_creates_a_period_and_reads_its_draft(api_as, officer, case):
    api = api_as(officer)
    response = api.post("/api/v1/reports/periods", {"start": "2015-05-01", "end": "2016-04-30",
                                                    "symbol": "A/HRC/33/19"})
    assert response.status_code == 201, response.content
    pid = response.json()["id"]
    draft = api.get(f"/api/v1/reports/periods/{pid}/draft").json()
    assert [(p["annex"], p["paragraph"], p["state"], p["case_reference"]) for p in draft["paragraphs"]] == [
        ("I", 1, "Bahrain", case.reference)]
    assert "Maryam Example" in draft["paragraphs"][0]["text"]


def test_bad_input_gets_the_one_error_shape(api_as, officer):
    api = api_as(officer)
    response = api.post("/api/v1/reports/periods", {"start": "2016-05-01", "end": "2016-01-01"})
    assert response.status_code == 422 and response.json()["error"]["fields"] == {"end": [
        "the period must end after it starts"]}
    response = api.post("/api/v1/reports/periods", {"start": "not a date", "end": "2016-01-01"})
    assert response.status_code == 422 and "start" in response.json()["error"]["fields"]
    assert api.get("/api/v1/reports/periods/999").status_code == 404


def test_exclusions_and_finalising_through_the_api(api_as, officer, senior, case):
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    api = api_as(officer)
    response = api.post(f"/api/v1/reports/periods/{period.pk}/exclusions",
                        {"case_reference": case.reference, "reason": "person_request"})
    assert response.status_code == 201, response.content
    left = api.get(f"/api/v1/reports/periods/{period.pk}/draft").json()["left_out"]
    assert [(x["case_reference"], x["reason"]) for x in left] == [(case.reference, "decided")]
    eid = response.json()["id"]
    assert api.post(f"/api/v1/reports/exclusions/{eid}/lift").status_code == 204
    assert api.post(f"/api/v1/reports/periods/{period.pk}/finalise").status_code == 403
    final = api_as(senior).post(f"/api/v1/reports/periods/{period.pk}/finalise")
    assert final.status_code == 200 and final.json()["status"] == "final"
    assert api.get(f"/api/v1/cases/{case.pk}/report-appearances").json() == [
        {"period": period.pk, "symbol": "A/HRC/33/19", "annex": "I", "paragraph": 1}]
    assert api.patch(f"/api/v1/reports/periods/{period.pk}", {"title": "x"}).status_code == 409


def test_documents_through_the_api(api_as, officer, case):
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30))
    response = api_as(officer).get(f"/api/v1/reports/periods/{period.pk}/document", format="docx", public="true")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert api_as(officer).get(f"/api/v1/reports/periods/{period.pk}/document", format="exe").status_code == 422


def test_roles_without_report_capability_are_refused(api_as, focal, state_user):
    for user in (focal, state_user):
        assert api_as(user).get("/api/v1/reports/periods").status_code == 403
        assert api_as(user).post("/api/v1/reports/periods", {"start": "2015-05-01", "end": "2016-04-30"}
                                 ).status_code == 403
