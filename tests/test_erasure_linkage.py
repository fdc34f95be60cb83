"""An erasure leaves nothing in linkage that names the person or ties the erased record to a named record
of the same person: the reviewers' notes lose the name, the erased party's link to its person and every
candidate pair involving it go, and the duplicate-allegation pairs and groups of its case go too."""

from __future__ import annotations

import pytest

from reprisals.cases.erasure import ERASED, erasure_confirm, erasure_request
from reprisals.cases.models import AffectedParty
from reprisals.linkage import services
from reprisals.linkage.models import (
    AllegationCandidate,
    IncidentGroupMember,
    MatchCandidate,
    Person,
    PersonLink,
)

pytestmark = pytest.mark.django_db
NAME_A = "Abdulhadi Alkhawaja"
NAME_B = "Abdul-Hadi al-Khawaja"


def test_the_erased_record_is_no_longer_linked_nor_named_in_linkage(new_case, officer, reviewer, senior, api_as):
    case_a, case_b = new_case(name=NAME_A), new_case(name=NAME_B)
    a = AffectedParty.objects.get(case=case_a)
    b = AffectedParty.objects.get(case=case_b)
    services.linkage_run(actor=reviewer)
    lo, hi = sorted([a.pk, b.pk])
    candidate = MatchCandidate.objects.get(party_a_id=lo, party_b_id=hi)
    person = services.candidate_accept(actor=reviewer, candidate=candidate,
                                       note=f"Same man: {NAME_A}, confirmed by his lawyer.")

    erasure_confirm(actor=senior, request=erasure_request(actor=officer, party=a, reason="His request."))

    assert not PersonLink.objects.filter(party=a).exists()
    assert not MatchCandidate.objects.filter(party_a=a).exists() and not MatchCandidate.objects.filter(party_b=a)
    assert not Person.objects.filter(pk=person.pk).exists()  # one record left: no person any more
    assert api_as(reviewer).get(f"/api/v1/linkage/candidates/{candidate.pk}").status_code == 404
    assert api_as(reviewer).get(f"/api/v1/linkage/persons/{person.pk}").status_code == 404
    assert AffectedParty.objects.get(pk=b.pk).name == NAME_B  # the other case's record is not touched


def test_a_person_of_three_keeps_the_other_two(new_case, officer, reviewer, senior):
    cases = [new_case(name=n) for n in (NAME_A, NAME_B, "Abdulhadi al Khawaja")]
    parties = [AffectedParty.objects.get(case=c) for c in cases]
    services.linkage_run(actor=reviewer)
    person = None
    for candidate in MatchCandidate.objects.filter(party_a__in=parties, party_b__in=parties):
        person = services.candidate_accept(actor=reviewer, candidate=candidate, note="")
    erasure_confirm(actor=senior, request=erasure_request(actor=officer, party=parties[0], reason="His request."))
    assert set(PersonLink.objects.filter(person=person).values_list("party_id", flat=True)) == {
        parties[1].pk, parties[2].pk}


def test_notes_on_other_pairs_lose_the_name(new_case, officer, reviewer, senior):
    case_a = new_case(name=NAME_A)
    others = [new_case(name=n) for n in ("Maryam Alkhawaja", "Maryam al-Khawaja")]
    services.linkage_run(actor=reviewer)
    ids = [AffectedParty.objects.get(case=c).pk for c in others]
    pair = MatchCandidate.objects.get(party_a_id=min(ids), party_b_id=max(ids))
    services.candidate_accept(actor=reviewer, candidate=pair, note=f"Daughter of {NAME_A}.")
    a = AffectedParty.objects.get(case=case_a)
    erasure_confirm(actor=senior, request=erasure_request(actor=officer, party=a, reason="His request."))
    assert MatchCandidate.objects.get(pk=pair.pk).note == f"Daughter of {ERASED}."


def test_duplicate_allegation_pairs_of_the_case_go(new_case, officer, reviewer, senior):
    case_a, case_b = new_case(name=NAME_A), new_case(name=NAME_B)
    services.allegation_duplicates_run(actor=reviewer)
    mine = set(case_a.allegations.values_list("pk", flat=True))
    candidates = list(AllegationCandidate.objects.filter(allegation_a__in=mine) |
                      AllegationCandidate.objects.filter(allegation_b__in=mine))
    assert candidates  # the same incident, reported in both cases
    services.allegation_candidate_accept(actor=reviewer, candidate=candidates[0], note=f"{NAME_A} twice.")
    a = AffectedParty.objects.get(case=case_a)
    erasure_confirm(actor=senior, request=erasure_request(actor=officer, party=a, reason="His request."))
    assert not AllegationCandidate.objects.filter(pk__in=[c.pk for c in candidates]).exists()
    assert not IncidentGroupMember.objects.filter(allegation__case__in=[case_a, case_b]).exists()
