"""One communication is recorded once. A letter already recorded for a State (the same symbol, in any
case or spacing) is refused, naming the record to add the cases to; adding cases to a communication moves
them as recording it would have, through the service, the API and the communication page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reprisals.cases import services as case_services
from reprisals.cases.models import CaseStatus
from reprisals.core.errors import NotFound, ValidationFailed
from reprisals.core.models import AuditEntry
from reprisals.followup import services
from reprisals.followup.choices import CommunicationKind
from reprisals.followup.models import Communication
from reprisals.reference.models import Country, UNBody
from tests.conftest import client_for
from tests.dates import today

pytestmark = pytest.mark.django_db



def record(actor, cases, symbol="AL BHR 3/2024", **extra):
    values = dict(country=cases[0].country, kind=CommunicationKind.SP_ALLEGATION_LETTER,
                  un_body=UNBody.objects.get(code="SR-HRD"), sent_on=today(), summary="Allegation letter.",
                  cases=cases, symbol=symbol)
    values.update(extra)
    return services.communication_record(actor=actor, **values)


def refused_symbol(actor, cases, symbol) -> str:
    before = Communication.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        record(actor, cases, symbol)
    assert list(caught.value.fields) == ["symbol"]
    assert Communication.objects.count() == before
    return caught.value.fields["symbol"][0]


# ---------------------------------------------------------------- one letter, one record


@pytest.mark.parametrize("again", ["AL BHR 3/2024", "al bhr 3/2024", "  AL  BHR 3/2024 "])
def test_a_symbol_already_recorded_for_the_state_is_refused_naming_the_record(officer, verified_case, again):
    first = record(officer, [verified_case()])
    message = refused_symbol(officer, [verified_case(title="Another case")], again)
    assert f"no. {first.pk}" in message and "add the cases to it" in message


def test_the_symbol_is_stored_with_single_spaces(officer, verified_case):
    assert record(officer, [verified_case()], symbol="  AL   BHR 3/2024 ").symbol == "AL BHR 3/2024"


def test_the_same_symbol_to_another_state_and_letters_without_a_symbol_are_recorded(officer, verified_case):
    bahrain_case = verified_case()
    record(officer, [bahrain_case])
    record(officer, [bahrain_case], symbol="")
    record(officer, [bahrain_case], symbol="")
    egypt_case = verified_case(country=Country.objects.get(iso3="EGY"), title="Travel ban")
    record(officer, [egypt_case])
    assert Communication.objects.count() == 4


def test_an_officer_who_may_not_see_the_record_is_not_told_its_number(officer, officer2, reviewer, verified_case):
    case = verified_case()
    first = record(officer, [case])
    case_services.case_restrict(actor=reviewer, case=case, restricted=True, members=[officer])
    message = refused_symbol(officer2, [verified_case(actor=officer2, title="Another case")], "AL BHR 3/2024")
    assert f"no. {first.pk}" not in message and "another office" in message


# ---------------------------------------------------------------- adding cases


def test_adding_a_verified_case_raises_it_with_the_state_and_audits_the_addition(officer, verified_case):
    first = verified_case()
    letter = record(officer, [first])
    also = verified_case(title="The lawyer's case")
    added = services.communication_add_cases(actor=officer, communication=letter, cases=[also.pk])
    assert [c.pk for c in added] == [also.pk]
    assert set(letter.cases.values_list("pk", flat=True)) == {first.pk, also.pk}
    also.refresh_from_db()
    assert also.status == CaseStatus.AWAITING_RESPONSE
    entry = AuditEntry.objects.filter(action="communication.cases_add").get()
    assert entry.payload == {"cases": [also.reference]}


def test_a_case_added_after_the_state_answered_goes_on_into_follow_up(officer, verified_case):
    letter = record(officer, [verified_case()])
    services.response_record(actor=officer, communication=letter, received_on=today(), summary="We deny it.",
                             channel="note_verbale")
    also = verified_case(title="The lawyer's case")
    services.communication_add_cases(actor=officer, communication=letter.pk, cases=[also])
    also.refresh_from_db()
    assert also.status == CaseStatus.FOLLOW_UP


@pytest.mark.parametrize("which", ["already_there", "other_state", "none"])
def test_cases_that_cannot_be_added_are_refused_naming_cases_and_nothing_changes(officer, verified_case, which):
    first = verified_case()
    letter = record(officer, [first])
    cases = {"already_there": [first.pk],
             "other_state": [verified_case(country=Country.objects.get(iso3="EGY"), title="Travel ban").pk],
             "none": []}[which]
    with pytest.raises(ValidationFailed) as caught:
        services.communication_add_cases(actor=officer, communication=letter, cases=cases)
    assert list(caught.value.fields) == ["cases"]
    assert list(letter.cases.values_list("pk", flat=True)) == [first.pk]
    assert not AuditEntry.objects.filter(action="communication.cases_add").exists()


def test_a_communication_the_actor_may_not_see_cannot_be_added_to(officer, officer2, reviewer, verified_case):
    case = verified_case()
    letter = record(officer, [case])
    case_services.case_restrict(actor=reviewer, case=case, restricted=True, members=[officer])
    with pytest.raises(NotFound):
        services.communication_add_cases(actor=officer2, communication=letter,
                                         cases=[verified_case(actor=officer2, title="Another case")])


# ---------------------------------------------------------------- API and page


def test_the_api_adds_cases_and_answers_the_communication_with_them(api_as, officer, verified_case):
    letter = record(officer, [verified_case()])
    also = verified_case(title="The lawyer's case")
    response = api_as(officer).post(f"/api/v1/communications/{letter.pk}/cases", {"case_ids": [also.pk]})
    assert response.status_code == 200, response.content
    assert also.reference in {c["reference"] for c in response.json()["cases"]}


def test_the_api_refuses_a_repeated_symbol_and_an_empty_list_naming_the_field(api_as, officer, verified_case):
    case = verified_case()
    letter = record(officer, [case])
    body = {"country": "BHR", "kind": "sp_allegation_letter", "un_body": "SR-HRD", "symbol": "al bhr 3/2024",
            "sent_on": today().isoformat(), "summary": "The same letter.", "case_ids": [case.pk]}
    again = api_as(officer).post("/api/v1/communications", body)
    assert again.status_code == 422 and "symbol" in again.json()["error"]["fields"]
    empty = api_as(officer).post(f"/api/v1/communications/{letter.pk}/cases", {"case_ids": []})
    assert empty.status_code == 422 and "case_ids" in empty.json()["error"]["fields"]


def test_the_communication_page_adds_cases_by_reference_and_shows_a_refusal_on_the_form(officer, verified_case):
    letter = record(officer, [verified_case()])
    also = verified_case(title="The lawyer's case")
    client = client_for(officer)
    page = client.get(reverse("followup:communication_detail", args=[letter.pk]))
    assert reverse("followup:cases_add", args=[letter.pk]) in page.content.decode()
    wrong = client.post(reverse("followup:cases_add", args=[letter.pk]), {"case_references": "CASE-1900-0001"})
    assert wrong.status_code == 422 and "CASE-1900-0001" in wrong.content.decode()
    done = client.post(reverse("followup:cases_add", args=[letter.pk]),
                       {"case_references": also.reference.lower()})
    assert done.status_code == 302
    assert also.pk in set(letter.cases.values_list("pk", flat=True))


def test_a_focal_point_may_not_add_cases(focal, officer, verified_case):
    letter = record(officer, [verified_case()])
    response = client_for(focal).post(reverse("followup:cases_add", args=[letter.pk]), {"case_references": "X"})
    assert response.status_code in (403, 404)
