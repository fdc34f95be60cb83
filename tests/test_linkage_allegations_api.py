"""The duplicate allegations API: the queue, one pair, decisions, groups of one incident, runs.

Bad input is a 4xx naming the field, never a 500; a pair decided meanwhile is 409; what the caller may
not see is 404.
"""

from __future__ import annotations

import pytest
from test_linkage_allegations_services import NGO_TEXT, SR_TEXT, pair, report

from reprisals.cases import services as cases
from reprisals.linkage import services
from reprisals.linkage.models import AllegationCandidate, CandidateStatus

pytestmark = pytest.mark.django_db
BASE = "/api/v1/linkage/allegation-candidates"


@pytest.fixture
def candidate(officer, reviewer):
    sr = report(officer, entity="SP", text=SR_TEXT)
    ngo = report(officer, entity="ISHR", text=NGO_TEXT, date="2016-03-14")
    services.allegation_duplicates_run(actor=reviewer)
    return pair(sr, ngo)


def test_the_queue_shows_both_allegations_side_by_side_with_the_score_and_reasons(api_as, candidate, officer):
    response = api_as(officer).get(BASE)
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["id"] == candidate.pk and item["kind"] == "duplicate" and item["status"] == "proposed"
    assert item["score"] > 0.9
    assert {item["a"]["reference"], item["b"]["reference"]} == {
        candidate.allegation_a.reference, candidate.allegation_b.reference}
    assert item["a"]["incident_dates"] == ["2016-03-12"] and item["a"]["un_bodies"] == ["HRC"]
    assert item["reasons"]["fields"]["dates"]["label"] == "within a week"
    assert "Protected Source Person" not in response.content.decode()


def test_accept_then_undo_through_the_api(api_as, candidate, officer):
    api = api_as(officer)
    accepted = api.post(f"{BASE}/{candidate.pk}/accept", {"note": "one arrest", "expected_status": "proposed"})
    assert accepted.status_code == 200, accepted.content
    group_id = accepted.json()["group_id"]
    assert accepted.json()["candidate"]["status"] == "accepted"
    group = api.get(f"/api/v1/linkage/incident-groups/{group_id}").json()
    assert [m["id"] for m in group["members"]] == [candidate.allegation_a_id, candidate.allegation_b_id]
    assert all(m["group_id"] == group_id for m in group["members"])
    out = api.post(f"/api/v1/linkage/incident-groups/{group_id}/unmerge", {"allegation": candidate.allegation_b_id})
    assert out.status_code == 200 and out.json() == {"group": None}
    assert api.get(f"{BASE}/{candidate.pk}").json()["status"] == "rejected"
    assert api.get(f"/api/v1/linkage/incident-groups/{group_id}").status_code == 404


def test_reject_and_defer_through_the_api(api_as, candidate, officer):
    api = api_as(officer)
    assert api.post(f"{BASE}/{candidate.pk}/defer", {}).json()["candidate"]["status"] == "deferred"
    assert api.post(f"{BASE}/{candidate.pk}/reject", {}).json()["candidate"]["status"] == "rejected"
    assert api.get(BASE, status="rejected").json()["items"][0]["id"] == candidate.pk
    assert api.get(BASE).json()["items"] == []


def test_a_stale_decision_is_409_naming_the_status_now(api_as, candidate, officer, reviewer):
    api_as(reviewer).post(f"{BASE}/{candidate.pk}/reject", {})
    for action in ("accept", "reject", "defer"):
        response = api_as(officer).post(f"{BASE}/{candidate.pk}/{action}", {"expected_status": "proposed"})
        assert response.status_code == 409, action
        assert response.json()["error"]["fields"] == {"expected_status": ["rejected"]}
    assert AllegationCandidate.objects.get(pk=candidate.pk).decided_by == reviewer


def test_bad_input_is_a_4xx_naming_the_field(api_as, candidate, officer):
    api = api_as(officer)
    cases_ = [
        (api.post(f"{BASE}/{candidate.pk}/reject", {"note": "x" * 600}), "note"),
        (api.post(f"{BASE}/{candidate.pk}/accept", {"expected_status": "maybe"}), "expected_status"),
        (api.get(BASE, status="maybe"), "status"),
        (api.get(BASE, limit=0), "limit"),
        (api.get(BASE, cursor="!!!"), "cursor"),
        (api.post("/api/v1/linkage/allegation-runs", {"threshold": 2}), "threshold"),
        (api.post(f"{BASE}/{candidate.pk}/accept", "{not json", raw=True), None),
    ]
    for response, field in cases_:
        assert 400 <= response.status_code < 500, (field, response.status_code, response.content)
        if field:
            assert any(field in name for name in response.json()["error"]["fields"]), (field, response.json())
    assert AllegationCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.PROPOSED


def test_unmerging_an_allegation_outside_the_group_names_the_field(api_as, candidate, officer):
    api = api_as(officer)
    group_id = api.post(f"{BASE}/{candidate.pk}/accept", {}).json()["group_id"]
    response = api.post(f"/api/v1/linkage/incident-groups/{group_id}/unmerge", {"allegation": 999999})
    assert response.status_code == 422 and "allegation" in response.json()["error"]["fields"]
    missing = api.post(f"/api/v1/linkage/incident-groups/{group_id}/unmerge", {})
    assert missing.status_code == 422 and any("allegation" in f for f in missing.json()["error"]["fields"])


def test_unknown_ids_are_404(api_as, candidate, officer):
    api = api_as(officer)
    assert api.get(f"{BASE}/999999").status_code == 404
    assert api.post(f"{BASE}/999999/accept", {}).status_code == 404
    assert api.get("/api/v1/linkage/incident-groups/999999").status_code == 404


def test_a_run_through_the_api(api_as, candidate, officer):
    response = api_as(officer).post("/api/v1/linkage/allegation-runs", {})
    assert response.status_code == 201
    assert response.json()["allegations"] == 2 and response.json()["proposed"] == 0


def test_roles_without_linkage_review_get_403_and_a_restricted_pair_is_404(api_as, candidate, focal, submitter,
                                                                            state_user, officer, senior):
    for user in (focal, submitter, state_user):
        api = api_as(user)
        assert api.get(BASE).status_code == 403
        assert api.post(f"{BASE}/{candidate.pk}/accept", {}).status_code == 403
        assert api.post("/api/v1/linkage/allegation-runs", {}).status_code == 403
    assert api_as(None).get(BASE).status_code == 401
    cases.case_restrict(actor=senior, case=candidate.allegation_a.case, restricted=True, members=[])
    assert api_as(officer).get(f"{BASE}/{candidate.pk}").status_code == 404
    assert api_as(officer).get(BASE).json()["items"] == []
    assert api_as(senior).get(f"{BASE}/{candidate.pk}").status_code == 200
