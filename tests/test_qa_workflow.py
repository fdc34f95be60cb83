"""The workflow as docs/followup.md states it: a case raised with the State can still turn out not
substantiated; and the API offers a reader only the moves the reader may make, as the case page does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.cases import services, workflow
from reprisals.cases.models import CaseStatus, ConsentUse


def _to(actor, case, *statuses):
    for status in statuses:
        case = services.case_transition(actor=actor, case=case, to_status=status, reason="step",
                                        expected_version=None)
    return case


@pytest.fixture
def in_follow_up(officer, new_case):
    case = new_case()
    for party in case.parties.all():
        services.consent_record(actor=officer, party=party, use=ConsentUse.RAISE_WITH_STATE, granted=True,
                                decided_on=dt.date(2016, 3, 12))
    return _to(officer, case, CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED, CaseStatus.RAISED_WITH_STATE,
               CaseStatus.AWAITING_RESPONSE, CaseStatus.FOLLOW_UP)


def test_every_open_case_can_be_closed_as_not_substantiated():
    for status in workflow.OPEN_STATUSES:
        assert workflow.is_allowed(status, CaseStatus.CLOSED_NOT_SUBSTANTIATED), status


def test_a_case_in_follow_up_is_closed_as_not_substantiated(officer, in_follow_up):
    case = _to(officer, in_follow_up, CaseStatus.CLOSED_NOT_SUBSTANTIATED)
    assert case.status == CaseStatus.CLOSED_NOT_SUBSTANTIATED


def test_the_api_lists_only_the_moves_the_reader_may_make(api_as, officer, reviewer, focal, in_follow_up):
    path = f"/api/v1/cases/{in_follow_up.pk}"
    as_officer = api_as(officer).get(path).json()["allowed_transitions"]
    as_reviewer = api_as(reviewer).get(path).json()["allowed_transitions"]
    assert CaseStatus.CLOSED_ADEQUATELY_ADDRESSED not in as_officer
    assert CaseStatus.CLOSED_ADEQUATELY_ADDRESSED in as_reviewer
    assert set(as_reviewer) - set(as_officer) == {CaseStatus.CLOSED_ADEQUATELY_ADDRESSED}
    assert CaseStatus.CLOSED_NOT_SUBSTANTIATED in as_officer
    assert api_as(focal).get(path).json()["allowed_transitions"] == []  # a focal point moves no case
    # Every move listed to the officer is one the officer's transition does not refuse for lack of role.
    for status in as_officer:
        assert workflow.capability_for(status) == "case.transition"


def test_the_case_page_and_the_api_offer_the_same_moves(api_as, officer, in_follow_up):
    client = Client()
    client.force_login(officer)
    html = client.get(reverse("case_detail", args=[in_follow_up.pk])).content.decode()
    listed = api_as(officer).get(f"/api/v1/cases/{in_follow_up.pk}").json()["allowed_transitions"]
    for status in CaseStatus.values:
        assert (f'value="{status}"' in html) == (status in listed), status
