"""The follow-up API: communications, responses, assessments, developments, a State's record and the
State portal, with the one error shape and a named field for every bad input."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from reprisals.cases import services as case_services
from reprisals.cases.models import CaseStatus
from reprisals.core.models import AuditEntry
from reprisals.followup.models import Assessment, Communication, StateResponse
from reprisals.reference.models import Country
from tests.dates import iso, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_case(consenting_case):
    """Communications name these cases, and a case is raised only with its parties' consent."""
    return consenting_case

PDF64 = base64.b64encode(b"%PDF-1.4 letter").decode()


def assert_error(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    if field:
        assert field in body["error"]["fields"], body


def verified(case, actor):
    for status in (CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED):
        case = case_services.case_transition(actor=actor, case=case, to_status=status, reason="ok",
                                             expected_version=None)
    return case


def letter(case_ids, **extra):
    body = {"country": "BHR", "kind": "sp_allegation_letter", "un_body": "SR-HRD", "symbol": "AL BHR 3/2024",
            "sent_on": today().isoformat(), "summary": "Allegation letter about the detention.",
            "internal_notes": "Mission seemed receptive", "case_ids": case_ids,
            "attachments": [{"filename": "letter.pdf", "content_base64": PDF64, "shown_to_state": True}]}
    body.update(extra)
    return body


def test_record_a_communication_and_read_it_back(api_as, officer, new_case):
    case = verified(new_case(), officer)
    api = api_as(officer)
    r = api.post("/api/v1/communications", letter([case.pk]))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["deadline"] == (today() + dt.timedelta(days=60)).isoformat()
    assert body["deadline_state"] == "pending" and body["cases"][0]["status"] == "awaiting_response"
    assert body["attachments"][0]["filename"] == "letter.pdf" and body["attachments"][0]["shown_to_state"]
    again = api.get(f"/api/v1/communications/{body['id']}")
    assert again.status_code == 200 and again.json()["internal_notes"] == "Mission seemed receptive"
    download = api.get(f"/api/v1/followup-attachments/{body['attachments'][0]['id']}")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 letter"
    assert "attachment" in download["Content-Disposition"]
    listed = api.get(f"/api/v1/cases/{case.pk}/communications").json()
    assert [c["id"] for c in listed] == [body["id"]]


@pytest.mark.parametrize("change,field", [
    ({"deadline": dt.timedelta(days=-1)}, "deadline"),  # yesterday, read by iso() when the test runs
    ({"sent_on": dt.timedelta(days=-200)}, "deadline"),
    ({"sent_on": "2024-02-30"}, "sent_on"),
    ({"kind": "telegram"}, "kind"),
    ({"un_body": "NOPE"}, "un_body"),
    ({"country": "QZZ"}, "country"),
    ({"case_ids": []}, "case_ids"),
    ({"summary": " "}, "summary"),
    ({"attachments": [{"filename": "x.pdf", "content_base64": "***"}]}, "attachments.0.content_base64"),
    ({"attachments": [{"filename": "x.exe", "content_base64": PDF64}]}, "attachments"),
])
def test_bad_communications_are_refused_naming_the_field_and_nothing_is_saved(api_as, officer, new_case, change,
                                                                                field):
    case = new_case()
    change = {name: iso(value) for name, value in change.items()}
    r = api_as(officer).post("/api/v1/communications", {**letter([case.pk]), **change})
    assert_error(r, 422, field)
    assert not Communication.objects.exists()


def test_overdue_and_due_soon_lists_with_filters_and_cursor(api_as, officer, new_case, clock):
    case = new_case()
    api = api_as(officer)
    made = [api.post("/api/v1/communications", letter([case.pk], kind="sp_urgent_appeal", symbol=f"UA {i}",
                                                      attachments=[])).json()["id"] for i in range(3)]
    other = api.post("/api/v1/communications", letter([case.pk], symbol="AL", attachments=[])).json()["id"]
    clock(31)
    first = api.get("/api/v1/communications", overdue="true", limit=2).json()
    assert [i["id"] for i in first["items"]] == [made[2], made[1]] and first["next_cursor"]
    second = api.get("/api/v1/communications", overdue="true", limit=2, cursor=first["next_cursor"]).json()
    assert [i["id"] for i in second["items"]] == [made[0]] and second["next_cursor"] is None
    soon = api.get("/api/v1/communications", due_soon="true", days=30).json()["items"]
    assert [i["id"] for i in soon] == [other] and soon[0]["deadline_state"] == "due_soon"
    assert api.get("/api/v1/communications", overdue="true", state="SAU").json()["items"] == []
    assert len(api.get("/api/v1/communications", overdue="true", un_body="SR-HRD").json()["items"]) == 3
    assert_error(api.get("/api/v1/communications", overdue="true", cursor="%%%"), 422, "cursor")
    assert_error(api.get("/api/v1/communications", state="QZZ"), 422, "state")


def test_responses_assessments_and_closing_through_the_api(api_as, officer, reviewer, new_case):
    case = verified(new_case(), officer)
    officer_api, reviewer_api = api_as(officer), api_as(reviewer)
    cid = officer_api.post("/api/v1/communications", letter([case.pk])).json()["id"]
    r = officer_api.post(f"/api/v1/communications/{cid}/responses",
                         {"received_on": today().isoformat(), "summary": "Investigation opened, remedy paid.",
                          "channel": "note_verbale"})
    assert r.status_code == 201, r.content
    response_id = r.json()["id"]
    assert r.json()["late"] is False
    assert_error(officer_api.post(f"/api/v1/communications/{cid}/responses",
                                  {"received_on": today().isoformat(),
                                   "summary": "Investigation opened, remedy paid."}),
                 422, "summary")
    assert_error(officer_api.post(f"/api/v1/communications/{cid}/responses",
                                  {"received_on": "2000-01-01", "summary": "Old"}), 422, "received_on")
    assert_error(officer_api.post(f"/api/v1/communications/{cid}/assessments",
                                  {"level": "adequate", "reason": "", "response_id": response_id}), 422, "reason")
    r = officer_api.post(f"/api/v1/communications/{cid}/assessments",
                         {"level": "adequate", "reason": "Investigation and remedy", "response_id": response_id,
                          "investigation_opened": True, "remedy_provided": True})
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    assert_error(officer_api.post(f"/api/v1/assessments/{aid}/confirm", {}), 403)
    r = reviewer_api.post(f"/api/v1/assessments/{aid}/confirm", {"note": "Agreed", "close_cases": True})
    assert r.status_code == 200, r.content
    assert r.json()["closed_cases"] == [case.reference]
    assert r.json()["assessment"]["decided_by"] == "reviewer"
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED_ADEQUATELY_ADDRESSED
    assert_error(reviewer_api.post(f"/api/v1/assessments/{aid}/return", {"note": "late"}), 409)


def test_returning_an_assessment_needs_a_note(api_as, officer, reviewer, new_case):
    case = new_case()
    cid = api_as(officer).post("/api/v1/communications", letter([case.pk])).json()["id"]
    rid = api_as(officer).post(f"/api/v1/communications/{cid}/responses",
                               {"received_on": today().isoformat(), "summary": "Noted."}).json()["id"]
    aid = api_as(officer).post(f"/api/v1/communications/{cid}/assessments",
                               {"level": "acknowledgement", "reason": "Only noted", "response_id": rid}).json()["id"]
    assert_error(api_as(reviewer).post(f"/api/v1/assessments/{aid}/return", {"note": " "}), 422, "note")
    r = api_as(reviewer).post(f"/api/v1/assessments/{aid}/return", {"note": "Say what was noted"})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    assert Assessment.objects.get(pk=aid).decided_by == reviewer


def test_developments_through_the_api(api_as, officer, focal, new_case):
    case = new_case()
    r = api_as(officer).post(f"/api/v1/cases/{case.pk}/developments",
                             {"kind": "new_charges", "date": "2024-05", "description": "Charged with terrorism."})
    assert r.status_code == 201, r.content and r.json()["date"] == "2024-05"
    assert_error(api_as(officer).post(f"/api/v1/cases/{case.pk}/developments",
                                      {"kind": "release", "date": "2024-13", "description": "x"}), 422, "date")
    listed = api_as(focal).get(f"/api/v1/cases/{case.pk}/developments").json()
    assert [d["kind"] for d in listed] == ["new_charges"]


def test_a_states_record_endpoint(api_as, officer, reviewer, new_case, state_user):
    case = new_case()
    api_as(officer).post("/api/v1/communications", letter([case.pk]))
    r = api_as(reviewer).get("/api/v1/states/BHR/record", **{"from": "2020-01-01"})
    assert r.status_code == 200, r.content
    assert r.json()["sent"] == 1 and r.json()["answered"] == 0 and r.json()["median_days_to_answer"] is None
    assert_error(api_as(reviewer).get("/api/v1/states/BHR/record", **{"from": "2024-02-01", "to": "2024-01-01"}),
                 422, "from")
    assert_error(api_as(reviewer).get("/api/v1/states/QZZ/record"), 422, "state")
    assert_error(api_as(state_user).get("/api/v1/states/BHR/record"), 403)


# ---------------------------------------------------------------- the State portal


def test_the_state_portal_lists_reads_and_answers_its_own_states_communications(api_as, officer, state_user,
                                                                                 new_case, clock):
    own = new_case()
    saudi = new_case(country=Country.objects.get(iso3="SAU"), title="Saudi case", name="Other Person")
    cid = api_as(officer).post("/api/v1/communications", letter([own.pk])).json()["id"]
    other = api_as(officer).post("/api/v1/communications", letter([saudi.pk], country="SAU",
                                                                   symbol="AL SAU 1/2024")).json()["id"]
    portal = api_as(state_user)
    listed = portal.get("/api/v1/portal/communications")
    assert listed.status_code == 200 and [c["id"] for c in listed.json()] == [cid]
    assert "Mission seemed receptive" not in listed.content.decode()
    detail = portal.get(f"/api/v1/portal/communications/{cid}")
    assert detail.status_code == 200 and "Mission seemed receptive" not in detail.content.decode()
    assert own.reference not in detail.content.decode() and "Maryam" not in detail.content.decode()
    file_id = detail.json()["attachments"][0]["id"]
    assert portal.get(f"/api/v1/portal/attachments/{file_id}").content == b"%PDF-1.4 letter"
    assert_error(portal.get(f"/api/v1/portal/communications/{other}"), 404)
    assert_error(portal.post(f"/api/v1/portal/communications/{other}/responses", {"summary": "x"}), 404)
    clock(61)
    r = portal.post(f"/api/v1/portal/communications/{cid}/responses",
                    {"summary": "An investigation was opened.",
                     "attachments": [{"filename": "reply.pdf", "content_base64": PDF64}]})
    assert r.status_code == 201, r.content
    assert r.json()["late"] is True and r.json()["channel"] == "portal"
    assert StateResponse.objects.get().submitted_by == state_user
    actions = set(AuditEntry.objects.filter(actor_id=state_user.pk).values_list("action", flat=True))
    assert {"portal.view", "portal.download", "response.record"} <= actions


def test_staff_cannot_use_the_portal_and_state_users_cannot_use_staff_endpoints(api_as, officer, state_user,
                                                                                 new_case):
    case = new_case()
    cid = api_as(officer).post("/api/v1/communications", letter([case.pk])).json()["id"]
    assert_error(api_as(officer).get("/api/v1/portal/communications"), 403)
    assert_error(api_as(state_user).get(f"/api/v1/communications/{cid}"), 403)
    assert_error(api_as(state_user).post(f"/api/v1/communications/{cid}/responses",
                                         {"received_on": today().isoformat(), "summary": "x"}), 403)


def test_an_id_past_what_a_database_holds_is_a_named_error_not_a_server_error(api_as, officer):
    api = api_as(officer)
    huge = str(2**88)  # the fuzzer's find: SQLite's driver raised OverflowError, a 500
    assert_error(api.get("/api/v1/communications", case=huge, overdue="true"), 422, "case")
    assert_error(api.get("/api/v1/communications", case="-1"), 422, "case")
    assert api.get("/api/v1/communications", case=str(2**63 - 1)).json()["items"] == []
