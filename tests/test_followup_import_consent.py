"""The communications import and consent to raise a case with the State (review 5, F1).

Every communication recorded is read by the State it is addressed to, in its portal. So the import,
like the page, never names a case whose party refused or withdrew consent to raising it with the State,
however old the letter; a letter whose deadline has passed (truly of the past) may name a case with no
decision on record, since that letter was sent long ago; a letter whose deadline is still to come is a
current one and needs consent in force. A refused row is named by line and column, and nothing of the
file is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reprisals.cases import services as case_services
from reprisals.cases.models import ConsentUse
from reprisals.core.models import AuditEntry
from reprisals.followup import importer
from reprisals.followup.models import Communication, StateResponse
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HEADER = "country,kind,un_body,symbol,sent_on,deadline,summary,cases,response_received_on,response_summary"
TODAY = dt.date.today()


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def counts():
    return Communication.objects.count(), StateResponse.objects.count(), AuditEntry.objects.count()


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
    row = (f"BHR,sp_allegation_letter,SR-HRD,,{TODAY.isoformat()},{(TODAY + dt.timedelta(days=60)).isoformat()},"
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
    sent = TODAY - dt.timedelta(days=20)  # sent three weeks ago, the default deadline (60 days) still to come
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
