"""Deciding pairs of reports as reviewers really do: a second click, two tabs, a stale page after an
unmerge. A decision names the status the reviewer saw; a pair decided meanwhile is refused, not
decided twice, and the reviewer is told."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from reprisals.cases.models import AffectedParty
from reprisals.core.models import AuditEntry
from reprisals.linkage import services
from reprisals.linkage.models import CandidateStatus, MatchCandidate, Person, PersonLink
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(new_case, reviewer):
    first = new_case(name="Ales Bialiatski")
    second = new_case(name="Алесь Бяляцкі")
    services.linkage_run(actor=reviewer)
    return MatchCandidate.objects.get(party_a=AffectedParty.objects.get(case=first),
                                      party_b=AffectedParty.objects.get(case=second))


def _decide(client, candidate, decision, seen):
    return client.post(reverse("linkage_decide", args=[candidate.pk]),
                       {"decision": decision, "expected_status": seen, "next": "/linkage/"})


def test_the_queue_form_sends_the_status_the_reviewer_saw(candidate, officer):
    page = client_for(officer).get(reverse("linkage_queue")).content.decode()
    assert 'name="expected_status" value="proposed"' in page


def test_a_second_click_on_accept_is_refused_and_audited_once(candidate, officer):
    client = client_for(officer)
    _decide(client, candidate, "accept", "proposed")
    again = _decide(client, candidate, "accept", "proposed")
    assert again.status_code == 302
    assert any("already decided" in str(m) for m in get_messages(again.wsgi_request))
    assert AuditEntry.objects.filter(action="candidate.accept", object_id=str(candidate.pk)).count() == 1


def test_a_pair_rejected_in_one_tab_is_not_linked_from_a_stale_tab(candidate, officer, reviewer):
    _decide(client_for(reviewer), candidate, "reject", "proposed")
    stale = _decide(client_for(officer), candidate, "accept", "proposed")
    assert any("already decided" in str(m) for m in get_messages(stale.wsgi_request))
    assert MatchCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.REJECTED
    assert not PersonLink.objects.exists() and not Person.objects.exists()


def test_a_stale_defer_does_not_turn_a_rejection_into_a_deferral(candidate, officer, reviewer):
    _decide(client_for(reviewer), candidate, "reject", "proposed")
    _decide(client_for(officer), candidate, "defer", "proposed")
    assert MatchCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.REJECTED


def test_after_an_unmerge_a_stale_accept_does_not_merge_again(candidate, officer, reviewer):
    person = services.candidate_accept(actor=reviewer, candidate=candidate)
    services.person_unmerge(actor=reviewer, person=person, party=candidate.party_b_id)
    _decide(client_for(officer), candidate, "accept", "proposed")
    assert MatchCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.REJECTED
    assert not PersonLink.objects.exists()


def test_a_rejection_is_still_reversed_from_the_rejected_list(candidate, officer):
    client = client_for(officer)
    _decide(client, candidate, "reject", "proposed")
    page = client.get(reverse("linkage_queue"), {"status": "rejected"}).content.decode()
    assert 'name="expected_status" value="rejected"' in page
    _decide(client, candidate, "accept", "rejected")
    assert MatchCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.ACCEPTED


def test_the_api_refuses_a_second_accept_with_409_and_the_status_now(api_as, candidate, officer):
    api = api_as(officer)
    assert api.post(f"/api/v1/linkage/candidates/{candidate.pk}/accept", {}).status_code == 200
    again = api.post(f"/api/v1/linkage/candidates/{candidate.pk}/accept", {})
    assert again.status_code == 409
    assert again.json()["error"]["fields"] == {"expected_status": ["accepted"]}
    assert AuditEntry.objects.filter(action="candidate.accept", object_id=str(candidate.pk)).count() == 1


def test_the_api_accepts_a_rejected_pair_only_when_told_it_was_rejected(api_as, candidate, officer):
    api = api_as(officer)
    api.post(f"/api/v1/linkage/candidates/{candidate.pk}/reject", {})
    assert api.post(f"/api/v1/linkage/candidates/{candidate.pk}/accept", {}).status_code == 409
    ok = api.post(f"/api/v1/linkage/candidates/{candidate.pk}/accept", {"expected_status": "rejected"})
    assert ok.status_code == 200 and ok.json()["candidate"]["status"] == "accepted"
    bad = api.post(f"/api/v1/linkage/candidates/{candidate.pk}/defer", {"expected_status": "maybe"})
    assert bad.status_code == 422 and "expected_status" in bad.json()["error"]["fields"]


@pytest.fixture
def three_spellings(new_case, reviewer):
    ids = [AffectedParty.objects.get(case=new_case(name=n)).pk
           for n in ("Ales Bialiatski", "Ales Bialiatsky", "Ales Byalyatski")]

    def pair(x, y):
        a, b = sorted((ids[x], ids[y]))
        return MatchCandidate.objects.get_or_create(party_a_id=a, party_b_id=b, defaults={"score": 0.9})[0]

    return pair


def test_a_pair_already_one_person_through_other_links_leaves_the_queue_and_comes_back_when_parted(
        three_spellings, api_as, officer, reviewer):
    pair = three_spellings
    ab, ac, bc = pair(0, 1), pair(0, 2), pair(1, 2)
    person = services.candidate_accept(actor=reviewer, candidate=ab)
    services.candidate_accept(actor=reviewer, candidate=ac)
    listed = [i["id"] for i in api_as(officer).get("/api/v1/linkage/candidates").json()["items"]]
    assert bc.pk not in listed
    assert f"candidate-{bc.pk}" not in client_for(officer).get(reverse("linkage_queue")).content.decode()
    services.person_unmerge(actor=reviewer, person=person, party=bc.party_b_id)
    assert bc.pk in [i["id"] for i in api_as(officer).get("/api/v1/linkage/candidates").json()["items"]]


def test_rejecting_a_pair_already_one_person_through_other_links_is_refused(three_spellings, api_as, officer,
                                                                            reviewer):
    pair = three_spellings
    services.candidate_accept(actor=reviewer, candidate=pair(0, 1))
    services.candidate_accept(actor=reviewer, candidate=pair(0, 2))
    refused = api_as(officer).post(f"/api/v1/linkage/candidates/{pair(1, 2).pk}/reject", {})
    assert refused.status_code == 409 and "already one person" in refused.json()["error"]["message"]
    assert MatchCandidate.objects.get(pk=pair(1, 2).pk).status == CandidateStatus.PROPOSED


def test_a_pair_of_allegations_already_one_incident_leaves_the_queue_and_cannot_be_rejected(api_as, officer,
                                                                                          reviewer):
    from test_linkage_allegations_services import SR_TEXT, pair, report

    a, b, c = (report(officer, entity=e, text=SR_TEXT) for e in ("SP", "ISHR", "CAT"))
    services.allegation_duplicates_run(actor=reviewer)
    services.allegation_candidate_accept(actor=reviewer, candidate=pair(a, b))
    services.allegation_candidate_accept(actor=reviewer, candidate=pair(a, c))
    api = api_as(officer)
    listed = [i["id"] for i in api.get("/api/v1/linkage/allegation-candidates").json()["items"]]
    assert pair(b, c).pk not in listed
    refused = api.post(f"/api/v1/linkage/allegation-candidates/{pair(b, c).pk}/reject", {})
    assert refused.status_code == 409 and "already one incident" in refused.json()["error"]["message"]
