"""Importing ECOSOC Committee on NGOs session results as the reprisals team's files really come: saved
by a spreadsheet with semicolons, headers in capitals, a stray NUL, a date typed as an ISO week. Each is
either read or refused naming the line and column, and nothing is half written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reprisals.trackers import imports
from reprisals.trackers.models import NGOApplication, SessionOutcome
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

COLUMNS = "ngo_name,ngo_country,date_applied,areas_of_work,session,session_date,outcome,questioning_states,notes"
ROW = "Centre for Water Rights,PAK,2019-05-30,water|land,2021 regular session,2021-01-25,deferred,CHN|CUB,"


def nothing_written() -> bool:
    return not NGOApplication.objects.exists() and not SessionOutcome.objects.exists()


def test_a_nul_character_in_a_row_is_refused_naming_line_and_column(officer):
    data = f"{COLUMNS}\n{ROW}\nCentre for\x00 Land,PAK,2019-05-30,,2021 regular session,2021-01-25,deferred,,\n"
    report = imports.ngo_import(actor=officer, data=data.encode())
    assert [(e.line, e.field) for e in report.errors] == [(3, "ngo_name")]
    assert "not text" in report.errors[0].message
    assert nothing_written()


def test_a_file_saved_with_semicolons_is_read(officer):
    text = f"{COLUMNS}\n{ROW}\n".replace(",", ";")
    report = imports.ngo_import(actor=officer, data=text.encode())
    assert report.ok, report.errors
    outcome = SessionOutcome.objects.get()
    assert outcome.application.ngo_name == "Centre for Water Rights"
    assert sorted(outcome.questioning_states.values_list("iso3", flat=True)) == ["CHN", "CUB"]


def test_a_tab_separated_file_is_read(officer):
    report = imports.ngo_import(actor=officer, data=f"{COLUMNS}\n{ROW}\n".replace(",", "\t").encode())
    assert report.ok, report.errors
    assert SessionOutcome.objects.count() == 1


def test_column_names_in_capitals_or_with_spaces_are_recognised(officer):
    header = ", ".join(c.upper() for c in COLUMNS.split(","))
    report = imports.ngo_import(actor=officer, data=f"{header}\n{ROW}\n".encode())
    assert report.ok, report.errors
    assert SessionOutcome.objects.count() == 1


@pytest.mark.parametrize("typed", ["2021-W04-1", "2021-025", "20210125", "2021-01-25T00:00"])
def test_only_year_month_day_is_a_date(officer, typed):
    report = imports.ngo_import(actor=officer, data=f"{COLUMNS}\n{ROW.replace('2021-01-25', typed)}\n".encode())
    assert [(e.line, e.field) for e in report.errors] == [(2, "session_date")]
    assert "YYYY-MM-DD" in report.errors[0].message
    assert nothing_written()


def test_the_web_import_reads_a_semicolon_file_and_reports_a_nul_by_line(officer):
    client = client_for(officer)
    semicolons = f"{COLUMNS}\n{ROW}\n".replace(",", ";").encode()
    page = client.post(reverse("trackers:ngo_import"), {"file": SimpleUploadedFile("results.csv", semicolons)})
    assert page.status_code == 200 and SessionOutcome.objects.count() == 1

    nul = f"{COLUMNS}\nGroup\x00,PAK,2019-05-30,,2022 regular session,2022-01-25,deferred,,\n".encode()
    page = client.post(reverse("trackers:ngo_import"), {"file": SimpleUploadedFile("more.csv", nul)})
    assert page.status_code == 422 and "not text" in page.content.decode()
    assert SessionOutcome.objects.count() == 1


def test_a_questioning_state_written_twice_in_different_case_is_counted_once(officer):
    """"CHN|chn" made the import fail with "recorded by someone else during the import", every time."""
    report = imports.ngo_import(actor=officer, data=f"{COLUMNS}\n{ROW.replace('CHN|CUB', 'CHN|chn| Chn')}\n".encode())
    assert report.ok, report.errors
    assert list(SessionOutcome.objects.get().questioning_states.values_list("iso3", flat=True)) == ["CHN"]


def test_a_session_given_twice_in_the_file_names_the_other_line(officer):
    """It said "an outcome for session … is already recorded", although nothing was recorded yet."""
    later = ROW.replace("Centre for Water Rights", "centre for water  rights")
    report = imports.ngo_import(actor=officer, data=f"{COLUMNS}\n{ROW}\n{later}\n".encode(), dry_run=True)
    assert [(e.line, e.field) for e in report.errors] == [(3, "session")]
    assert "line 2" in report.errors[0].message and "already recorded" not in report.errors[0].message


def test_empty_columns_left_by_a_spreadsheet_are_ignored_but_a_value_in_them_is_not(officer):
    """A header ending in ",," (cells once touched in a spreadsheet) was refused as "unknown column(s): , "."""
    report = imports.ngo_import(actor=officer, data=f"{COLUMNS},,\n{ROW},,\n".encode(), dry_run=True)
    assert report.ok, report.errors
    report = imports.ngo_import(actor=officer, data=f"{COLUMNS},,\n{ROW},,forgotten\n".encode())
    assert [(e.line, e.field) for e in report.errors] == [(2, "row")]
    assert nothing_written()
