"""The file given to ``reprisals import`` or ``reprisals restore`` that cannot be read as a file: a directory,
or a file the account running the command may not read. Each is refused naming the file and why, with the
command's exit status for a file it cannot use, instead of "no such file" or a traceback; nothing is written."""

from __future__ import annotations

import errno
import io
import os
import pathlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.core.models import AuditEntry
from reprisals.intake.models import ImportBatch, Submission

pytestmark = pytest.mark.django_db


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as exc:
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
    return exc.value


@pytest.fixture
def unreadable(tmp_path, monkeypatch) -> pathlib.Path:
    """A file that opening fails with EACCES, as for an account without read permission (the tests may run as
    root, who reads every file)."""
    path = tmp_path / "secret.csv"
    path.write_text("sender_reference,country,what_happened\nW1,BHR,Detained\n", encoding="utf-8")
    real_open = pathlib.Path.open

    def denied(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", denied)
    real_builtin_open = open

    def denied_builtin(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_builtin_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied_builtin)
    return path


def test_importing_a_directory_says_it_is_a_directory(reference, tmp_path):
    error = refused("import", str(tmp_path), "--format", "csv")
    assert str(error) == f"{tmp_path}: is a directory, not a file" and error.returncode == 2


def test_importing_a_file_that_cannot_be_read_names_it_and_imports_nothing(reference, unreadable):
    error = refused("import", str(unreadable), "--source", "ISHR")
    assert str(error) == f"{unreadable}: cannot be read (Permission denied); nothing was imported"
    assert error.returncode == 2
    assert not Submission.objects.exists() and not ImportBatch.objects.exists()


def test_restoring_a_file_that_cannot_be_read_names_it_and_changes_nothing(db, unreadable):
    before = AuditEntry.objects.count()
    error = refused("restore", str(unreadable))
    assert str(error) == f"restore refused, nothing changed: {unreadable}: cannot be read (Permission denied)"
    assert AuditEntry.objects.count() == before
