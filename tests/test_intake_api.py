"""The submissions API: an entity sends allegations and sees the status of what it sent, nothing else."""

from __future__ import annotations

import pytest

from reprisals.cases.models import Allegation
from reprisals.core.models import AuditEntry
from reprisals.intake import services
from reprisals.intake.models import Submission

pytestmark = pytest.mark.django_db

BODY = {
    "sender_reference": "ISHR-2024-017", "country": "BHR", "title": "Travel ban after the HRC session",
    "what_happened": "Stopped at the airport on the way back from the HRC session.", "incident_date": "2024-03",
    "forms": ["travel_ban"], "perpetrator": "security_intelligence",
    "persons": [{"name": "Maryam Example", "gender": "female", "roles": ["woman_human_rights_defender"]}],
    "engagement": {"un_body": "HRC", "kind": "participation_un_meeting", "date": "2024-03"},
    "consent": {"raise_with_state": True, "publish_name": False, "publish_anonymously": True, "share_un": True},
    "risk": {"in_danger": False, "detained": False, "travelling_to_un_session": True},
}


def assert_error(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    if field:
        assert field in body["error"]["fields"], body


def test_a_submitter_sends_an_allegation_and_it_lands_in_triage(api_as, submitter):
    r = api_as(submitter).post("/api/v1/submissions", BODY)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "received" and body["case_reference"] is None and body["channel"] == "api"
    submission = Submission.objects.get(pk=body["id"])
    assert submission.entity.code == "ISHR" and submission.submitted_by == submitter and submission.is_urgent
    assert submission.consent_publish_name is False and submission.consent_share_un is True
    allegation = submission.allegation
    assert allegation.case is None and allegation.channel == "api" and allegation.source_reference == "ISHR-2024-017"
    assert "Maryam Example" not in r.content.decode()
    assert AuditEntry.objects.filter(action="submission.create", object_id=str(submission.pk)).exists()


def test_the_entity_is_the_accounts_never_the_bodys(api_as, submitter):
    r = api_as(submitter).post("/api/v1/submissions", {**BODY, "source_entity": "AMNESTY", "entity": "AMNESTY"})
    assert r.status_code == 201, r.content
    assert Submission.objects.get().entity.code == "ISHR"


def test_a_reference_sent_twice_is_refused_with_409(api_as, focal):
    api = api_as(focal)
    assert api.post("/api/v1/submissions", BODY).status_code == 201
    assert_error(api.post("/api/v1/submissions", BODY), 409, "sender_reference")
    assert Submission.objects.count() == 1 and Allegation.objects.count() == 1


def test_unknown_codes_are_refused_by_field(api_as, submitter):
    r = api_as(submitter).post("/api/v1/submissions", {**BODY, "country": "QZZ", "forms": ["flying"],
                                                       "engagement": {"un_body": "NOPE"}})
    assert_error(r, 422)
    fields = r.json()["error"]["fields"]
    assert {"country", "forms", "un_body"} <= set(fields)
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("patch", [{"what_happened": ""}, {"incident_date": "2016-13"}, {"country": None},
                                   {"persons": [{"name": ""}]}, {"forms": "x"}])
def test_bad_input_is_a_422_never_a_500(api_as, submitter, patch):
    assert_error(api_as(submitter).post("/api/v1/submissions", {**BODY, **patch}), 422)


def test_a_nul_character_is_refused_naming_the_field(api_as, submitter):
    r = api_as(submitter).post("/api/v1/submissions", {**BODY, "what_happened": "a\u0000b"})
    assert_error(r, 400, "what_happened")
    assert Submission.objects.count() == 0


def test_case_officers_cannot_submit_as_an_entity(api_as, officer):
    assert_error(api_as(officer).post("/api/v1/submissions", BODY), 403)


def test_an_entity_sees_only_its_own_submissions(api_as, submitter, other_focal):
    mine = api_as(submitter).post("/api/v1/submissions", BODY).json()
    theirs = api_as(other_focal).post("/api/v1/submissions", BODY).json()
    listing = api_as(submitter).get("/api/v1/submissions").json()
    assert [item["id"] for item in listing["items"]] == [mine["id"]]
    assert api_as(submitter).get(f"/api/v1/submissions/{mine['id']}").status_code == 200
    assert_error(api_as(submitter).get(f"/api/v1/submissions/{theirs['id']}"), 404)
    assert_error(api_as(submitter).get("/api/v1/submissions/999999"), 404)


def test_the_sender_sees_the_status_and_the_case_reference_once_accepted(api_as, submitter, officer):
    api = api_as(submitter)
    sent = api.post("/api/v1/submissions", BODY).json()
    services.submission_take(actor=officer, submission=sent["id"])
    assert api.get(f"/api/v1/submissions/{sent['id']}").json()["status"] == "in_triage"
    case = services.submission_open_case(actor=officer, submission=sent["id"])
    got = api.get(f"/api/v1/submissions/{sent['id']}").json()
    assert got["status"] == "accepted" and got["case_reference"] == case.reference
    assert api.get("/api/v1/submissions", status="accepted").json()["items"][0]["id"] == sent["id"]
    assert api.get("/api/v1/submissions", status="received").json()["items"] == []


def test_the_list_is_cursor_paginated(api_as, submitter):
    api = api_as(submitter)
    for n in range(3):
        api.post("/api/v1/submissions", {**BODY, "sender_reference": f"P{n}"})
    first = api.get("/api/v1/submissions", limit=2).json()
    second = api.get("/api/v1/submissions", limit=2, cursor=first["next_cursor"]).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next_cursor"] is None


def test_the_openapi_schema_documents_submissions_with_examples(api_as, submitter):
    schema = api_as(submitter).get("/api/v1/openapi.json").json()
    assert {"post", "get"} <= set(schema["paths"]["/api/v1/submissions"])
    assert "/api/v1/submissions/{submission_id}" in schema["paths"]
    assert schema["components"]["schemas"]["SubmissionIn"]["examples"][0]["country"] == "BHR"
