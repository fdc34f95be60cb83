"""A date typed as far as the calendar goes (9999-12-31) is a mistake to name, never a crash.

A deadline is checked against the date sent by the days between them: adding a year to a date sent on
9999-12-31 has no answer, and a row of the import (or a communication typed in or sent to the API) with
such dates must be refused with a message in the column at fault, on its line, like any other mistake.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.followup import importer, rules
from reprisals.followup.models import Communication
from tests.dates import today

pytestmark = pytest.mark.django_db

HEADER = "country,kind,un_body,symbol,sent_on,deadline,summary,cases,response_received_on,response_summary"
LAST = dt.date.max  # 9999-12-31


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.mark.django_db(False)
@pytest.mark.parametrize("sent, deadline, problem", [
    (LAST, LAST, None),
    (LAST - dt.timedelta(days=365), LAST, None),
    (LAST - dt.timedelta(days=366), LAST, "too_far"),
    (LAST, LAST - dt.timedelta(days=1), "before_sent"),
], ids=["both the last day", "a year before it", "a year and a day before it", "the deadline before"])
def test_the_deadline_check_reads_the_last_day_of_the_calendar(sent, deadline, problem):
    assert rules.deadline_problem(sent, deadline, dt.date(2026, 12, 1)) == problem


@pytest.mark.parametrize("deadline", ["9999-12-31", ""], ids=["deadline the same day", "default deadline"])
def test_an_imported_row_sent_on_the_last_day_of_the_calendar_is_refused_in_sent_on(officer, consenting_case,
                                                                                     deadline):
    case = consenting_case()
    report = importer.import_communications(actor=officer, data=csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,,2016-04-02,,Letter.,{case.reference},,",
        f"BHR,sp_allegation_letter,SR-HRD,,9999-12-31,{deadline},Letter.,{case.reference},,"))
    assert [(e.line, e.field) for e in report.errors] == [(3, "sent_on")]
    assert "in the future" in report.errors[0].message
    assert (report.communications, report.responses) == (0, 0)
    assert not Communication.objects.exists()


def test_an_imported_deadline_on_the_last_day_of_the_calendar_is_refused_in_deadline(officer, consenting_case):
    case = consenting_case()
    sent = today() - dt.timedelta(days=5)
    report = importer.import_communications(actor=officer, data=csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,,{sent.isoformat()},9999-12-31,Letter.,{case.reference},,"))
    assert [(e.line, e.field) for e in report.errors] == [(2, "deadline")]
    assert "more than a year after the date sent" in report.errors[0].message
    assert not Communication.objects.exists()


@pytest.mark.parametrize("sent", ["9999-12-31", None], ids=["sent on the last day", "sent today"])
def test_the_api_names_the_field_of_a_date_on_the_last_day_of_the_calendar(api_as, officer, consenting_case, sent):
    case = consenting_case()
    response = api_as(officer).post("/api/v1/communications", {
        "country": "BHR", "kind": "sp_allegation_letter", "un_body": "SR-HRD", "sent_on": sent or today().isoformat(),
        "deadline": "9999-12-31", "summary": "Allegation letter.", "case_ids": [case.pk]})
    assert response.status_code == 422, response.content
    assert set(response.json()["error"]["fields"]) == {"sent_on" if sent else "deadline"}
    assert not Communication.objects.exists()
