"""``reprisals import FILE --encoding NAME`` takes any codec Python knows. Some (``punycode``, ``idna``) refuse a
line with a plain ``UnicodeError`` that names no byte, and ``idna`` reads with no error handler but ``strict``:
such a line is reported with its line number and the encoding, and nothing is imported, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.intake.models import ImportBatch, Submission

pytestmark = pytest.mark.django_db

HEADER = b"sender_reference,country,what_happened\n"


def refused(path: Path, encoding: str) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", str(path), "--source", "ISHR", "--encoding", encoding, stdout=io.StringIO(),
                     stderr=err)
    return exc.value, err.getvalue()


def test_a_header_that_punycode_cannot_read_is_refused_naming_the_line_and_the_encoding(reference, tmp_path):
    path = tmp_path / "ngo.csv"
    path.write_bytes(HEADER + b"W1,BHR,Detained\n")
    error, _err = refused(path, "punycode")
    assert "ngo.csv: line 1, header: this line cannot be read as punycode" in str(error)
    assert "nothing was imported" in str(error) and error.returncode == 1
    assert not Submission.objects.exists() and not ImportBatch.objects.exists()


def test_a_row_that_idna_cannot_read_is_listed_with_its_line_and_the_encoding(reference, tmp_path):
    path = tmp_path / "ngo.csv"
    path.write_bytes(HEADER + b"W1,BHR,Detained\nW2,EGY,D\xe9tenu\n")
    error, err = refused(path, "idna")
    assert "ngo.csv: line 3, encoding: byte 0xe9 at position 9 is not idna" in err
    assert "1 of 2 rows are not valid; nothing was imported" in str(error)
    assert not Submission.objects.exists() and not ImportBatch.objects.exists()


def test_a_file_that_the_named_encoding_reads_is_still_imported(reference, tmp_path):
    path = tmp_path / "ngo.csv"
    path.write_bytes(HEADER + b"W1,BHR,Detained\n")
    call_command("import", str(path), "--source", "ISHR", "--encoding", "idna", stdout=io.StringIO())
    assert Submission.objects.get().sender_reference == "W1"
