"""``reprisals backup --out FILE`` with an output it cannot write: a folder that does not exist, a directory
(``--out ''`` too), a pipe, or a disk that fills up half-way. Each is refused naming the file, exit 1, instead
of a traceback. A path refused before the backup starts records nothing; a backup that fails half-way leaves
no partial file and a backup already at that path whole, and the audit log says that it failed."""

from __future__ import annotations

import errno
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.core import backup
from reprisals.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def refused(out: str) -> CommandError:
    with pytest.raises(CommandError) as exc:
        call_command("backup", "--out", out, stdout=StringIO(), stderr=StringIO())
    return exc.value


@pytest.mark.parametrize(("out", "message"), [
    ("", "is a directory; give --out a file"),
    (".", "is a directory; give --out a file"),
    ("missing/register.backup", "missing: no such directory"),
], ids=["empty", "dot", "no-folder"])
def test_an_output_path_that_cannot_be_a_file_is_refused_before_anything_is_recorded(
        reference, tmp_path, monkeypatch, out, message):
    monkeypatch.chdir(tmp_path)
    before = AuditEntry.objects.count()
    error = refused(out)
    assert message in str(error) and error.returncode == 1
    assert list(tmp_path.iterdir()) == [] and AuditEntry.objects.count() == before


def test_an_output_that_is_a_pipe_is_refused_and_left_in_place(reference, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    error = refused(str(tmp_path / "pipe"))
    assert "pipe: is not a regular file; give --out a file" in str(error)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_disk_full_half_way_leaves_no_partial_file_and_the_earlier_backup_whole(reference, tmp_path, monkeypatch):
    out = tmp_path / "register.backup"
    out.write_bytes(b"last week's backup")

    def disk_full(stream):
        stream.write(b"{}\n")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(backup, "backup_write", disk_full)
    error = refused(str(out))
    assert f"{out}: cannot be written (No space left on device); no backup was written" in str(error)
    assert out.read_bytes() == b"last week's backup" and [p.name for p in tmp_path.iterdir()] == ["register.backup"]
    assert AuditEntry.objects.order_by("-seq").values_list("action", flat=True)[0] == "backup.failed"
