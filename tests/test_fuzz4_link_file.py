"""``reprisals link file IN.csv --out OUT.csv`` with hostile arguments: an encoding whose codec refuses the file
without naming a byte (``punycode``, ``undefined``), or an output that is not a file (a pipe, a device such as
``/dev/stdout``), is refused naming it, exit 1, and nothing is written or replaced."""

from __future__ import annotations

import os
import stat
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def _names(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(b"name\nCao Shunli\nCao Shun-li\n")
    return src


@pytest.mark.parametrize("encoding", ["punycode", "undefined"])
def test_an_encoding_that_cannot_read_the_file_is_refused_naming_it(tmp_path, encoding):
    src, out = _names(tmp_path), tmp_path / "out.csv"
    with pytest.raises(CommandError, match=f"in.csv: cannot be read as '{encoding}'") as refused:
        call_command("link", "file", str(src), "--out", str(out), "--encoding", encoding, stdout=StringIO())
    assert refused.value.returncode == 1
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_an_output_that_is_a_pipe_is_refused_and_left_in_place(tmp_path):
    src, out = _names(tmp_path), tmp_path / "pipe"
    os.mkfifo(out)
    with pytest.raises(CommandError, match="pipe: is not a regular file; give --out a file"):
        call_command("link", "file", str(src), "--out", str(out), stdout=StringIO())
    assert stat.S_ISFIFO(os.stat(out).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "pipe"]
