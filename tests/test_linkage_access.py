"""Who may see and decide linkage, through the API and the staff pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.cases import services as cases
from reprisals.cases.models import AffectedParty
from reprisals.core.models import AuditEntry
from reprisals.linkage import services
from reprisals.linkage.models import CandidateStatus, LinkageRun, MatchCandidate, PersonLink
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(new_case, reviewer):
    first = new_case(name="Ales Bialiatski")
    second = new_case(name="Алесь Бяляцкі")
    services.linkage_run(actor=reviewer)
    return MatchCandidate.objects.get(party_a=AffectedParty.objects.get(case=first),
                                      party_b=AffectedParty.objects.get(case=second))


def test_roles_without_linkage_review_get_403_from_the_api(api_as, candidate, focal, auditor, state_user, submitter,
                                                           admin_user):
    for user in (focal, auditor, state_user, submitter, admin_user):
        api = api_as(user)
        assert api.get("/api/v1/linkage/candidates").status_code == 403
        assert api.post(f"/api/v1/linkage/candidates/{candidate.pk}/accept", {}).status_code == 403
        assert api.get("/api/v1/linkage/patterns").status_code == 403
        assert api.post("/api/v1/linkage/runs", {}).status_code == 403
    assert api_as(None).get("/api/v1/linkage/candidates").status_code == 401
    assert MatchCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.PROPOSED


def test_the_queue_shows_both_reports_side_by_side_with_reasons(api_as, candidate, officer):
    body = api_as(officer).get("/api/v1/linkage/candidates").json()
    item = next(i for i in body["items"] if i["id"] == candidate.pk)
    assert {item["a"]["display_name"], item["b"]["display_name"]} == {"Ales Bialiatski", "Алесь Бяляцкі"}
    assert item["a"]["country"] == "BHR" and item["reasons"]["transliterated"] is True
    assert item["reasons"]["fields"]["full_name"]["label"] == "same after transliteration"


def test_accept_then_unmerge_through_the_api(api_as, candidate, officer):
    api = api_as(officer)
    accepted = api.post(f"/api/v1/linkage/candidates/{candidate.pk}/accept", {"note": "same man"})
    assert accepted.status_code == 200, accepted.content
    person_id = accepted.json()["person_id"]
    assert accepted.json()["candidate"]["status"] == "accepted"
    person = api.get(f"/api/v1/linkage/persons/{person_id}").json()
    assert len(person["members"]) == 2
    out = api.post(f"/api/v1/linkage/persons/{person_id}/unmerge", {"party": candidate.party_b_id})
    assert out.status_code == 200 and out.json()["person"] is None
    assert api.get(f"/api/v1/linkage/candidates/{candidate.pk}").json()["status"] == "rejected"
    bad = api.post(f"/api/v1/linkage/candidates/{candidate.pk}/reject", {"note": "x" * 600})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_failed"


def test_reject_and_defer_through_the_api(api_as, candidate, officer):
    api = api_as(officer)
    assert api.post(f"/api/v1/linkage/candidates/{candidate.pk}/defer", {}).json()["candidate"]["status"] == "deferred"
    assert api.post(f"/api/v1/linkage/candidates/{candidate.pk}/reject", {}).json()["candidate"]["status"] == "rejected"
    assert api.get("/api/v1/linkage/candidates", status="rejected").json()["items"][0]["id"] == candidate.pk
    assert api.get("/api/v1/linkage/candidates/999999").status_code == 404


def test_a_restricted_case_keeps_its_candidates_out_of_other_reviewers_sight(api_as, candidate, senior, officer):
    cases.case_restrict(actor=senior, case=candidate.party_a.case, restricted=True, members=[])
    assert api_as(officer).get(f"/api/v1/linkage/candidates/{candidate.pk}").status_code == 404
    assert api_as(senior).get(f"/api/v1/linkage/candidates/{candidate.pk}").status_code == 200


def test_pages_need_linkage_review(candidate, focal, auditor, officer):
    client = Client()
    assert client.get(reverse("linkage_queue")).status_code == 302  # to the login page
    for user in (focal, auditor):
        client.force_login(user)
        assert client.get(reverse("linkage_queue")).status_code == 403
        assert client.get(reverse("linkage_patterns")).status_code == 403
        assert client.post(reverse("linkage_decide", args=[candidate.pk]), {"decision": "accept"}).status_code == 403
    assert MatchCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.PROPOSED
    for user in (focal, auditor):
        client.force_login(user)
        assert client.post(reverse("linkage_run")).status_code == 403
    assert not LinkageRun.objects.filter(started_by__in=[focal, auditor]).exists()


def test_a_reviewer_looks_for_matches_now_from_the_queue(new_case, officer):
    first = new_case(name="Abdulhadi Alkhawaja")
    second = new_case(name="Abdul-Hadi al-Khawaja")
    client = client_for(officer)
    assert client.get(reverse("linkage_run")).status_code == 405
    page = client.get(reverse("linkage_queue")).content.decode()
    assert "Look for matches now" in page and "No pairs with this status." in page
    response = client.post(reverse("linkage_run"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(reverse("linkage_queue"), 302)]
    assert "2 reports compared; 1 new pairs proposed." in html and "Abdul-Hadi al-Khawaja" in html
    assert MatchCandidate.objects.filter(party_a=AffectedParty.objects.get(case=first),
                                         party_b=AffectedParty.objects.get(case=second)).exists()
    run = LinkageRun.objects.get()
    assert run.started_by == officer and not run.include_anonymous
    assert AuditEntry.objects.filter(action="linkage.run", actor_id=officer.pk).count() == 1


def test_a_reviewer_links_and_unlinks_in_the_pages(candidate, officer):
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("linkage_queue"))
    html = page.content.decode()
    assert page.status_code == 200 and "Ales Bialiatski" in html and "Алесь Бяляцкі" in html
    assert "same after transliteration" in html
    assert client.get(reverse("linkage_decide", args=[candidate.pk])).status_code == 405
    done = client.post(reverse("linkage_decide", args=[candidate.pk]), {"decision": "accept"})
    assert done.status_code == 302
    person = PersonLink.objects.get(party=candidate.party_a).person
    page = client.get(reverse("linkage_person", args=[person.pk]))
    assert page.status_code == 200 and "Not this person" in page.content.decode()
    client.post(reverse("linkage_unmerge", args=[person.pk]), {"party": candidate.party_b_id})
    assert not PersonLink.objects.exists()
    assert MatchCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.REJECTED


def test_the_patterns_page_shows_a_person_targeted_again_and_a_family(new_case, officer, reviewer):
    from reprisals.cases.models import Case

    first = new_case(name="Abdulhadi Alkhawaja")
    second = new_case(name="Abdul-Hadi al-Khawaja")
    Case.objects.filter(pk=second.pk).update(year=2021)
    new_case(name="Zainab Al-Khawaja")
    services.linkage_run(actor=reviewer)
    pair = MatchCandidate.objects.get(party_a=AffectedParty.objects.get(case=first),
                                      party_b=AffectedParty.objects.get(case=second))
    services.candidate_accept(actor=reviewer, candidate=pair)
    client = Client()
    client.force_login(officer)
    html = client.get(reverse("linkage_patterns")).content.decode()
    assert "Abdulhadi Alkhawaja" in html and "Zainab Al-Khawaja" in html
    api = __import__("reprisals.accounts.services", fromlist=["token_create"])
    token = api.token_create(actor=None, user=officer)
    body = Client().get("/api/v1/linkage/patterns", headers={"Authorization": f"Bearer {token}"}).json()
    assert body["families"] and body["families"][0]["country"] == "BHR"


def test_a_run_through_the_api_takes_a_threshold_between_0_and_1(api_as, candidate, officer):
    """As `reprisals link run --threshold`: out of range is refused naming the field, and nothing runs."""
    from reprisals.core.models import AuditEntry
    from reprisals.linkage.models import LinkageRun

    api = api_as(officer)
    runs = LinkageRun.objects.count()
    for bad in (5, -1, 0, 1, "abc"):
        response = api.post("/api/v1/linkage/runs", {"threshold": bad})
        assert response.status_code == 422, (bad, response.content)
        assert "threshold" in response.json()["error"]["fields"], response.json()
    assert LinkageRun.objects.count() == runs
    assert api.post("/api/v1/linkage/runs", {"threshold": 0.9}).status_code == 201
    assert AuditEntry.objects.filter(action="linkage.run").latest("id").payload["threshold"] == 0.9
