"""The import and a letter dated before what its case records had happened.

A letter cannot be about a reprisal that had not happened yet. So a row sent before the earliest date the
facts of a case it names show is refused in ``sent_on``, naming the case: that catches a mistyped year,
which would otherwise make a current letter look like one of the past (and let it name a case with no
consent on record). The earliest fact is the first day the case's earliest incident can mean (an incident
dated "2016-03" may have happened on 1 March), or the day its first allegation was received when no
incident is dated earlier (an allegation received tells that something had happened by then).

A letter dated after the incident but before this office received the first allegation of the case is not
refused in ``sent_on``: a Special Rapporteur who received the allegation directly may have written to the
State first. But it is never a letter of the past for that case, since a letter sent last week with its
month or year mistyped reads the same: it is taken for a current communication, and the case needs consent
to raise it with the State in force, or it is named in ``cases``, with what to do (record the consent, or
the date the allegation was truly received, or check the date sent). The protection of the person comes
first: a mistyped date must not put a case with no consent on record in front of the State.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases.models import Allegation, Case, Incident
from reprisals.followup import importer
from reprisals.followup.models import Communication, StateResponse
from tests.dates import today

pytestmark = pytest.mark.django_db

HEADER = "country,kind,un_body,symbol,sent_on,deadline,summary,cases,response_received_on,response_summary"


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def row(sent: dt.date, *cases: Case, symbol: str = "") -> str:
    references = " ".join(case.reference for case in cases)
    return f"BHR,sp_allegation_letter,SR-HRD,{symbol},{sent.isoformat()},,Letter.,{references},,"


def registered(case: Case, on: dt.date) -> Case:
    """The case as if opened in the register on ``on`` (``created_at`` is stamped by the system)."""
    Case.objects.filter(pk=case.pk).update(created_at=dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC))
    case.refresh_from_db()
    return case


def received(case: Case, on: dt.date) -> Case:
    """The case's allegation as if OHCHR had received it on ``on``."""
    Allegation.objects.filter(case=case).update(received_on=on)
    return case


def happened(case: Case, *dates: str) -> Case:
    """The case's incidents as if dated ``dates`` (YYYY, YYYY-MM or YYYY-MM-DD); none when no date is given."""
    Incident.objects.filter(case=case).delete()
    for date in dates:
        year, month, day = ([int(part) for part in date.split("-")] + [None, None])[:3]
        Incident.objects.create(case=case, date_year=year, date_month=month, date_day=day)
    return case


def test_a_special_rapporteurs_letter_sent_before_ohchr_received_the_allegation_is_accepted_with_consent(
        officer, consenting_case):
    # The detention was in March 2016; the Special Rapporteur, told directly, wrote to the State on 2 April;
    # OHCHR received its own copy of the allegation on 20 May. The party's consent is on record.
    case = received(happened(consenting_case(), "2016-03"), dt.date(2016, 5, 20))
    report = importer.import_communications(actor=officer, data=csv_file(row(dt.date(2016, 4, 2), case)))
    assert report.ok, report.errors
    assert list(Communication.objects.get().cases.all()) == [case]


def test_a_letter_sent_before_ohchr_received_the_allegation_is_not_one_of_the_past_without_consent(
        officer, new_case, state_user, api_as):
    # The same letter, the case with no consent decision on record: long ago as it looks, the letter is dated
    # before the allegation it is about reached this office, as a current letter with its year mistyped would be.
    case = received(happened(new_case(name="Never Asked Person"), "2016-03"), dt.date(2016, 5, 20))
    report = importer.import_communications(actor=officer, data=csv_file(row(dt.date(2016, 4, 2), case)))
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases")]
    message = report.errors[0].message
    assert case.reference in message and "Never Asked Person" in message
    assert "dated before this office received the first allegation of the case" in message
    assert "2016-04-02" in message and "2016-05-20" in message
    assert "record the consent" in message and "correct the date the allegation was received" in message
    assert not Communication.objects.exists()
    assert api_as(state_user).get("/api/v1/portal/communications").json() == []


@pytest.mark.parametrize("incident", ["its year", "two years before"])
def test_a_current_letter_with_its_month_or_year_mistyped_does_not_reach_the_portal_without_consent(
        officer, new_case, consenting_case, state_user, api_as, incident):
    # The case was registered 90 days ago, its allegation received 97 days ago; the incident is known by its
    # year only. A letter sent ten days ago is typed months (or a year) early: it falls after the first day the
    # incident can mean, and its deadline (the kind's default, 60 days) before the case was registered.
    day = today()
    registration, receipt = day - dt.timedelta(days=90), day - dt.timedelta(days=97)
    if incident == "its year":  # the incident in the year the letter is typed in
        typed = receipt - dt.timedelta(days=60)
        year = typed.year
    else:  # the reprisal two years before the letter was really sent, the year typed one early
        typed = day - dt.timedelta(days=10 + 365)
        year = (day - dt.timedelta(days=10)).year - 2
    case = registered(received(happened(new_case(name="Never Asked Person"), str(year)), receipt), registration)
    fine = consenting_case(title="Another case")
    report = importer.import_communications(actor=officer, data=csv_file(
        row(dt.date(2016, 4, 2), fine, symbol="AL BHR 1/2016"), row(typed, case)))
    assert [(e.line, e.field) for e in report.errors] == [(3, "cases")]
    message = report.errors[0].message
    assert case.reference in message and typed.isoformat() in message and receipt.isoformat() in message
    assert "dated before this office received the first allegation of the case" in message
    assert fine.reference not in message
    assert (report.communications, report.responses) == (0, 0)
    assert not Communication.objects.exists()
    assert api_as(state_user).get("/api/v1/portal/communications").json() == []


@pytest.mark.parametrize("sent", [dt.date(2016, 3, 10), dt.date(2016, 4, 2)], ids=["the day it was received", "after"])
def test_a_letter_sent_once_the_allegation_was_received_may_be_one_of_the_past(officer, new_case, sent):
    # The case (registered today) has no consent decision on record; the letter, its deadline long past, was
    # sent on or after the day its allegation was received (2016-03-10).
    case = happened(new_case(), "2016-03")
    report = importer.import_communications(actor=officer, data=csv_file(row(sent, case)))
    assert report.ok, report.errors
    assert list(Communication.objects.get().cases.all()) == [case]


def test_a_current_letter_sent_before_ohchr_received_the_allegation_is_accepted(officer, consenting_case):
    # The same today: consent in force, the letter sent three weeks ago, OHCHR's copy received (and the case
    # opened) ten days ago.
    day = today()
    case = consenting_case()
    case = registered(received(happened(case, (day - dt.timedelta(days=40)).isoformat()),
                               day - dt.timedelta(days=10)), day - dt.timedelta(days=10))
    report = importer.import_communications(actor=officer, data=csv_file(row(day - dt.timedelta(days=20), case)))
    assert report.ok, report.errors
    assert list(Communication.objects.get().cases.all()) == [case]


def test_a_current_letter_typed_a_year_early_is_still_refused_in_sent_on(officer, new_case, consenting_case):
    # The incident was three months ago, the case registered since; the letter, sent ten days ago, is typed a
    # year early: it would look sent, and answered, long before the case was registered, and so need no consent.
    day = today()
    incident = day - dt.timedelta(days=110)
    case = new_case(name="Never Asked Person")
    case = registered(received(happened(case, incident.isoformat()), day - dt.timedelta(days=97)),
                      day - dt.timedelta(days=90))
    fine = consenting_case(title="Another case")
    typed = day - dt.timedelta(days=10 + 365)
    before = (Communication.objects.count(), StateResponse.objects.count())
    report = importer.import_communications(actor=officer, data=csv_file(
        row(dt.date(2016, 4, 2), fine, symbol="AL BHR 1/2016"), row(typed, case)))
    assert [(e.line, e.field) for e in report.errors] == [(3, "sent_on")]
    message = report.errors[0].message
    assert case.reference in message and typed.isoformat() in message and incident.isoformat() in message
    assert "a reprisal that had not happened yet" in message
    assert fine.reference not in message
    assert (report.communications, report.responses) == (0, 0)
    assert (Communication.objects.count(), StateResponse.objects.count()) == before


@pytest.mark.parametrize("incident, sent, ok", [
    ("2016-03", dt.date(2016, 3, 1), True),
    ("2016", dt.date(2016, 1, 1), True),
    ("2016-03-05", dt.date(2016, 3, 5), True),
    ("2016-03-05", dt.date(2016, 3, 4), False),
    ("2016-03", dt.date(2016, 2, 29), False),
    ("2016", dt.date(2015, 12, 31), False),
], ids=["its month", "its year", "its day", "the day before its day", "the month before", "the year before"])
def test_an_incident_dated_by_its_month_or_year_may_have_happened_on_its_first_day(
        officer, consenting_case, incident, sent, ok):
    # The allegation was received on 2016-03-10, after the incident; consent is on record, so a letter sent
    # between the incident and the allegation's receipt is accepted as a current one.
    case = received(happened(consenting_case(), incident), dt.date(2016, 3, 10))
    report = importer.import_communications(actor=officer, data=csv_file(row(sent, case)))
    if ok:
        assert report.ok, report.errors
        return
    assert [(e.line, e.field) for e in report.errors] == [(2, "sent_on")]
    message = report.errors[0].message
    assert f"before the earliest incident of the case ({incident})" in message
    assert case.reference in message and sent.isoformat() in message
    assert not Communication.objects.exists()


def test_the_earliest_incident_of_a_case_sets_the_earliest_date_sent(officer, consenting_case):
    # A travel ban in March 2016, an arrest in June 2017; the allegation of both received in July 2017; consent
    # on record.
    case = received(happened(consenting_case(), "2017-06", "2016-03"), dt.date(2017, 7, 1))
    report = importer.import_communications(actor=officer, data=csv_file(
        row(dt.date(2016, 4, 2), case, symbol="AL BHR 3/2016"),
        row(dt.date(2016, 2, 15), case, symbol="AL BHR 1/2016"),
    ))
    assert [(e.line, e.field) for e in report.errors] == [(3, "sent_on")]
    assert "(2016-03)" in report.errors[0].message


@pytest.mark.parametrize("incidents", [(), ("2017-06",)], ids=["no incident", "only a later incident"])
def test_without_an_incident_dated_before_it_the_first_allegation_received_sets_the_earliest_date_sent(
        officer, new_case, incidents):
    case = received(happened(new_case(), *incidents), dt.date(2016, 3, 10))
    report = importer.import_communications(actor=officer, data=csv_file(
        row(dt.date(2016, 3, 10), case, symbol="AL BHR 3/2016"),
        row(dt.date(2016, 3, 9), case, symbol="AL BHR 2/2016"),
    ))
    assert [(e.line, e.field) for e in report.errors] == [(3, "sent_on")]
    message = report.errors[0].message
    assert case.reference in message and "2016-03-09" in message
    assert "its first allegation was received on 2016-03-10" in message
    assert "record the incident the letter is about" in message
    assert not Communication.objects.exists()


def test_each_case_of_a_row_is_held_to_its_own_facts(officer, consenting_case):
    early = happened(consenting_case(title="Early case"), "2016-03")
    late = received(happened(consenting_case(title="Late case"), "2017-01-10"), dt.date(2017, 2, 1))
    report = importer.import_communications(actor=officer, data=csv_file(
        row(dt.date(2016, 4, 2), early, late),
        row(dt.date(2017, 1, 10), early, late),  # the day of the later incident, before OHCHR's copy arrived
    ))
    assert [(e.line, e.field) for e in report.errors] == [(2, "sent_on")]
    message = report.errors[0].message
    assert late.reference in message and early.reference not in message and "2017-01-10" in message
    assert not Communication.objects.exists()
