"""Account names, codes and passwords that no database or sign-in form could hold, given to the command line: a
byte of the terminal that is not UTF-8 reaches Python as broken Unicode (``\\udcff``), and a password read from
standard input may hold a NUL. Each is refused naming the argument (or answered as no such account), with the
command's usual exit status, instead of a traceback from the query; nothing is written. ``--password-stdin``
with nothing on standard input is refused, not taken as an account without a password."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.accounts.models import User
from reprisals.core.models import AuditEntry
from reprisals.intake.models import ReportingSchedule

pytestmark = pytest.mark.django_db

BROKEN = "\udced\udcb3\udcbf"  # what Python makes of the bytes ED B3 BF in an argument


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as exc:
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
    return exc.value


def exits(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    return exc.value.code, err.getvalue()


@pytest.fixture
def csv_file(tmp_path: Path) -> str:
    path = tmp_path / "rows.csv"
    path.write_text("sender_reference,country,what_happened\nW1,BHR,Detained\n", encoding="utf-8")
    return str(path)


def test_import_as_an_account_whose_name_is_broken_unicode_is_refused_as_no_such_account(reference, csv_file):
    error = refused("import", csv_file, "--source", "ISHR", "--user", BROKEN)
    assert "no active account named" in str(error) and error.returncode == 2


def test_export_as_an_account_whose_name_is_broken_unicode_is_refused_as_no_such_account(reference, tmp_path):
    error = refused("export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--user", BROKEN)
    assert "no active account named" in str(error)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [("followup", "import"), ("trackers", "import-ngo")])
def test_a_file_import_as_an_account_whose_name_is_broken_unicode_exits_2_naming_it(reference, csv_file, command):
    code, err = exits(*command, csv_file, "--user", BROKEN)
    assert code == 2 and "no active user named" in err


def test_a_new_password_for_an_account_whose_name_is_broken_unicode_is_no_such_user(reference, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough passphrase\n"))
    assert "no user named" in str(refused("user", "password", BROKEN, "--password-stdin"))


@pytest.mark.parametrize(("args", "named"), [
    ((BROKEN, "--role", "case_officer"), "username"),
    (("mission2", "--role", "state", "--state", BROKEN), "--state"),
    (("focal2", "--role", "focal_point", "--entity", BROKEN), "--entity"),
], ids=["name", "state", "entity"])
def test_a_new_account_with_broken_unicode_is_refused_naming_the_argument(reference, args, named):
    before = AuditEntry.objects.count()
    error = refused("user", "add", *args, "--no-password")
    assert str(error).startswith(f"{named}: contains characters that are not text (broken Unicode)")
    assert not User.objects.exists() and AuditEntry.objects.count() == before


@pytest.mark.parametrize("password", ["a long\x00enough passphrase", "a long \udcff\udcfe enough passphrase"],
                         ids=["nul", "broken-unicode"])
def test_a_password_no_sign_in_form_could_send_is_refused_naming_it(reference, officer, monkeypatch, password):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    assert str(refused("user", "add", "newcomer", "--role", "admin", "--password-stdin")).startswith("password: ")
    assert not User.objects.filter(username="newcomer").exists()
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    old = User.objects.get(pk=officer.pk).password
    assert str(refused("user", "password", "officer", "--password-stdin")).startswith("password: ")
    assert User.objects.get(pk=officer.pk).password == old


def test_password_stdin_with_nothing_to_read_is_refused_not_an_account_without_password(reference, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    error = refused("user", "add", "newcomer", "--role", "admin", "--password-stdin")
    assert "--password-stdin: standard input held no password" in str(error)
    assert not User.objects.filter(username="newcomer").exists()


def test_a_reporting_schedule_for_an_entity_code_of_broken_unicode_is_refused_naming_it(reference):
    error = refused("intake", "schedule", BROKEN, "--every", "3", "--from", "2024-01-01")
    assert str(error).startswith("entity: contains characters that are not text")
    assert not ReportingSchedule.objects.exists()
