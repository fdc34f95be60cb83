"""The communications import and consent to raise a case with the State (review 5, F1).

Every communication recorded is read by the State it is addressed to, in its portal. So the import,
like the page, never names a case whose party refused or withdrew consent to raising it with the State,
however old the letter; a letter of the past may name a case with no decision on record, since that
letter was sent before the consent records; any other letter is a current one and needs consent in
force. What makes a letter "of the past" for a case rests on what the register holds, not on the row
alone: its deadline passed before the case was registered here, so that the letter and the time the State
was given to answer were over before any consent could be recorded, and it was sent on or after the day this
office received the case's first allegation (a letter dated earlier is taken for a current one, in
tests/test_followup_letters_before_allegation.py). A false or mistyped past deadline does
not let a current letter through, and neither does a mistyped date sent: a letter cannot be about a
reprisal that had not happened yet. Every case of a row without consent is named. A refused row is named by
line and column, and nothing of the file is written."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from reprisals.cases import services as case_services
from reprisals.cases.models import Allegation, Case, ConsentUse, Incident
from reprisals.core.models import AuditEntry
from reprisals.followup import importer
from reprisals.followup.models import Communication, StateResponse
from tests.conftest import client_for
from tests.dates import today

pytestmark = pytest.mark.django_db

HEADER = "country,kind,un_body,symbol,sent_on,deadline,summary,cases,response_received_on,response_summary"


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def counts():
    return Communication.objects.count(), StateResponse.objects.count(), AuditEntry.objects.count()


def registered(case, on: dt.date):
    """The case as if opened in the register on ``on`` (``created_at`` is stamped by the system)."""
    Case.objects.filter(pk=case.pk).update(created_at=dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC))
    case.refresh_from_db()
    return case


def decide(officer, case, *decisions: tuple[bool, dt.date]):
    for granted, on in decisions:
        case_services.consent_record(actor=officer, party=case.parties.get(), use=ConsentUse.RAISE_WITH_STATE,
                                     granted=granted, decided_on=on, note="Asked by the desk officer")
    return case


@pytest.fixture
def refused(officer, new_case):
    return decide(officer, new_case(name="Refusing Person"), (False, dt.date(2016, 3, 12)))


@pytest.fixture
def withdrawn(officer, new_case):
    return decide(officer, new_case(name="Withdrawing Person"),
                  (True, dt.date(2016, 3, 12)), (False, dt.date(2020, 1, 5)))


@pytest.mark.parametrize("which", ["refused", "withdrawn"])
def test_a_letter_of_long_ago_cannot_name_a_case_whose_party_refused_or_withdrew_consent(
        request, officer, consenting_case, which):
    case = request.getfixturevalue(which)
    fine = consenting_case(title="Another case")
    before = counts()
    report = importer.import_communications(actor=officer, data=csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,AL BHR 1/2016,2016-04-02,,Letter.,{fine.reference},2016-05-30,Denied.",
        f"BHR,sp_allegation_letter,SR-HRD,AL BHR 3/2016,2016-04-02,,Letter.,{case.reference},,",
    ))
    assert [(e.line, e.field) for e in report.errors] == [(3, "cases")]
    message = report.errors[0].message
    assert case.reference in message and "refused or withdrew consent" in message
    # All or nothing: the good row on line 2 is not written either, nor its response, nor an audit entry.
    assert (report.communications, report.responses) == (0, 0)
    assert counts() == before


def test_a_letter_dated_today_is_a_current_one_and_needs_consent_in_force(officer, new_case, consenting_case,
                                                                           state_user, api_as):
    never_asked = new_case(name="Never Asked Person")
    row = (f"BHR,sp_allegation_letter,SR-HRD,,{today().isoformat()},{(today() + dt.timedelta(days=60)).isoformat()},"
           "Letter about Never Asked Person.,{ref},,")
    report = importer.import_communications(actor=officer, data=csv_file(row.format(ref=never_asked.reference)))
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases")]
    assert "still to come" in report.errors[0].message and never_asked.reference in report.errors[0].message
    assert not Communication.objects.exists()
    assert api_as(state_user).get("/api/v1/portal/communications").json() == []
    # With consent in force it is recorded, as it would be in the page.
    consenting = consenting_case(title="A consenting case")
    assert importer.import_communications(actor=officer,
                                          data=csv_file(row.format(ref=consenting.reference))).ok


def test_a_letter_whose_deadline_has_not_passed_needs_consent_in_force(officer, new_case):
    never_asked = new_case()
    sent = today() - dt.timedelta(days=20)  # sent three weeks ago, the default deadline (60 days) still to come
    report = importer.import_communications(actor=officer, data=csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,,{sent.isoformat()},,Letter.,{never_asked.reference},,"))
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases")]
    assert not Communication.objects.exists()


def test_a_letter_of_long_ago_may_name_a_case_with_no_decision_on_record(officer, new_case):
    # The history kept in spreadsheets predates the consent records: the letter was sent, record it.
    never_asked = new_case()
    report = importer.import_communications(actor=officer, data=csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,AL BHR 3/2016,2016-04-02,,Letter.,{never_asked.reference},,"))
    assert report.ok, report.errors
    assert list(Communication.objects.get().cases.all()) == [never_asked]


def test_the_import_page_names_the_refused_row_and_writes_nothing(officer, refused):
    data = csv_file(f"BHR,sp_allegation_letter,SR-HRD,AL BHR 3/2016,2016-04-02,,Letter.,{refused.reference},,")
    response = client_for(officer).post(reverse("followup:communications_import"),
                                        {"file": SimpleUploadedFile("past.csv", data)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nothing was imported" in page and "<code>cases</code>" in page and refused.reference in page
    assert not Communication.objects.exists()


# ---------------------------------------------------------------- what makes a letter one of the past

def registration_day() -> dt.date:
    """The day the case came into the register: three months ago, read when the test runs."""
    return today() - dt.timedelta(days=90)


def day(value: dt.date | dt.timedelta | str) -> dt.date | str:
    """A parametrized day read when the test runs: a ``dt.timedelta`` is that many days from ``registration_day()``;
    a fixed date (or "", the kind's default deadline) is itself."""
    return registration_day() + value if isinstance(value, dt.timedelta) else value


def row(case, *, sent: dt.date, deadline: dt.date | str = "", symbol: str = "") -> str:
    deadline = deadline.isoformat() if isinstance(deadline, dt.date) else deadline
    return f"BHR,sp_allegation_letter,SR-HRD,{symbol},{sent.isoformat()},{deadline},Letter.,{case.reference},,"


@pytest.mark.parametrize("sent", [dt.timedelta(days=0), dt.timedelta(days=70)],  # days after registration_day()
                         ids=["sent the day the case was registered", "sent weeks after"])
def test_a_past_deadline_does_not_make_a_letter_sent_after_the_case_was_registered_one_of_the_past(
        officer, new_case, consenting_case, state_user, api_as, sent):
    sent = day(sent)
    # A current letter whose deadline was mistyped (or given falsely) as yesterday: the register knows the case
    # was there, with no consent decision on record, when the letter was sent.
    never_asked = registered(new_case(name="Never Asked Person"), registration_day())
    fine = consenting_case(title="A consenting case")
    before = counts()
    report = importer.import_communications(actor=officer, data=csv_file(
        row(fine, sent=dt.date(2016, 4, 2), symbol="AL BHR 1/2016"),
        row(never_asked, sent=sent, deadline=today() - dt.timedelta(days=1)),
    ))
    assert [(e.line, e.field) for e in report.errors] == [(3, "cases")]
    message = report.errors[0].message
    assert never_asked.reference in message
    assert "no consent decision on record for a letter sent after the case was registered" in message
    assert registration_day().isoformat() in message and sent.isoformat() in message
    assert "Never Asked Person" in message  # the party without consent, by its public name
    # Nothing of the file is written, the good line 2 included, and the State's portal shows nothing.
    assert (report.communications, report.responses) == (0, 0)
    assert counts() == before
    assert api_as(state_user).get("/api/v1/portal/communications").json() == []


def test_the_check_only_run_refuses_it_too_and_the_command_names_line_column_and_case(
        officer, new_case, tmp_path):
    never_asked = registered(new_case(), registration_day())
    data = csv_file(row(never_asked, sent=today() - dt.timedelta(days=30), deadline=today() - dt.timedelta(days=2)))
    assert [(e.line, e.field) for e in importer.import_communications(actor=officer, data=data,
                                                                        dry_run=True).errors] == [(2, "cases")]
    path = tmp_path / "past.csv"
    path.write_bytes(data)
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("followup", "import", str(path), "--user", officer.username, stdout=StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert "line 2, cases" in err.getvalue() and never_asked.reference in err.getvalue()
    assert not Communication.objects.exists()


@pytest.mark.parametrize("sent, deadline", [
    (dt.date(2016, 4, 2), dt.date(2016, 6, 1)),
    (dt.timedelta(days=-61), dt.timedelta(days=-1)),  # days from registration_day()
    (dt.date(2016, 3, 10), dt.date(2016, 5, 9)),
], ids=["years before", "its deadline the day before", "sent the day the allegation was received"])
def test_a_letter_whose_deadline_passed_before_the_case_was_registered_may_name_it_with_no_decision_on_record(
        officer, new_case, sent, deadline):
    sent, deadline = day(sent), day(deadline)
    # No consent could be recorded for the case before it was in the register, and the State's time to answer
    # was over by then: the letter is one of the past. (The case's allegation was received on 2016-03-10.)
    never_asked = registered(new_case(), registration_day())
    report = importer.import_communications(actor=officer, data=csv_file(row(never_asked, sent=sent,
                                                                              deadline=deadline)))
    assert report.ok, report.errors
    assert list(Communication.objects.get().cases.all()) == [never_asked]


@pytest.mark.parametrize("sent, deadline", [
    (dt.timedelta(days=-1), ""),  # the kind's default: 59 days after the case was registered
    (dt.timedelta(days=-60), dt.timedelta(days=0)),  # days from registration_day()
], ids=["sent the day before, default deadline", "its deadline the day the case was registered"])
def test_a_letter_still_awaiting_its_answer_when_the_case_was_registered_is_a_current_one(
        officer, new_case, consenting_case, state_user, api_as, sent, deadline):
    sent, deadline = day(sent), day(deadline)
    # Its deadline has passed since, but the register held the case while the State was asked to answer.
    never_asked = registered(new_case(name="Never Asked Person"), registration_day())
    report = importer.import_communications(actor=officer, data=csv_file(row(never_asked, sent=sent,
                                                                              deadline=deadline)))
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases")]
    message = report.errors[0].message
    assert never_asked.reference in message and "Never Asked Person" in message
    assert "still awaiting its answer when the case was registered" in message
    assert registration_day().isoformat() in message and sent.isoformat() in message
    assert not Communication.objects.exists()
    assert api_as(state_user).get("/api/v1/portal/communications").json() == []
    # With consent in force it is recorded.
    consenting = registered(consenting_case(title="A consenting case"), registration_day())
    assert importer.import_communications(actor=officer, data=csv_file(row(consenting, sent=sent,
                                                                            deadline=deadline))).ok


def test_every_case_of_a_row_without_consent_is_named(officer, new_case, consenting_case):
    first = registered(new_case(name="First Unasked Person"), registration_day())
    fine = registered(consenting_case(title="A consenting case"), registration_day())
    second = registered(new_case(name="Second Unasked Person"), registration_day())
    sent = registration_day() + dt.timedelta(days=10)  # after the case was registered, its deadline passed since
    report = importer.import_communications(actor=officer, data=csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,,{sent.isoformat()},{(today() - dt.timedelta(days=1)).isoformat()},Letter.,"
        f"{first.reference} {fine.reference} {second.reference},,"))
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases"), (2, "cases")]
    first_message, second_message = (e.message for e in report.errors)
    assert first.reference in first_message and "First Unasked Person" in first_message
    assert second.reference in second_message and "Second Unasked Person" in second_message
    assert fine.reference not in first_message + second_message
    assert not Communication.objects.exists()


# ---------------------------------------------------------------- a letter cannot predate the reprisal it is about


def received(case, on: dt.date):
    """The case's allegation as if received on ``on``."""
    Allegation.objects.filter(case=case).update(received_on=on)
    return case


@pytest.mark.parametrize("kind", ["no consent decision", "consent in force"])
def test_a_letter_dated_before_the_incident_of_its_case_is_refused_in_sent_on(
        officer, new_case, consenting_case, state_user, api_as, kind):
    # The incident happened twenty days, and the allegation was received a week, before the case was registered;
    # a letter sent ten days ago is typed a year early with the kind's default deadline: it would look sent, and
    # answered, long before the register, about a reprisal that had not happened yet.
    case = new_case(name="Never Asked Person") if kind == "no consent decision" else consenting_case()
    case = received(registered(case, registration_day()), registration_day() - dt.timedelta(days=7))
    incident = registration_day() - dt.timedelta(days=20)
    Incident.objects.filter(case=case).update(date_year=incident.year, date_month=incident.month,
                                              date_day=incident.day)
    fine = consenting_case(title="Another case")
    really_sent = today() - dt.timedelta(days=10)
    typed = really_sent.replace(year=really_sent.year - 1)
    before = counts()
    report = importer.import_communications(actor=officer, data=csv_file(
        row(fine, sent=dt.date(2016, 4, 2), symbol="AL BHR 1/2016"),
        row(case, sent=typed),
    ))
    assert [(e.line, e.field) for e in report.errors] == [(3, "sent_on")]
    message = report.errors[0].message
    assert case.reference in message and typed.isoformat() in message
    assert incident.isoformat() in message
    assert "before the earliest incident of the case" in message
    assert "a reprisal that had not happened yet" in message
    assert (report.communications, report.responses) == (0, 0)
    assert counts() == before
    assert api_as(state_user).get("/api/v1/portal/communications").json() == []


def test_without_an_incident_the_first_allegation_of_each_case_named_sets_the_earliest_date_sent(
        officer, new_case, bahrain):
    # The early case's incident is dated 2016-03; the late case has no incident recorded, only its allegations.
    early, late = new_case(title="Early case"), received(new_case(title="Late case"), dt.date(2017, 1, 10))
    Incident.objects.filter(case=late).delete()
    later = case_services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2018, 5, 1),
                                            narrative="A later allegation.")
    case_services.allegation_attach(actor=officer, allegation=later, case=late)
    report = importer.import_communications(actor=officer, data=csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,,2016-04-02,,Letter.,{early.reference} {late.reference},,",
        f"BHR,sp_allegation_letter,SR-HRD,,2017-01-10,,Letter.,{early.reference} {late.reference},,",
    ))
    assert [(e.line, e.field) for e in report.errors] == [(2, "sent_on")]
    assert late.reference in report.errors[0].message and early.reference not in report.errors[0].message
    assert "2017-01-10" in report.errors[0].message
    assert not Communication.objects.exists()


@pytest.mark.parametrize("which", ["refused", "withdrawn"])
def test_a_refused_or_withdrawn_consent_is_refused_on_every_row_old_or_current(request, officer, which):
    case = registered(request.getfixturevalue(which), registration_day())
    before = counts()
    report = importer.import_communications(actor=officer, data=csv_file(
        row(case, sent=dt.date(2016, 4, 2), symbol="AL BHR 3/2016"),  # long before the register
        row(case, sent=registration_day() + dt.timedelta(days=10), deadline=today() - dt.timedelta(days=1),
            symbol="AL 2"),
        row(case, sent=today() - dt.timedelta(days=5), symbol="AL 3"),  # current, deadline still to come
    ))
    assert [(e.line, e.field) for e in report.errors] == [(2, "cases"), (3, "cases"), (4, "cases")]
    assert all(case.reference in e.message for e in report.errors)
    assert "refused or withdrew consent" in report.errors[0].message
    assert "refused or withdrew consent" in report.errors[1].message
    assert counts() == before


def test_consent_in_force_lets_any_letter_sent_while_the_case_was_registered_in(officer, consenting_case):
    case = registered(consenting_case(), registration_day())
    report = importer.import_communications(actor=officer, data=csv_file(
        row(case, sent=registration_day() + dt.timedelta(days=3), deadline=registration_day() + dt.timedelta(days=60),
            symbol="AL BHR 1/2026"),  # answered or not, its deadline has passed
        row(case, sent=today() - dt.timedelta(days=5), symbol="AL BHR 2/2026"),  # current
    ))
    assert report.ok, report.errors
    assert report.communications == 2
    assert Communication.objects.filter(cases=case).count() == 2


def test_a_deadline_before_the_date_sent_is_named_in_its_column_whatever_the_cases(officer, refused):
    # The row's case would be refused too; the mistyped deadline is named all the same, on its line.
    report = importer.import_communications(actor=officer, data=csv_file(
        row(refused, sent=dt.date(2016, 4, 2), deadline=dt.date(2016, 4, 1))))
    assert [(e.line, e.field) for e in report.errors] == [(2, "deadline")]
    assert "before the date sent" in report.errors[0].message
    assert not Communication.objects.exists()
