"""Loading past communications and the States' responses from CSV (`reprisals followup import`): the
history kept in spreadsheets, with deadlines long past, recorded as it happened; every problem listed by
line and column, and nothing written unless every row is right."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from reprisals.cases.models import CaseStatus
from reprisals.core.errors import Forbidden
from reprisals.core.models import AuditEntry
from reprisals.followup import importer, selectors
from reprisals.followup.models import Communication, StateResponse
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HEADER = ("country,kind,un_body,symbol,sent_on,deadline,summary,internal_notes,cases,response_received_on,"
          "response_summary,response_channel")


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def counts():
    return Communication.objects.count(), StateResponse.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def two_cases(verified_case):
    return verified_case(), verified_case(title="The lawyer's case")


def test_past_letters_and_answers_are_recorded_as_they_happened(officer, two_cases):
    first, second = two_cases
    data = csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,AL BHR 3/2016,2016-04-02,,Allegation letter.,,{first.reference} "
        f"{second.reference.lower()},2016-05-30,The State denied the allegation.,",
        f"bhr,SP_URGENT_APPEAL,sr-hrd,UA BHR 1/2017,2017-01-10,2017-02-09,Urgent appeal.,From the old sheet,"
        f"{second.reference},,,",
    )
    report = importer.import_communications(actor=officer, data=data)
    assert report.ok and (report.rows, report.communications, report.responses) == (2, 2, 1)
    letter = Communication.objects.get(symbol="AL BHR 3/2016")
    assert letter.deadline == dt.date(2016, 6, 1)  # the default of the kind, 60 days
    assert (letter.answered_on, letter.days_to_answer) == (dt.date(2016, 5, 30), 58)
    assert set(letter.cases.values_list("pk", flat=True)) == {first.pk, second.pk}
    appeal = Communication.objects.get(symbol="UA BHR 1/2017")
    assert appeal.internal_notes == "From the old sheet" and appeal.answered_on is None
    assert appeal.pk in {row.id for row in selectors.rows(
        selectors.communication_list(officer, selectors.CommunicationFilters(overdue=True)), 50)}
    for case in (first, second):
        case.refresh_from_db()
        assert case.status == CaseStatus.VERIFIED  # the register already says where each case stands
    records = AuditEntry.objects.filter(action="communication.record")
    assert records.count() == 2 and all(e.payload["imported"] for e in records)
    assert AuditEntry.objects.get(action="communication.import").payload == {
        "rows": 2, "communications": 2, "responses": 1}


def test_every_problem_is_named_by_line_and_column_and_nothing_is_written(officer, two_cases):
    first, _second = two_cases
    importer.import_communications(actor=officer, data=csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,AL BHR 1/2015,2016-03-15,,Already here.,,{first.reference},,,"))
    before = counts()
    ref = first.reference
    report = importer.import_communications(actor=officer, data=csv_file(
        f"QZZ,sp_allegation_letter,SR-HRD,,2016-04-02,,Letter.,,{ref},,,",  # line 2: QZZ, a code no State has
        f"BHR,sp_allegation_letter,SR-HRD,,2016-13-02,,Letter.,,{ref},,,",                        # line 3
        "BHR,sp_allegation_letter,SR-HRD,,2016-04-02,,Letter.,,RT-1999-99999,,,",                # line 4
        f"BHR,sp_allegation_letter,SR-HRD,,2016-04-02,,Letter.,,{ref},2016-05-01,,",              # line 5
        f"BHR,sp_allegation_letter,SR-HRD,AL BHR 2/2016,2016-04-02,,Letter.,,{ref},,,",           # line 6
        f"BHR,sp_allegation_letter,SR-HRD,al bhr 2/2016,2016-04-03,,Letter.,,{ref},,,",           # line 7
        f"BHR,sp_allegation_letter,SR-HRD,AL BHR 1/2015,2016-04-02,,Letter.,,{ref},,,",           # line 8
        f"BHR,sp_allegation_letter,SR-HRD,,2016-04-02,2016-03-01,Letter.,,{ref},,,",              # line 9
        f"BHR,sp_allegation_letter,SR-HRD,,2016-04-02,,Letter.,,{ref},2016-05-01,Reply.,portal",  # line 10
        f"BHR,sp_allegation_letter,SR-HRD,,2016-04-02,,Letter.,,{ref},2016-03-01,Reply.,",        # line 11
    ))
    assert {(e.line, e.field) for e in report.errors} == {
        (2, "country"), (3, "sent_on"), (4, "cases"), (5, "response_summary"), (7, "symbol"), (8, "symbol"),
        (9, "deadline"), (10, "response_channel"), (11, "response_received_on")}
    assert "line 6" in next(e.message for e in report.errors if e.line == 7)
    assert (report.communications, report.responses) == (0, 0)
    assert counts() == before


def test_a_dry_run_checks_every_row_and_writes_nothing(officer, two_cases):
    first, _second = two_cases
    before = counts()
    report = importer.import_communications(actor=officer, dry_run=True, data=csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,AL BHR 3/2016,2016-04-02,,Letter.,,{first.reference},2016-05-30,No.,"))
    assert report.ok and (report.communications, report.responses) == (1, 1)
    assert counts() == before


def test_a_spreadsheets_csv_with_semicolons_a_bom_and_capitals_is_read(officer, two_cases):
    first, _second = two_cases
    header = "Country;Kind;UN_Body;Sent_On;Summary;Cases;;"
    data = "\ufeff".encode() + csv_file(f"BHR;note_verbale;OHCHR;2018-07-01;Note verbale.;{first.reference};;",
                                         header=header)
    report = importer.import_communications(actor=officer, data=data)
    assert report.ok, [str(e) for e in report.errors]
    assert Communication.objects.get().kind == "note_verbale"


@pytest.mark.parametrize(("data", "field"), [
    (b"", "header"), (b"country,kind\nBHR,other\n", "header"), (b"\xff\xfeb\x00", "file"),
    (HEADER.encode() + b"\nBHR,other,OHCHR,,2018-07-01,,Note\x00,,X,,,\n", "summary"),
])
def test_files_that_cannot_be_read_say_why(officer, data, field):
    report = importer.import_communications(actor=officer, data=data)
    assert not report.ok and report.errors[0].field == field


def test_only_those_who_record_communications_may_import(focal):
    with pytest.raises(Forbidden):
        importer.import_communications(actor=focal, data=csv_file())


def test_the_command_exits_0_1_or_2(officer, two_cases, tmp_path, capsys):
    first, _second = two_cases
    good = tmp_path / "good.csv"
    good.write_bytes(csv_file(
        f"BHR,sp_allegation_letter,SR-HRD,AL BHR 3/2016,2016-04-02,,Letter.,,{first.reference},,,"))
    call_command("followup", "import", str(good), "--user", officer.username)
    assert "imported 1 communication(s) and 0 response(s) from 1 row(s)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_code:
        call_command("followup", "import", str(good), "--user", officer.username)
    assert exit_code.value.code == 1
    assert "good.csv: line 2, symbol:" in capsys.readouterr().err
    for args in ([str(tmp_path / "missing.csv"), "--user", officer.username], [str(good), "--user", "nobody"]):
        with pytest.raises(SystemExit) as exit_code:
            call_command("followup", "import", *args)
        assert exit_code.value.code == 2
    assert Communication.objects.count() == 1


# ---------------------------------------------------------------- the page


def test_the_import_page_checks_then_imports_and_lists_problems_by_line(officer, two_cases):
    first, _second = two_cases
    client = client_for(officer)
    url = reverse("followup:communications_import")
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("followup:deadlines")).content.decode()
    template = client.get(reverse("followup:communications_import_template"))
    assert template.content.decode().strip() == ",".join(importer.COLUMNS)
    good = csv_file(f"BHR,sp_allegation_letter,SR-HRD,AL BHR 3/2016,2016-04-02,,Letter.,,{first.reference},,,")
    checked = client.post(url, {"file": SimpleUploadedFile("past.csv", good), "dry_run": "on"})
    assert checked.status_code == 200 and "Check passed" in checked.content.decode()
    assert not Communication.objects.exists()
    done = client.post(url, {"file": SimpleUploadedFile("past.csv", good)})
    assert done.status_code == 200 and Communication.objects.count() == 1
    again = client.post(url, {"file": SimpleUploadedFile("past.csv", good)})
    assert again.status_code == 422
    page = again.content.decode()
    assert "Nothing was imported" in page and "<code>symbol</code>" in page
    assert Communication.objects.count() == 1
    assert client.post(url, {"dry_run": "on"}).status_code == 422  # not multipart: no file arrived


def test_the_import_page_is_for_those_who_record_communications(focal):
    assert client_for(focal).get(reverse("followup:communications_import")).status_code == 403


@pytest.mark.parametrize("column", ["country", "kind", "un_body", "sent_on", "summary", "cases"])
def test_a_required_value_left_blank_is_named_and_nothing_is_counted_or_written(officer, two_cases, column):
    first, _second = two_cases
    values = {"country": "BHR", "kind": "sp_allegation_letter", "un_body": "SR-HRD", "sent_on": "2016-04-02",
              "summary": "Letter.", "cases": first.reference}
    values[column] = "  "
    row = "{country},{kind},{un_body},,{sent_on},,{summary},,{cases},,,".format(**values)
    before = counts()
    report = importer.import_communications(actor=officer, data=csv_file(row))
    assert [(e.line, e.field) for e in report.errors] == [(2, column)]
    assert (report.communications, report.responses) == (0, 0)
    assert counts() == before


def test_a_cell_longer_than_the_csv_reader_takes_is_named_by_its_line_on_the_import_page(officer, two_cases):
    import csv

    first, _second = two_cases
    huge = "x" * (csv.field_size_limit() + 1)
    data = csv_file(f"BHR,sp_allegation_letter,SR-HRD,AL BHR 3/2016,2016-04-02,,Letter.,,{first.reference},,,",
                    f"BHR,sp_allegation_letter,SR-HRD,AL BHR 4/2016,2016-04-02,,{huge},,{first.reference},,,")
    report = importer.import_communications(actor=officer, data=data)
    assert [(e.line, e.field) for e in report.errors] == [(3, "file")]
    assert "cannot be read as CSV" in report.errors[0].message
    response = client_for(officer).post(reverse("followup:communications_import"),
                                        {"file": SimpleUploadedFile("past.csv", data)})
    assert response.status_code == 422 and "Nothing was imported" in response.content.decode()
    assert not Communication.objects.exists()
