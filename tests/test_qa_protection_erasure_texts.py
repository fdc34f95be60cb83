"""An erasure removes the person's names from every text of the case that people wrote, not only from the
title, summary, narratives and incident descriptions: the UN engagement's details, the place of an
incident, the reasons given for status changes, the other parties' public descriptions and the erasure
request's own reason all named the person too, and are shown on the case page and in the API."""

from __future__ import annotations

import pytest

from reprisals.cases import services
from reprisals.cases.erasure import ERASED, erasure_confirm, erasure_request
from reprisals.cases.models import AffectedParty, Case, ErasureRequest
from reprisals.core.audit import audit_verify
from tests.conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "Zainab Erasable"
VARIANT = "Zaynab Erasabel"


@pytest.fixture
def erased(new_case, officer, reviewer):
    case = new_case(name=NAME)
    party = case.parties.get(name=NAME)
    services.party_update(actor=officer, party=party, name_variants=[VARIANT])
    services.engagement_add(actor=officer, case=case, un_body=services.un_body_by_code("HRC"),
                            kind="participation_un_meeting", date="2016-03",
                            description=f"{NAME} spoke at the 31st session.")
    services.incident_add(actor=officer, case=case, date="2016-04", forms=["travel_ban"],
                          place=f"outside the home of {VARIANT}")
    services.party_add(actor=officer, case=case, is_anonymous=True, description=f"the brother of {NAME}")
    case = services.case_transition(actor=officer, case=case, to_status="under_assessment",
                                    reason=f"{NAME}'s lawyer confirmed the detention.", expected_version=None)
    request = erasure_request(actor=officer, party=party, reason=f"{NAME} asked us by phone to erase her.")
    erasure_confirm(actor=reviewer, request=request)
    return Case.objects.get(pk=case.pk), request


def _texts(case: Case, request: ErasureRequest) -> list[str]:
    return [
        *case.engagements.values_list("description", flat=True),
        *case.incidents.values_list("place", flat=True),
        *case.status_changes.values_list("reason", flat=True),
        *AffectedParty.objects.filter(case=case).values_list("description", flat=True),
        ErasureRequest.objects.get(pk=request.pk).reason,
    ]


def test_an_erasure_removes_the_names_from_every_text_of_the_case(erased):
    case, request = erased
    for text in _texts(case, request):
        assert "erasab" not in text.lower(), text
    assert any(ERASED in text for text in _texts(case, request))
    assert audit_verify() is None


def test_after_an_erasure_neither_the_case_page_nor_the_api_names_the_person(erased, officer, reviewer, api_as):
    case, request = erased
    for body in (client_for(officer).get(f"/cases/{case.pk}/").content,
                 api_as(officer).get(f"/api/v1/cases/{case.pk}").content,
                 api_as(officer).get(f"/api/v1/cases/{case.pk}/timeline").content,
                 client_for(reviewer).get(f"/erasures/{request.pk}/").content):
        text = body.decode().lower()
        assert "erasable" not in text and "erasabel" not in text
