"""What a case officer, a reviewer and a State mission see when the State's answer comes late, and what
the register refuses when a communication is typed in with an impossible date.

- A reviewer cannot confirm "no response" for a communication the State has answered since the
  officer proposed it: the record would say both "answered" and "no response".
- The portal never asks a State to "respond by" a date already past.
- A communication dated before the United Nations existed, or with a deadline years away (a mistyped
  year, which would keep it off the overdue list for ever), is refused naming the field.
- The refusal of a case of another State names both States in the reader's language.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reprisals.core.errors import Conflict, ValidationFailed
from reprisals.followup import services
from reprisals.followup.models import Assessment, Communication
from reprisals.reference.i18n import country_name
from reprisals.reference.models import Country, UNBody
from tests.conftest import client_for
from tests.dates import today

pytestmark = pytest.mark.django_db



@pytest.fixture
def raised_case(verified_case):
    return verified_case()


def record(actor, case, **extra):
    values = dict(country=case.country, kind="sp_allegation_letter", un_body=UNBody.objects.get(code="SR-HRD"),
                  sent_on=today(), summary="Allegation letter on the detention.", cases=[case], symbol="AL BHR 4/2024")
    values.update(extra)
    return services.communication_record(actor=actor, **values)


# ---------------------------------------------------------------- "no response" overtaken by an answer


def test_no_response_cannot_be_confirmed_once_the_state_has_answered(officer, reviewer, state_user, raised_case,
                                                                       clock, api_as):
    communication = record(officer, raised_case)
    clock(61)
    proposal = services.assessment_propose(actor=officer, communication=communication, level="no_response",
                                           reason="Nothing received by the deadline.")
    services.response_record(actor=state_user, communication=communication.pk, summary="An inquiry was opened.")

    with pytest.raises(Conflict) as refused:
        services.assessment_confirm(actor=reviewer, assessment=proposal)
    assert "responded on" in refused.value.message and "return" in refused.value.message
    proposal.refresh_from_db()
    communication.refresh_from_db()
    assert proposal.status == "proposed" and communication.assessment_level == ""

    answer = api_as(reviewer).post(f"/api/v1/assessments/{proposal.pk}/confirm", {"note": ""})
    assert answer.status_code == 409 and "responded on" in answer.json()["error"]["message"]

    returned = services.assessment_return(actor=reviewer, assessment=proposal, note="The State answered late.")
    assert returned.status == "returned"
    services.assessment_propose(actor=officer, communication=communication, level="partial",
                                reason="An inquiry, no remedy yet.", response=communication.responses.get())
    assert Assessment.objects.filter(communication=communication, status="proposed", level="partial").exists()


def test_the_refusal_shows_on_the_communication_page(officer, reviewer, state_user, raised_case, clock):
    communication = record(officer, raised_case)
    clock(61)
    proposal = services.assessment_propose(actor=officer, communication=communication, level="no_response",
                                           reason="Nothing received by the deadline.")
    services.response_record(actor=state_user, communication=communication.pk, summary="An inquiry was opened.")
    page = client_for(reviewer).post(reverse("followup:assessment_confirm", args=[proposal.pk]), {"note": ""})
    assert page.status_code == 409 and "responded on" in page.content.decode()
    assert Communication.objects.get(pk=communication.pk).assessment_level == ""


# ---------------------------------------------------------------- the portal after the deadline


def test_the_portal_does_not_ask_to_respond_by_a_date_already_past(officer, state_user, raised_case, clock):
    communication = record(officer, raised_case)
    client = client_for(state_user)
    clock(10)
    client.post(reverse("followup:portal_respond", args=[communication.pk]), {"summary": "We are looking into it."})
    deadline = communication.deadline.isoformat()
    before = client.get(reverse("followup:portal_detail", args=[communication.pk])).content.decode()
    assert f"Please respond by {deadline}." in before

    clock(90)
    after = client.get(reverse("followup:portal_detail", args=[communication.pk])).content.decode()
    assert f"Please respond by {deadline}." not in after
    assert f"The response was requested by {deadline}." in after and "recorded as late" in after


# ---------------------------------------------------------------- impossible dates


@pytest.mark.parametrize("sent_on", [dt.date(1, 1, 1), dt.date(1900, 5, 1), dt.date(1945, 10, 23)])
def test_a_communication_sent_before_the_united_nations_is_refused(officer, raised_case, sent_on):
    with pytest.raises(ValidationFailed) as refused:
        record(officer, raised_case, sent_on=sent_on, deadline=today() + dt.timedelta(days=30))
    assert list(refused.value.fields) == ["sent_on"]
    assert "1945-10-24" in refused.value.fields["sent_on"][0]
    assert not Communication.objects.exists()


def test_a_deadline_more_than_a_year_after_sending_is_refused(officer, raised_case, api_as):
    with pytest.raises(ValidationFailed) as refused:
        record(officer, raised_case, deadline=dt.date(9999, 12, 31))
    assert list(refused.value.fields) == ["deadline"]
    assert "more than a year" in refused.value.fields["deadline"][0]

    answer = api_as(officer).post("/api/v1/communications", {
        "country": "BHR", "kind": "note_verbale", "un_body": "SR-HRD", "sent_on": today().isoformat(),
        "deadline": (today() + dt.timedelta(days=367)).isoformat(), "summary": "Note.", "case_ids": [raised_case.pk]})
    assert answer.status_code == 422 and list(answer.json()["error"]["fields"]) == ["deadline"]
    assert not Communication.objects.exists()

    a_year = record(officer, raised_case, deadline=today() + dt.timedelta(days=365))
    assert a_year.deadline == today() + dt.timedelta(days=365)


def test_the_form_names_the_date_sent_before_the_un(officer, raised_case):
    page = client_for(officer).post(reverse("followup:communication_new"), {
        "country": "BHR", "kind": "sp_allegation_letter", "un_body": "SR-HRD", "symbol": "", "sent_on": "1900-01-01",
        "deadline": (today() + dt.timedelta(days=30)).isoformat(), "summary": "Text", "internal_notes": "",
        "case_references": raised_case.reference})
    assert page.status_code == 422 and "when the United Nations was founded" in page.content.decode()
    assert not Communication.objects.exists()


# ---------------------------------------------------------------- the reader's language


def test_a_case_of_another_state_is_refused_naming_both_states_in_the_readers_language(officer, consenting_case):
    poland = Country.objects.get(iso3="POL")
    case = consenting_case(country=poland)
    client = client_for(officer)
    client.cookies["django_language"] = "fr"
    page = client.post(reverse("followup:communication_new"), {
        "country": "BHR", "kind": "sp_allegation_letter", "un_body": "SR-HRD", "symbol": "",
        "sent_on": today().isoformat(), "deadline": "", "summary": "Text", "internal_notes": "",
        "case_references": case.reference})
    text = page.content.decode()
    assert page.status_code == 422
    bahrain, pologne = country_name("BHR", "Bahrain", "fr"), country_name("POL", "Poland", "fr")
    assert bahrain != "Bahrain" and pologne != "Poland"
    assert pologne in text and f"({bahrain})" in text
    assert "concerne Poland" not in text and "(Bahrain)" not in text
