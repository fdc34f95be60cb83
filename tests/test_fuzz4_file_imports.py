"""``reprisals followup import`` and ``reprisals trackers import-ngo`` with a cell longer than any CSV reader here
takes (a file that is not the table it claims, or a paste gone wrong): refused naming the file, exit 1, nothing
imported, instead of a traceback from the CSV reader: the table reader names the line (``csvtable.read_table``)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from reprisals.followup.models import Communication
from reprisals.trackers.models import NGOApplication

pytestmark = pytest.mark.django_db

HUGE = "x" * (max(csv.field_size_limit(), 1_000_000) + 1)


def exits(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    return exc.value.code, err.getvalue()


def test_a_followup_file_with_a_cell_too_long_to_read_is_refused_naming_it(officer, tmp_path):
    path = tmp_path / "letters.csv"
    path.write_text("country,kind,un_body,symbol,sent_on,deadline,summary,internal_notes,cases\n"
                    f"BHR,communication,HRC,AL BHR 1/2024,2024-01-02,,{HUGE},,RT-2017-00001\n", encoding="utf-8")
    code, err = exits("followup", "import", str(path), "--user", "officer")
    assert code == 1
    assert "letters.csv: line 2, file: this line cannot be read as CSV: field larger than field limit" in err
    assert "nothing was imported" in err and not Communication.objects.exists()


def test_an_ngo_file_with_a_cell_too_long_to_read_is_refused_naming_it(reference, tmp_path):
    path = tmp_path / "ngos.csv"
    path.write_text("ngo_name,ngo_country,date_applied,areas_of_work,session,session_date,outcome\n"
                    f"Some NGO,BHR,2024-01-01,{HUGE},2024 regular,2024-05-01,deferred\n", encoding="utf-8")
    code, err = exits("trackers", "import-ngo", str(path))
    assert code == 1
    assert "ngos.csv: line 2, file: this line cannot be read as CSV: field larger than field limit" in err
    assert "nothing was imported" in err and not NGOApplication.objects.exists()
