"""A person (or an incident group) is shown to a reviewer only when it sees at least two of its reports:
seen through one, it would tell the reviewer that the same person is named in a report out of its sight,
which is what a compartment exists to hide."""

from __future__ import annotations

import pytest

from reprisals.cases import services as cases
from reprisals.core.errors import NotFound
from reprisals.linkage import selectors, services
from reprisals.linkage.models import CandidateStatus, MatchCandidate, PersonLink


@pytest.fixture
def one_person_in_three_cases(new_case, senior):
    parties = []
    for name in ("Ales Bialiatski", "Алесь Бяляцкі", "Aleś Bialacki"):
        case = new_case(name=name, title=f"Case of {name}")
        parties.append(case.parties.get())
    services.linkage_run(actor=senior)
    for candidate in MatchCandidate.objects.filter(status=CandidateStatus.PROPOSED).order_by("id"):
        services.candidate_accept(actor=senior, candidate=candidate)  # all three pairs: one person
    person = PersonLink.objects.get(party=parties[0]).person
    assert PersonLink.objects.filter(person=person).count() == 3
    return person, parties


def test_a_person_seen_through_two_reports_shows_those_two(one_person_in_three_cases, officer, senior):
    person, parties = one_person_in_three_cases
    cases.case_restrict(actor=senior, case=parties[2].case, restricted=True, members=[])
    found = selectors.person_get_for_user(officer, person.pk)
    assert {c.id for c in selectors.person_members(officer, found)} == {parties[0].pk, parties[1].pk}


def test_a_person_seen_through_one_report_is_not_shown_anywhere(one_person_in_three_cases, officer, senior,
                                                                api_as):
    person, parties = one_person_in_three_cases
    for party in parties[1:]:
        cases.case_restrict(actor=senior, case=party.case, restricted=True, members=[])
    with pytest.raises(NotFound):
        selectors.person_get_for_user(officer, person.pk)
    assert api_as(officer).get(f"/api/v1/linkage/persons/{person.pk}").status_code == 404
    assert selectors.party_cards(officer, [parties[0].pk])[parties[0].pk].person_id is None
    assert selectors.party_cards(senior, [parties[0].pk])[parties[0].pk].person_id == person.pk
    assert api_as(senior).get(f"/api/v1/linkage/persons/{person.pk}").status_code == 200


def test_an_unmerge_that_leaves_one_report_in_sight_answers_no_person(one_person_in_three_cases, officer, senior,
                                                                      api_as):
    person, parties = one_person_in_three_cases
    cases.case_restrict(actor=senior, case=parties[2].case, restricted=True, members=[])
    response = api_as(officer).post(f"/api/v1/linkage/persons/{person.pk}/unmerge", {"party": parties[1].pk})
    assert response.status_code == 200, response.content
    assert response.json()["person"] is None
    assert PersonLink.objects.filter(person=person).count() == 2  # the report out of sight stays linked
