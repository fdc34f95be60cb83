"""Taking a report out of a person when it was the bridge between others: reports linked to each
other only through it are not left as one person on no evidence."""

from __future__ import annotations

import pytest

from reprisals.cases.models import AffectedParty
from reprisals.core.audit import audit_verify
from reprisals.core.models import AuditEntry
from reprisals.linkage import services
from reprisals.linkage.models import CandidateStatus, MatchCandidate, Person, PersonLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(new_case):
    """Four reports A, B, C, D, with candidate pairs A-B, B-C, C-D and A-C."""
    ids = [AffectedParty.objects.get(case=new_case(name=n)).pk
           for n in ("Ales Bialiatski", "Ales Bialiatsky", "Ales Byalyatski", "Aleś Bialacki")]

    def pair(x, y):
        a, b = sorted((ids[x], ids[y]))
        return MatchCandidate.objects.get_or_create(party_a_id=a, party_b_id=b, defaults={"score": 0.9})[0]

    return ids, pair


def _members(person):
    return sorted(PersonLink.objects.filter(person=person).values_list("party_id", flat=True))


def test_taking_out_the_bridge_of_three_unlinks_the_two_it_joined(chain, reviewer):
    (a, b, c, _d), pair = chain
    person = services.candidate_accept(actor=reviewer, candidate=pair(0, 1))
    services.candidate_accept(actor=reviewer, candidate=pair(1, 2))
    unlinked_pair = pair(0, 2)  # proposed, never accepted: the reviewer may still decide it
    assert services.person_unmerge(actor=reviewer, person=person, party=b) is None
    assert not PersonLink.objects.exists() and not Person.objects.exists()
    assert MatchCandidate.objects.get(pk=unlinked_pair.pk).status == CandidateStatus.PROPOSED


def test_taking_out_the_bridge_keeps_the_largest_part_and_makes_another_a_person_of_its_own(chain, reviewer):
    (a, b, c, d), pair = chain
    person = services.candidate_accept(actor=reviewer, candidate=pair(0, 1))
    services.candidate_accept(actor=reviewer, candidate=pair(1, 2))
    services.candidate_accept(actor=reviewer, candidate=pair(2, 3))
    # A-B-C-D; taking out C leaves A-B and D
    kept = services.person_unmerge(actor=reviewer, person=person, party=c)
    assert kept == person and _members(person) == sorted([a, b])
    assert not PersonLink.objects.filter(party_id__in=[c, d]).exists()
    entry = AuditEntry.objects.filter(action="person.unmerge").latest("seq")
    assert entry.payload["remaining"] == sorted([a, b]) and entry.payload["unlinked"] == [d]
    assert audit_verify() is None


def test_a_part_of_two_left_apart_becomes_a_person_of_its_own(chain, new_case, reviewer):
    (a, b, c, d), pair = chain
    e = AffectedParty.objects.get(case=new_case(name="Ales Bialiatskii")).pk
    lo, hi = sorted((d, e))
    de = MatchCandidate.objects.create(party_a_id=lo, party_b_id=hi, score=0.9)
    person = services.candidate_accept(actor=reviewer, candidate=pair(0, 1))
    for candidate in (pair(1, 2), pair(2, 3), de):
        services.candidate_accept(actor=reviewer, candidate=candidate)
    # A-B-C-D-E; taking out C leaves A-B and D-E: both stay persons
    assert services.person_unmerge(actor=reviewer, person=person, party=c) == person
    assert _members(person) == sorted([a, b])
    other = PersonLink.objects.get(party_id=d).person
    assert other != person and _members(other) == sorted([d, e])
    entry = AuditEntry.objects.filter(action="person.unmerge").latest("seq")
    assert entry.payload["split_into"] == {str(other.pk): sorted([d, e])}


def test_a_report_joined_by_its_own_accepted_pair_stays(chain, reviewer):
    (a, b, c, _d), pair = chain
    person = services.candidate_accept(actor=reviewer, candidate=pair(0, 1))
    services.candidate_accept(actor=reviewer, candidate=pair(1, 2))
    services.candidate_accept(actor=reviewer, candidate=pair(0, 2))
    assert services.person_unmerge(actor=reviewer, person=person, party=b) == person
    assert _members(person) == sorted([a, c])


def test_taking_the_bridge_out_of_an_incident_group_parts_the_allegations_it_joined(officer, reviewer):
    from test_linkage_allegations_services import SR_TEXT, pair, report

    from reprisals.linkage.models import IncidentGroup, IncidentGroupMember

    a, b, c = (report(officer, entity=e, text=SR_TEXT) for e in ("SP", "ISHR", "CAT"))
    services.allegation_duplicates_run(actor=reviewer)
    group = services.allegation_candidate_accept(actor=reviewer, candidate=pair(a, b))
    services.allegation_candidate_accept(actor=reviewer, candidate=pair(b, c))
    assert pair(a, c).status == CandidateStatus.PROPOSED
    assert services.incident_group_unmerge(actor=reviewer, group=group, allegation=b) is None
    assert not IncidentGroup.objects.exists() and not IncidentGroupMember.objects.exists()
    entry = AuditEntry.objects.filter(action="incident_group.unmerge").latest("seq")
    assert entry.payload["ungrouped"] == [max(a.pk, c.pk)] and entry.payload["dissolved"] is True


def test_the_reports_patterns_use_the_links_reviewers_confirmed(chain, reviewer):
    """`reports.patterns` matches persons by confirmed linkage when the linkage app offers it."""
    from reprisals.reports.patterns import _linked_groups

    (a, b, c, _d), pair = chain
    person = services.candidate_accept(actor=reviewer, candidate=pair(0, 1))
    assert _linked_groups([a, b, c]) == {a: person.pk, b: person.pk}
