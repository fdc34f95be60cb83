"""The import and a letter whose deadline had not passed when this office began recording consent.

A row is a letter of the past for a case with no consent decision on record only when the whole exchange was
over before any consent could be recorded for it. The case's registration (``Case.created_at``) is not enough
for a case entered late (a backlog: the allegation received months before the case was opened): a letter sent
last week with its month mistyped falls after the allegation was received and its deadline before the case was
registered, and would reach the State's portal with no consent asked. So a letter of the past must also have
its deadline before this register began recording consent decisions: the moment the first consent decision of
the register was recorded (``ConsentRecord.recorded_at``, stamped by the system, never the date typed for the
decision). Once the office records consent, a letter still running by then needs the case's consent in force.

A fresh installation loading its spreadsheets has no consent decision yet, or only from the day it began: its
genuine historical letters still pass. With no consent decision in the register at all, the rule on the case's
registration and its first allegation alone applies.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services as case_services
from reprisals.cases.models import Allegation, Case, ConsentRecord, ConsentUse, Incident
from reprisals.followup import importer
from reprisals.followup.models import Communication
from tests.dates import today

pytestmark = pytest.mark.django_db

HEADER = "country,kind,un_body,symbol,sent_on,deadline,summary,cases,response_received_on,response_summary"


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def row(sent: dt.date, *cases: Case, deadline: dt.date | None = None, symbol: str = "") -> str:
    references = " ".join(case.reference for case in cases)
    due = deadline.isoformat() if deadline else ""
    return f"BHR,sp_allegation_letter,SR-HRD,{symbol},{sent.isoformat()},{due},Letter.,{references},,"


def at_nine(on: dt.date) -> dt.datetime:
    return dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC)


def backlog(case: Case, *, received_on: dt.date, registered_on: dt.date) -> Case:
    """The case as if its allegation had reached this office on ``received_on`` and the case had been opened in
    the register (``created_at``, stamped by the system) on ``registered_on``; its incident dated by its year."""
    Allegation.objects.filter(case=case).update(received_on=received_on)
    Incident.objects.filter(case=case).delete()
    Incident.objects.create(case=case, date_year=received_on.year - 1)
    Case.objects.filter(pk=case.pk).update(created_at=at_nine(registered_on))
    case.refresh_from_db()
    return case


def consent_recording_began(case: Case, officer, on: dt.date, *, use: str = ConsentUse.RAISE_WITH_STATE,
                            granted: bool = True, decided_on: dt.date = dt.date(2016, 3, 12)) -> None:
    """The register's first consent decision, on another case, as if recorded (``recorded_at``) on ``on``."""
    party = case.parties.get()
    record = case_services.consent_record(actor=officer, party=party, use=use, granted=granted,
                                          decided_on=min(decided_on, on))
    ConsentRecord.objects.filter(pk=record.pk).update(recorded_at=at_nine(on))


@pytest.mark.parametrize("use, granted", [
    (ConsentUse.RAISE_WITH_STATE, True),
    (ConsentUse.RAISE_WITH_STATE, False),
    (ConsentUse.PUBLISH_NAME, True),
], ids=["a consent to raise a case", "a refusal", "a consent to another use"])
def test_a_letter_sent_last_week_with_its_month_mistyped_is_refused_once_the_office_records_consent(
        officer, new_case, state_user, api_as, use, granted):
    # The office has recorded consent decisions for a year. The allegation was received 200 days ago, the case
    # entered in the register 30 days ago (a backlog), with no consent decision on record. A letter sent five
    # days ago is typed 153 days early (month 11 typed 06): after the allegation was received, its default
    # deadline (60 days) before the case was registered, but long after the office began recording consent.
    day = today()
    consent_recording_began(new_case(name="Earlier Person"), officer, day - dt.timedelta(days=365),
                            use=use, granted=granted)
    case = backlog(new_case(name="Never Asked Person"), received_on=day - dt.timedelta(days=200),
                   registered_on=day - dt.timedelta(days=30))
    typed = day - dt.timedelta(days=158)
    report = importer.import_communications(actor=officer, data=csv_file(row(typed, case)))
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases")]
    message = report.errors[0].message
    assert case.reference in message and "Never Asked Person" in message
    assert "had not passed when this office began recording consent" in message
    assert (day - dt.timedelta(days=98)).isoformat() in message      # the letter's deadline
    assert (day - dt.timedelta(days=365)).isoformat() in message     # the first consent decision recorded
    assert (report.communications, report.responses) == (0, 0)
    assert not Communication.objects.exists()
    assert api_as(state_user).get("/api/v1/portal/communications").json() == []


def test_the_same_letter_is_accepted_with_the_cases_consent_in_force(officer, new_case, consenting_case):
    day = today()
    consent_recording_began(new_case(name="Earlier Person"), officer, day - dt.timedelta(days=365))
    case = backlog(consenting_case(name="Consenting Person"), received_on=day - dt.timedelta(days=200),
                   registered_on=day - dt.timedelta(days=30))
    report = importer.import_communications(actor=officer, data=csv_file(row(day - dt.timedelta(days=158), case)))
    assert report.ok, report.errors
    assert list(Communication.objects.get().cases.all()) == [case]


def test_a_historical_letter_whose_deadline_passed_before_consent_was_recorded_is_accepted(
        officer, new_case, state_user, api_as):
    # The office began recording consent a year ago; the case, its allegation received in March 2016, was
    # entered from the backlog 30 days ago. The letter of April 2016 was answered, or not, long before.
    day = today()
    consent_recording_began(new_case(name="Earlier Person"), officer, day - dt.timedelta(days=365))
    case = backlog(new_case(name="Never Asked Person"), received_on=dt.date(2016, 3, 10),
                   registered_on=day - dt.timedelta(days=30))
    report = importer.import_communications(actor=officer, data=csv_file(row(dt.date(2016, 4, 2), case)))
    assert report.ok, report.errors
    assert list(Communication.objects.get().cases.all()) == [case]


def test_a_fresh_installation_loads_its_history_after_typing_in_old_consents(officer, new_case, consenting_case):
    # On installation day the office types in a consent given in 2016 (decided on 2016-03-12, recorded today)
    # and then loads its spreadsheets: the register began recording consent today, not on the date typed for
    # the decision, so a 2016 letter about a case with no decision on record is still one of the past.
    consenting_case(name="Consenting Person")
    case = new_case(name="Never Asked Person")
    report = importer.import_communications(actor=officer, data=csv_file(row(dt.date(2016, 4, 2), case)))
    assert report.ok, report.errors
    assert list(Communication.objects.get().cases.all()) == [case]


@pytest.mark.parametrize("offset, ok", [(-1, True), (0, False), (1, False)],
                         ids=["the day before", "the day it began", "the day after"])
def test_a_deadline_must_have_passed_before_the_day_the_first_consent_decision_was_recorded(
        officer, new_case, offset, ok):
    # The office began recording consent 200 days ago; the case was received 400 days ago and registered 30
    # days ago. The letter's deadline is typed around the day the first consent decision was recorded.
    day = today()
    began = day - dt.timedelta(days=200)
    consent_recording_began(new_case(name="Earlier Person"), officer, began)
    case = backlog(new_case(name="Never Asked Person"), received_on=day - dt.timedelta(days=400),
                   registered_on=day - dt.timedelta(days=30))
    deadline = began + dt.timedelta(days=offset)
    report = importer.import_communications(actor=officer, data=csv_file(
        row(deadline - dt.timedelta(days=30), case, deadline=deadline)))
    if ok:
        assert report.ok, report.errors
        return
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases")]
    assert "began recording consent" in report.errors[0].message
    assert not Communication.objects.exists()


def test_the_first_decision_recorded_in_the_register_counts_not_a_later_one(officer, new_case):
    # Two consent decisions, recorded 300 and 10 days ago: the office began recording consent 300 days ago.
    day = today()
    consent_recording_began(new_case(name="Later Person"), officer, day - dt.timedelta(days=10))
    consent_recording_began(new_case(name="Earlier Person"), officer, day - dt.timedelta(days=300))
    case = backlog(new_case(name="Never Asked Person"), received_on=day - dt.timedelta(days=400),
                   registered_on=day - dt.timedelta(days=5))
    report = importer.import_communications(actor=officer, data=csv_file(row(day - dt.timedelta(days=100), case)))
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases")]
    assert (day - dt.timedelta(days=300)).isoformat() in report.errors[0].message


def test_with_no_consent_decision_in_the_register_the_registration_alone_decides(officer, new_case):
    # Nothing tells when the office began recording consent: a letter after the allegation was received, its
    # deadline before the case was registered, is one of the past, as before any consent was recorded.
    day = today()
    case = backlog(new_case(name="Never Asked Person"), received_on=day - dt.timedelta(days=200),
                   registered_on=day - dt.timedelta(days=30))
    report = importer.import_communications(actor=officer, data=csv_file(row(day - dt.timedelta(days=158), case)))
    assert report.ok, report.errors
    assert list(Communication.objects.get().cases.all()) == [case]
