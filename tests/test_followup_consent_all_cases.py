"""A communication names every case of it that may not be raised with the State, not only the first.

A case is raised with the State only with its parties' consent in force, and a case whose party refused or
withdrew that consent is never named in a communication, since the State reads every communication addressed
to it in its portal. When a letter names several cases that fail this, the refusal lists each of them in the
``cases`` field, one message per case, so that the officer can record the consents (or leave the cases out)
at once, rather than learning of them one resubmission at a time. The page, the API and the import all show
the service's list. An imported letter of the past names, in the same list, a case whose party refused consent
and a case for which the letter is a current one with no consent in force (``followup.importer``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services as case_services
from reprisals.cases.models import Allegation, Case, ConsentUse
from reprisals.core.errors import ValidationFailed
from reprisals.followup import importer, services
from reprisals.followup.models import Communication
from tests.dates import today

pytestmark = pytest.mark.django_db

HEADER = "country,kind,un_body,symbol,sent_on,deadline,summary,cases,response_received_on,response_summary"


def record(officer, bahrain, cases, *, sent_on=None, **extra):
    return services.communication_record(
        actor=officer, country=bahrain, kind="sp_allegation_letter", un_body=case_services.un_body_by_code("SR-HRD"),
        sent_on=sent_on or today(), summary="Allegation letter.", cases=cases, **extra)


def refuse(officer, case, on=dt.date(2016, 3, 12), *, first=None):
    """Record the case's party refusing consent to raising it with the State (after ``first``, granted)."""
    party = case.parties.get()
    if first is not None:
        case_services.consent_record(actor=officer, party=party, use=ConsentUse.RAISE_WITH_STATE, granted=True,
                                     decided_on=first, note="Asked by the desk officer")
    case_services.consent_record(actor=officer, party=party, use=ConsentUse.RAISE_WITH_STATE, granted=False,
                                 decided_on=on, note="Asked by the desk officer")
    return case


@pytest.fixture
def three(new_case, consenting_case):
    """Two cases with no consent decision on record around one whose party consented, in that order."""
    return (new_case(title="First", name="First Unasked Person"), consenting_case(title="Fine"),
            new_case(title="Second", name="Second Unasked Person"))


def messages_about(messages, case):
    return [m for m in messages if case.reference in m]


def test_a_letter_typed_in_names_every_case_without_consent_in_force(officer, bahrain, three):
    first, fine, second = three
    with pytest.raises(ValidationFailed) as refused:
        record(officer, bahrain, [first, fine, second])
    messages = refused.value.fields["cases"]
    assert len(messages) == 2
    assert messages_about(messages, first) == [messages[0]] and "First Unasked Person" in messages[0]
    assert messages_about(messages, second) == [messages[1]] and "Second Unasked Person" in messages[1]
    assert not messages_about(messages, fine)
    assert all("cannot be raised with the State" in m for m in messages)
    assert set(refused.value.fields) == {"cases"}
    assert not Communication.objects.exists()


def test_a_case_named_twice_is_named_once_in_the_refusal(officer, bahrain, new_case):
    unasked = new_case()
    with pytest.raises(ValidationFailed) as refused:
        record(officer, bahrain, [unasked, unasked.pk])
    assert len(refused.value.fields["cases"]) == 1


def test_the_cases_with_consent_are_recorded_once_the_others_are_left_out(officer, bahrain, three):
    first, fine, second = three
    with pytest.raises(ValidationFailed):
        record(officer, bahrain, [first, fine, second])
    communication = record(officer, bahrain, [fine])
    assert list(communication.cases.all()) == [fine]


def test_adding_cases_to_a_communication_names_every_case_without_consent(officer, bahrain, three,
                                                                            consenting_case):
    first, fine, second = three
    communication = record(officer, bahrain, [consenting_case(title="Already on it")])
    with pytest.raises(ValidationFailed) as refused:
        services.communication_add_cases(actor=officer, communication=communication, cases=[first, fine, second])
    messages = refused.value.fields["cases"]
    assert [bool(messages_about(messages, c)) for c in (first, fine, second)] == [True, False, True]
    assert len(messages) == 2
    assert communication.cases.count() == 1


def test_a_past_letter_names_every_case_whose_party_refused_or_withdrew_consent(officer, bahrain, new_case,
                                                                                 consenting_case):
    refusing = refuse(officer, new_case(name="Refusing Person"))
    withdrawing = refuse(officer, new_case(name="Withdrawing Person"), dt.date(2020, 1, 5),
                         first=dt.date(2016, 3, 12))
    fine = consenting_case(title="Fine")
    with pytest.raises(ValidationFailed) as refused:
        record(officer, bahrain, [refusing, fine, withdrawing], historic=True, sent_on=dt.date(2016, 4, 2))
    messages = refused.value.fields["cases"]
    assert len(messages) == 2
    assert "Refusing Person" in messages_about(messages, refusing)[0]
    assert "Withdrawing Person" in messages_about(messages, withdrawing)[0]
    assert all("refused or withdrew consent" in m for m in messages)
    assert not Communication.objects.exists()


def test_the_import_names_every_case_of_a_letter_whose_deadline_is_still_to_come(officer, three):
    first, fine, second = three
    sent = today() - dt.timedelta(days=5)  # the kind's default deadline, 60 days on, is still to come
    data = (f"{HEADER}\nBHR,sp_allegation_letter,SR-HRD,,{sent.isoformat()},,Letter.,"
            f"{first.reference} {fine.reference} {second.reference},,\n").encode()
    report = importer.import_communications(actor=officer, data=data)
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases"), (2, "cases")]
    by_case = [messages_about([e.message for e in report.errors], c) for c in (first, fine, second)]
    assert [len(found) for found in by_case] == [1, 0, 1]
    assert all("still to come" in e.message for e in report.errors)
    assert not Communication.objects.exists()


def test_the_api_names_every_case_without_consent_in_case_ids(api_as, officer, three):
    first, fine, second = three
    response = api_as(officer).post("/api/v1/communications", {
        "country": "BHR", "kind": "sp_allegation_letter", "un_body": "SR-HRD", "sent_on": today().isoformat(),
        "summary": "Allegation letter.", "case_ids": [first.pk, fine.pk, second.pk]})
    assert response.status_code == 422, response.content
    messages = response.json()["error"]["fields"]["case_ids"]
    assert [bool(messages_about(messages, c)) for c in (first, fine, second)] == [True, False, True]
    assert not Communication.objects.exists()


def registered(case, on: dt.date):
    """The case as if opened in the register on ``on`` (``created_at`` is stamped by the system)."""
    Case.objects.filter(pk=case.pk).update(created_at=dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC))
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("why", ["sent after the case was registered", "dated before its allegation was received"])
def test_an_imported_letter_names_a_refused_case_and_a_case_without_consent_for_a_current_letter_together(
        officer, new_case, consenting_case, why):
    # A row whose deadline has passed names, in this order, a case whose party refused consent, a case with
    # consent, and a case with no decision on record for which the letter is a current one: both are named.
    refusing = refuse(officer, new_case(title="Refused", name="Refusing Person"))
    fine = consenting_case(title="Fine")
    unasked = new_case(title="Unasked", name="Never Asked Person")
    if why == "sent after the case was registered":
        registration = today() - dt.timedelta(days=90)
        for case in (refusing, fine, unasked):
            registered(case, registration)
        sent, deadline = registration + dt.timedelta(days=10), today() - dt.timedelta(days=1)
        current = "no consent decision on record for a letter sent after the case was registered"
    else:  # the incident in March 2016, the allegation received in May; a letter typed 2016-04-02
        Allegation.objects.filter(case=unasked).update(received_on=dt.date(2016, 5, 20))
        sent, deadline = dt.date(2016, 4, 2), dt.date(2016, 6, 1)
        current = "dated before this office received the first allegation of the case"
    data = (f"{HEADER}\nBHR,sp_allegation_letter,SR-HRD,,{sent.isoformat()},{deadline.isoformat()},Letter.,"
            f"{refusing.reference} {fine.reference} {unasked.reference},,\n").encode()
    report = importer.import_communications(actor=officer, data=data)
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases"), (2, "cases")]
    first, second = (e.message for e in report.errors)
    assert refusing.reference in first and "Refusing Person" in first and "refused or withdrew consent" in first
    assert unasked.reference in second and "Never Asked Person" in second and current in second
    assert fine.reference not in first + second
    assert not Communication.objects.exists()
