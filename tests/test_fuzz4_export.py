"""``reprisals export --out FILE`` with an output it cannot write: a directory (``.``, or ``--out ''``), a pipe, or a
disk that fills up half-way. Each is refused naming the file, exit 1; a file already at that path is left as it
was, no partial file is left beside it, and no export is recorded in the audit log."""

from __future__ import annotations

import errno
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.core.models import AuditEntry
from reprisals.intake.management.commands import export as export_command

pytestmark = pytest.mark.django_db


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as exc:
        call_command("export", "--format", "csv", *args, stdout=StringIO(), stderr=StringIO())
    return exc.value


@pytest.mark.parametrize("out", ["", "."], ids=["empty", "dot"])
def test_an_output_that_is_a_directory_is_refused_naming_it(reference, tmp_path, monkeypatch, out):
    monkeypatch.chdir(tmp_path)
    before = AuditEntry.objects.count()
    error = refused("--out", out)
    assert "is a directory; give --out a file" in str(error) and error.returncode == 1
    assert list(tmp_path.iterdir()) == [] and AuditEntry.objects.count() == before


def test_an_output_that_is_a_pipe_is_refused_and_left_in_place(reference, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    reader = os.open(tmp_path / "pipe", os.O_RDONLY | os.O_NONBLOCK)  # so that opening it to write never waits
    try:
        error = refused("--out", str(tmp_path / "pipe"))
    finally:
        os.close(reader)
    assert "pipe: is not a regular file; give --out a file" in str(error)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_disk_full_half_way_leaves_the_earlier_file_whole_and_records_nothing(reference, tmp_path, monkeypatch):
    out = tmp_path / "cases.csv"
    out.write_text("the export of last week\n", encoding="utf-8")

    def disk_full(*, actor, fmt, out, public):
        out.write("reference,title\n")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export_command, "export_run", disk_full)
    before = AuditEntry.objects.count()
    error = refused("--out", str(out))
    assert f"{out}: cannot be written (No space left on device); nothing was written" in str(error)
    assert out.read_text(encoding="utf-8") == "the export of last week\n"
    assert [p.name for p in tmp_path.iterdir()] == ["cases.csv"] and AuditEntry.objects.count() == before


def test_an_export_replaces_the_earlier_file_when_complete(reference, tmp_path):
    out = tmp_path / "cases.csv"
    out.write_text("the export of last week\n", encoding="utf-8")
    call_command("export", "--format", "csv", "--out", str(out), stdout=StringIO(), stderr=StringIO())
    assert out.read_text(encoding="utf-8").startswith("reference,")
    assert [p.name for p in tmp_path.iterdir()] == ["cases.csv"]
