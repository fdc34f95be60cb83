"""A binary file offered as CSV is refused with a message naming the problem, never echoing raw bytes;
an over-long line in a JSON file gets a message about JSON, not CSV."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from reprisals.intake import parsers
from reprisals.intake.models import PendingUpload
from reprisals.intake.rows import FieldError, visible

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.mark.django_db
def test_a_binary_file_uploaded_as_csv_is_refused_without_echoing_its_bytes(officer):
    client = Client()
    client.force_login(officer)
    page = client.post("/intake/import/", {"file": SimpleUploadedFile("data.csv", bytes(range(256))),
                                           "format": "csv", "source": "ISHR"})
    assert page.status_code == 422
    text = page.content.decode()
    assert "this is not a CSV text file: its first line holds NUL bytes" in text
    assert not CONTROL.search(text)
    assert not PendingUpload.objects.exists()


@pytest.mark.django_db
def test_control_characters_in_a_header_are_not_echoed(officer):
    client = Client()
    client.force_login(officer)
    body = b"sender_reference,country,what_happened,bad\x01\x1b[31mcol\x7f,\xe2\x80\xaeevil\nR1,BHR,x,y,z\n"
    page = client.post("/intake/import/", {"file": SimpleUploadedFile("data.csv", body), "format": "csv",
                                           "source": "ISHR"})
    assert page.status_code == 422
    text = page.content.decode()
    assert not CONTROL.search(text) and "\u202e" not in text
    assert "unknown column(s) bad\ufffd\ufffd[31mcol\ufffd, \ufffdevil" in text


def test_messages_never_hold_control_characters():
    assert visible("a\x00b\x1b\u202ec\td") == "a\ufffdb\ufffd\ufffdc\td"
    assert FieldError("x\x00", "found \x00\x01").message == "found \ufffd\ufffd"
    assert parsers.FileProblem("found \x02").message == "found \ufffd"


def test_a_long_line_in_a_json_file_is_described_as_json(tmp_path, reference, db):
    path = tmp_path / "big.json"
    path.write_bytes(b'{"what_happened": "' + b"a" * (parsers.MAX_LINE_BYTES + 10) + b'"}\n')
    with pytest.raises(CommandError) as err:
        call_command("import", str(path), "--format", "json", "--source", "ISHR", stdout=io.StringIO(),
                     stderr=io.StringIO())
    message = str(err.value)
    assert "line 1" in message and "in JSON Lines each line holds one object" in message and "CSV" not in message
