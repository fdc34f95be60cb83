"""Odd values sent to the intake pages as a signed-in officer. The encoding of a file confirmed for import comes
back from the preview page in a hidden field: whatever is sent there (a codec that is not a text encoding, such
as ``rot13`` or ``hex``, one that refuses every byte, a NUL), the import is refused naming the encoding and
nothing is imported, never a server error."""

from __future__ import annotations

import io

import pytest

from reprisals.intake import importer
from reprisals.intake.parsers import FileProblem

pytestmark = pytest.mark.django_db

ROWS = b"sender_reference,country,what_happened\nW1,BHR,Detained\n"
NOT_TEXT_ENCODINGS = ["rot13", "hex", "base64", "zlib", "undefined", "utf\x00-8"]


@pytest.mark.parametrize("encoding", NOT_TEXT_ENCODINGS)
def test_the_importer_refuses_an_encoding_that_reads_no_text_naming_the_field(encoding):
    with pytest.raises(FileProblem) as refused:
        importer.import_validate(lambda: io.BytesIO(ROWS), "csv", encoding=encoding)
    assert refused.value.field == "encoding"
