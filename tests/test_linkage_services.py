"""Linkage over the register: runs propose pairs, reviewers decide, merges keep every record and undo."""

from __future__ import annotations

import json

import pytest

from reprisals.cases import services as cases
from reprisals.cases.models import AffectedParty
from reprisals.core.audit import audit_verify
from reprisals.core.errors import Conflict, Forbidden
from reprisals.core.models import AuditEntry
from reprisals.linkage import services
from reprisals.linkage.models import CandidateStatus, MatchCandidate, Person, PersonLink

pytestmark = pytest.mark.django_db


def _party(case):
    return AffectedParty.objects.filter(case=case).order_by("pk").first()


@pytest.fixture
def khawaja(new_case):
    """Three reports of one man in three spellings, and one of his daughter."""
    cases_ = [new_case(name=n) for n in ("Abdulhadi Alkhawaja", "Abdul-Hadi al-Khawaja", "عبد الهادي الخواجة")]
    daughter = new_case(name="Zainab Al-Khawaja")
    return [_party(c) for c in cases_], _party(daughter)


def _pair(a, b):
    lo, hi = sorted([a.pk, b.pk])
    return MatchCandidate.objects.get(party_a_id=lo, party_b_id=hi)


def test_a_run_proposes_the_same_man_in_three_spellings_but_not_his_daughter(khawaja, reviewer):
    (a, b, c), daughter = khawaja
    run = services.linkage_run(actor=reviewer)
    assert run.parties == 4 and run.proposed >= 3
    proposed = set(MatchCandidate.objects.values_list("party_a_id", "party_b_id"))
    assert {tuple(sorted(p)) for p in [(a.pk, b.pk), (a.pk, c.pk), (b.pk, c.pk)]} <= proposed
    assert not any(daughter.pk in pair for pair in proposed)
    assert AuditEntry.objects.filter(action="linkage.run").count() == 1


def test_reasons_hold_levels_and_similarities_never_names(khawaja, reviewer):
    services.linkage_run(actor=reviewer)
    for candidate in MatchCandidate.objects.all():
        text = json.dumps(candidate.reasons, ensure_ascii=False).lower()
        assert "khawaja" not in text and "abd" not in text and "الخواجة" not in text
        assert candidate.reasons["fields"]["full_name"]["level"] >= 5
        assert 0 < candidate.score <= 1


def test_accepting_links_both_parties_into_one_person_and_keeps_every_record(khawaja, reviewer):
    (a, b, c), _daughter = khawaja
    services.linkage_run(actor=reviewer)
    person = services.candidate_accept(actor=reviewer, candidate=_pair(a, b))
    services.candidate_accept(actor=reviewer, candidate=_pair(b, c))
    assert set(PersonLink.objects.filter(person=person).values_list("party_id", flat=True)) == {a.pk, b.pk, c.pk}
    assert set(AffectedParty.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("name", flat=True)) == {
        "Abdulhadi Alkhawaja", "Abdul-Hadi al-Khawaja", "عبد الهادي الخواجة"}
    assert _pair(a, b).status == CandidateStatus.ACCEPTED and _pair(a, b).decided_by == reviewer
    assert AuditEntry.objects.filter(action="candidate.accept").count() == 2


def test_accepting_a_pair_across_two_persons_merges_them(khawaja, reviewer):
    (a, b, c), _daughter = khawaja
    services.linkage_run(actor=reviewer)
    first = services.candidate_accept(actor=reviewer, candidate=_pair(a, b))
    services.candidate_reject(actor=reviewer, candidate=_pair(a, c))
    services.candidate_accept(actor=reviewer, candidate=_pair(a, c))  # a rejection can be reversed explicitly
    assert Person.objects.count() == 1 and PersonLink.objects.filter(person=first).count() == 3


def test_a_rejected_pair_is_never_proposed_again(khawaja, reviewer):
    (a, b, c), _daughter = khawaja
    services.linkage_run(actor=reviewer)
    services.candidate_reject(actor=reviewer, candidate=_pair(a, b), note="two people")
    services.linkage_run(actor=reviewer)
    services.candidates_for_party(a, actor=reviewer)
    assert _pair(a, b).status == CandidateStatus.REJECTED
    assert MatchCandidate.objects.filter(party_a_id=min(a.pk, b.pk), party_b_id=max(a.pk, b.pk)).count() == 1
    entry = AuditEntry.objects.get(action="candidate.reject")
    assert entry.payload["parties"] == sorted([a.pk, b.pk])


def test_deferred_pairs_leave_the_queue_and_are_not_proposed_again(khawaja, reviewer):
    (a, b, _c), _daughter = khawaja
    services.linkage_run(actor=reviewer)
    services.candidate_defer(actor=reviewer, candidate=_pair(a, b))
    services.linkage_run(actor=reviewer)
    assert _pair(a, b).status == CandidateStatus.DEFERRED
    assert AuditEntry.objects.filter(action="candidate.defer").exists()


def test_an_accepted_pair_cannot_be_rejected_only_unmerged(khawaja, reviewer):
    (a, b, _c), _daughter = khawaja
    services.linkage_run(actor=reviewer)
    services.candidate_accept(actor=reviewer, candidate=_pair(a, b))
    with pytest.raises(Conflict):
        services.candidate_reject(actor=reviewer, candidate=_pair(a, b))


def test_unmerge_takes_one_report_out_rejects_its_ties_and_can_be_undone(khawaja, reviewer):
    (a, b, c), _daughter = khawaja
    services.linkage_run(actor=reviewer)
    person = services.candidate_accept(actor=reviewer, candidate=_pair(a, b))
    services.candidate_accept(actor=reviewer, candidate=_pair(a, c))
    remaining = services.person_unmerge(actor=reviewer, person=person, party=c)
    assert remaining == person
    assert set(PersonLink.objects.filter(person=person).values_list("party_id", flat=True)) == {a.pk, b.pk}
    assert _pair(a, c).status == CandidateStatus.REJECTED
    assert AffectedParty.objects.filter(pk=c.pk).exists()
    entry = AuditEntry.objects.get(action="person.unmerge")
    assert entry.payload["party"] == c.pk and entry.payload["dissolved"] is False
    services.linkage_run(actor=reviewer)
    assert _pair(a, c).status == CandidateStatus.REJECTED  # not proposed again
    services.candidate_accept(actor=reviewer, candidate=_pair(a, c))  # ... but the reviewer can undo
    assert PersonLink.objects.get(party=c).person == person
    assert audit_verify() is None


def test_unmerging_one_of_two_dissolves_the_person(khawaja, reviewer):
    (a, b, _c), _daughter = khawaja
    services.linkage_run(actor=reviewer)
    person = services.candidate_accept(actor=reviewer, candidate=_pair(a, b))
    assert services.person_unmerge(actor=reviewer, person=person, party=a) is None
    assert not Person.objects.exists() and not PersonLink.objects.exists()


def test_intake_proposes_matches_for_a_new_party(khawaja, reviewer, new_case, officer):
    services.linkage_run(actor=reviewer)
    case = new_case(name="Abdulhadi AL-KHAWAJA")
    made = services.candidates_for_party(_party(case), actor=officer)
    assert len(made) >= 2
    assert AuditEntry.objects.filter(action="linkage.propose").exists()


def test_anonymous_parties_are_left_out_unless_a_run_asks_for_them(new_case, officer, reviewer):
    case = new_case(name="Maryam Al-Khawaja")
    other = new_case(name="Someone Else")
    hidden = cases.party_add(actor=officer, case=other, is_anonymous=True, protected_name="Maryam Alkhawaja",
                             description="a woman human rights defender", roles=["human_rights_defender"])
    services.linkage_run(actor=reviewer)
    assert not MatchCandidate.objects.filter(party_b=hidden).exists()
    services.linkage_run(actor=reviewer, include_anonymous=True)
    candidate = MatchCandidate.objects.get(party_b=hidden)
    assert candidate.party_a == _party(case)
    assert "maryam" not in json.dumps(candidate.reasons).lower()
    assert AuditEntry.objects.filter(action="linkage.run", payload__include_anonymous=True).exists()
    entries = AuditEntry.objects.filter(action__startswith="linkage")
    assert not any("maryam" in json.dumps(e.payload).lower() for e in entries)


def test_no_key_made_from_an_anonymous_partys_real_name_is_kept(new_case, officer, reviewer):
    """A run that includes anonymous parties reads their real names in memory only: none of the blocking
    keys kept for intake (a name's words, skeletons, sound codes) is made from them."""
    from reprisals.linkage.models import PartyKey

    named = _party(new_case(name="Maryam Al-Khawaja"))
    hidden = cases.party_add(actor=officer, case=new_case(name="Someone Else"), is_anonymous=True,
                             protected_name="Maryam Alkhawaja", description="a woman human rights defender",
                             roles=["human_rights_defender"])
    services.linkage_run(actor=reviewer, include_anonymous=True)
    assert MatchCandidate.objects.filter(party_b=hidden).exists()
    assert PartyKey.objects.filter(party=named).exists()
    assert not PartyKey.objects.filter(party=hidden).exists()


def test_a_party_made_anonymous_or_erased_keeps_no_key(new_case, officer, reviewer,
                                                      django_capture_on_commit_callbacks):
    from reprisals.cases.erasure import erasure_confirm, erasure_request
    from reprisals.linkage.models import PartyKey

    turned, erased = (_party(new_case(name=n)) for n in ("Maryam Al-Khawaja", "Zainab Al-Khawaja"))
    services.linkage_run(actor=reviewer)
    assert PartyKey.objects.filter(party=turned).exists() and PartyKey.objects.filter(party=erased).exists()
    with django_capture_on_commit_callbacks(execute=True):
        cases.party_update(actor=officer, party=turned, is_anonymous=True, protected_name="Maryam Al-Khawaja",
                           description="a woman human rights defender")
    assert not PartyKey.objects.filter(party=turned).exists()
    request = erasure_request(actor=officer, party=erased, reason="The person asked to be erased.")
    erasure_confirm(actor=reviewer, request=request)
    assert not PartyKey.objects.filter(party=erased).exists()


def test_roles_without_linkage_review_cannot_decide_or_run(khawaja, reviewer, focal, auditor):
    (a, b, _c), _daughter = khawaja
    services.linkage_run(actor=reviewer)
    for user in (focal, auditor):
        with pytest.raises(Forbidden):
            services.candidate_accept(actor=user, candidate=_pair(a, b))
        with pytest.raises(Forbidden):
            services.linkage_run(actor=user)
