"""Two reviewers on one communication page: the first confirms (or returns) the proposed assessment,
the second, whose page is older, clicks too. The second gets the communication page back saying the
assessment was already decided (409), not a server error, and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reprisals.followup import services
from reprisals.followup.models import Assessment
from reprisals.reference.models import UNBody
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(verified_case, officer):
    case = verified_case()
    communication = services.communication_record(
        actor=officer, country=case.country, kind="sp_allegation_letter", un_body=UNBody.objects.get(code="SR-HRD"),
        sent_on=dt.date.today(), summary="Allegation letter.", cases=[case], symbol="AL BHR 5/2024")
    answer = services.response_record(actor=officer, communication=communication, received_on=dt.date.today(),
                                      summary="The Government rejects the allegations.")
    return services.assessment_propose(actor=officer, communication=communication, level="does_not_address",
                                       reason="Denies without addressing the facts.", response=answer)


@pytest.mark.parametrize("second_click", ["assessment_confirm", "assessment_return"])
def test_the_second_reviewer_is_told_the_assessment_was_already_decided(proposal, reviewer, second_click):
    other = make_user("reviewer2", "reviewer")
    first = client_for(reviewer).post(reverse("followup:assessment_confirm", args=[proposal.pk]), {"note": "Agreed."})
    assert first.status_code == 302

    late = client_for(other).post(reverse(f"followup:{second_click}", args=[proposal.pk]), {"note": "Me too."})
    text = late.content.decode()
    assert late.status_code == 409 and "already decided" in text
    assert Assessment.objects.get(pk=proposal.pk).decided_by == reviewer
    assert Assessment.objects.get(pk=proposal.pk).decision_note == "Agreed."
