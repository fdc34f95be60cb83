"""`reprisals restore` refuses a file that is not a backup with a message naming what is wrong, whatever
its first line holds, instead of failing with a Python traceback."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.core import crypto


@pytest.mark.parametrize("first_line", ["5", "[1, 2]", '"reprisals-backup/1"', "null", "{}",
                                        '{"format": "reprisals-backup/1", "key_id": ["a"]}'])
def test_a_file_whose_first_line_is_not_a_backup_header_is_refused(reference, tmp_path, first_line):
    path = tmp_path / "not-a-backup"
    path.write_text(first_line + "\n")
    with pytest.raises(CommandError, match="restore refused"):
        call_command("restore", str(path), stdout=io.StringIO())


def test_a_header_without_a_backup_id_is_refused(reference, tmp_path):
    path = tmp_path / "no-id"
    header = {"format": "reprisals-backup/1", "key_id": crypto.keyring()[0].key_id}
    path.write_bytes(json.dumps(header).encode() + b"\n" + b"\x00\x00\x00\x10" + b"n" * 12 + b"s" * 16)
    with pytest.raises(CommandError, match="restore refused"):
        call_command("restore", str(path), stdout=io.StringIO())
