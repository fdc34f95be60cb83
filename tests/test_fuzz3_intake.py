"""Odd values sent to the intake pages as a signed-in officer. The encoding of a file confirmed for import comes
back from the preview page in a hidden field: whatever is sent there (a codec that is not a text encoding, such
as ``rot13`` or ``hex``, one that refuses every byte, a NUL), the import is refused naming the encoding and
nothing is imported, never a server error."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reprisals.intake import importer
from reprisals.intake.models import ImportBatch, PendingUpload, Submission
from reprisals.intake.parsers import FileProblem
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROWS = b"sender_reference,country,what_happened\nW1,BHR,Detained\n"
NOT_TEXT_ENCODINGS = ["rot13", "hex", "base64", "zlib", "undefined", "utf\x00-8"]


def _pending(client) -> PendingUpload:
    page = client.post("/intake/import/", {"file": SimpleUploadedFile("a.csv", ROWS), "format": "csv",
                                           "source": "ISHR"})
    assert page.status_code == 200
    return PendingUpload.objects.get()


@pytest.mark.parametrize("encoding", [*NOT_TEXT_ENCODINGS, "punycode", "x" * 10_000])
def test_confirming_an_import_in_an_encoding_the_upload_form_does_not_offer_is_refused_naming_it(officer, encoding):
    client = client_for(officer)
    pending = _pending(client)
    page = client.post(f"/intake/import/{pending.pk}/confirm/", {"encoding": encoding}, follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == "/intake/import/"
    assert "unknown encoding" in page.content.decode()
    assert not Submission.objects.exists() and not ImportBatch.objects.exists()


def test_confirming_an_import_in_an_offered_encoding_still_imports(officer):
    client = client_for(officer)
    pending = _pending(client)
    page = client.post(f"/intake/import/{pending.pk}/confirm/", {"encoding": "latin-1"}, follow=True)
    assert page.redirect_chain[-1][0] == "/intake/triage/"
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("encoding", NOT_TEXT_ENCODINGS)
def test_the_importer_refuses_an_encoding_that_reads_no_text_naming_the_field(encoding):
    with pytest.raises(FileProblem) as refused:
        importer.import_validate(lambda: io.BytesIO(ROWS), "csv", encoding=encoding)
    assert refused.value.field == "encoding"
