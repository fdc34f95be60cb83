"""Who sees which duplicate allegations: a pair shows only when the reviewer may see both allegations.

A restricted (compartmented) case's allegations never appear to someone outside the compartment, not
even as the other side of a pair; a focal point, who has no linkage capability, sees no queue at all.
"""

from __future__ import annotations

import pytest
from test_linkage_allegations_services import NGO_TEXT, SR_TEXT, pair, report

from reprisals.cases import services as cases
from reprisals.core.errors import Forbidden, NotFound
from reprisals.linkage import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(officer, reviewer):
    sr = report(officer, entity="SP", text=SR_TEXT)
    ngo = report(officer, entity="ISHR", text=NGO_TEXT, date="2016-03-14")
    services.allegation_duplicates_run(actor=reviewer)
    return sr, ngo, pair(sr, ngo)


def test_staff_with_linkage_review_see_the_pair(proposed, officer, reviewer, senior):
    _sr, _ngo, candidate = proposed
    for user in (officer, reviewer, senior):
        assert list(selectors.allegation_candidate_queue(user)) == [candidate]
        assert selectors.allegation_candidate_get_for_user(user, candidate.pk) == candidate


def test_a_restricted_case_keeps_its_allegations_out_of_the_queue_of_those_outside_it(proposed, officer, senior):
    sr, _ngo, candidate = proposed
    cases.case_restrict(actor=senior, case=sr.case, restricted=True, members=[])
    assert list(selectors.allegation_candidate_queue(officer)) == []
    with pytest.raises(NotFound):
        selectors.allegation_candidate_get_for_user(officer, candidate.pk)
    with pytest.raises(NotFound):
        services.allegation_candidate_accept(actor=officer, candidate=candidate)
    assert list(selectors.allegation_candidate_queue(senior)) == [candidate]


def test_a_group_seen_through_one_allegation_is_not_shown(proposed, officer, senior):
    """A group of which the reviewer sees one allegation would tell it that the same incident is in a
    report out of its sight: the group, and the group on that allegation's card, are not shown."""
    sr, ngo, candidate = proposed
    group = services.allegation_candidate_accept(actor=senior, candidate=candidate)
    assert [c.id for c in selectors.incident_group_members(
        officer, selectors.incident_group_get_for_user(officer, group.pk))] == sorted([sr.pk, ngo.pk])
    cases.case_restrict(actor=senior, case=sr.case, restricted=True, members=[])
    with pytest.raises(NotFound):
        selectors.incident_group_get_for_user(officer, group.pk)
    assert selectors.allegation_cards(officer, [ngo.pk])[ngo.pk].group_id is None
    assert selectors.allegation_cards(senior, [ngo.pk])[ngo.pk].group_id == group.pk
    with pytest.raises(NotFound):
        services.incident_group_unmerge(actor=officer, group=group, allegation=sr)


def test_roles_without_linkage_review_are_refused(proposed, focal, auditor, state_user):
    _sr, _ngo, candidate = proposed
    for user in (focal, auditor, state_user):
        with pytest.raises(Forbidden):
            selectors.allegation_candidate_queue(user)
        with pytest.raises(Forbidden):
            services.allegation_candidate_reject(actor=user, candidate=candidate)


def test_an_unknown_or_malformed_id_is_not_found(proposed, officer):
    for bad in (999999, "x", None):
        with pytest.raises(NotFound):
            selectors.allegation_candidate_get_for_user(officer, bad)
        with pytest.raises(NotFound):
            selectors.incident_group_get_for_user(officer, bad)


def test_cards_show_the_sender_never_the_protected_source(proposed, officer):
    _sr, _ngo, candidate = proposed
    view = selectors.allegation_candidate_views(officer, [candidate])[0]
    assert view.a.source == "Special procedures of the Human Rights Council (general)"
    assert view.b.source == "International Service for Human Rights"
    text = repr(view)
    assert "Protected Source Person" not in text and "Maryam" not in text
