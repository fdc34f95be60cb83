"""A file a command writes (an export, a linked CSV) is written whole or not at all, and ``--out`` is refused where
it cannot name such a file."""
from __future__ import annotations

import os
import stat

import pytest

from reprisals.core.outfiles import output_refusal, written_whole


def test_a_new_file_is_written_whole_and_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "out.csv"
    with written_whole(path) as fh:
        fh.write("a,b\n")
        assert not path.exists()  # nothing at the path until the file is whole
    assert path.read_text() == "a,b\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.csv"]


def test_a_file_replaced_keeps_its_permissions(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old\n")
    path.chmod(0o640)
    with written_whole(path) as fh:
        fh.write("new\n")
    assert path.read_text() == "new\n" and stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_failure_while_writing_leaves_the_earlier_file_as_it_was_and_nothing_beside_it(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old\n")
    with pytest.raises(OSError), written_whole(path) as fh:
        fh.write("half")
        raise OSError(28, "No space left on device")
    assert path.read_text() == "old\n" and os.listdir(tmp_path) == ["out.csv"]


def test_an_out_that_cannot_name_a_file_is_refused_naming_why(tmp_path):
    assert output_refusal(str(tmp_path / "out.csv")) is None
    assert output_refusal(str(tmp_path)) == f"{tmp_path}: is a directory; give --out a file"
    assert output_refusal("") == "--out: is a directory; give --out a file"
    assert output_refusal(str(tmp_path / "nowhere" / "out.csv")) == f"{tmp_path / 'nowhere'}: no such directory"
    assert output_refusal("/dev/null") == "/dev/null: is not a regular file; give --out a file"
