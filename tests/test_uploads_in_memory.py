"""Uploads never touch the disk in plaintext: every form's files (evidence from the public form, letters to
States and their answers, imports) stay in memory, where Django would spool any file above 2.5 MB to a
temporary file. A file larger than any form takes is counted, not kept, and refused by its real size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.files import uploadedfile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopFutureHandlers
from django.urls import reverse

from reprisals.core import uploads
from reprisals.followup.models import Communication
from tests.conftest import client_for

MB = 1024 * 1024


def test_the_only_upload_handler_keeps_files_in_memory():
    assert settings.FILE_UPLOAD_HANDLERS == ["reprisals.core.uploads.MemoryOnlyUploadHandler"]


def test_a_file_larger_than_any_form_takes_is_counted_not_kept():
    handler = uploads.MemoryOnlyUploadHandler()
    with pytest.raises(StopFutureHandlers):  # no other handler gets the file
        handler.new_file("attachments", "huge.pdf", "application/pdf", None)
    chunk = b"x" * MB
    for start in range(0, 30 * MB, MB):
        handler.receive_data_chunk(chunk, start)
    kept = handler.file_complete(30 * MB)
    assert kept.size == 30 * MB
    assert len(kept.read()) == uploads.LARGEST + 1


@pytest.fixture
def no_temporary_files(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an upload was spooled to a temporary file")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", refuse)


def form(case, attachment):
    return {"country": "BHR", "kind": "sp_urgent_appeal", "un_body": "SR-HRD", "symbol": "UA BHR 2/2024",
            "sent_on": dt.date.today().isoformat(), "deadline": "", "summary": "Urgent appeal.",
            "internal_notes": "", "case_references": case.reference, "attachments": attachment,
            "shown_to_state": "on"}


def test_a_three_megabyte_letter_arrives_whole_without_a_temporary_file(officer, verified_case, no_temporary_files):
    case = verified_case()
    content = b"%PDF-1.4 " + b"0" * (3 * MB) + b"\n%%EOF"
    client = client_for(officer)
    response = client.post(reverse("followup:communication_new"),
                           form(case, SimpleUploadedFile("appeal.pdf", content, "application/pdf")))
    assert response.status_code == 302, response.content[:2000]
    attachment = Communication.objects.get().attachments.get()
    assert client.get(reverse("followup:attachment_download", args=[attachment.pk])).content == content


def test_a_file_over_every_limit_is_refused_by_its_size_and_nothing_is_saved(officer, verified_case,
                                                                              no_temporary_files):
    case = verified_case()
    content = b"%PDF-1.4 " + b"0" * (uploads.LARGEST + 5 * MB)
    response = client_for(officer).post(reverse("followup:communication_new"),
                                        form(case, SimpleUploadedFile("huge.pdf", content, "application/pdf")))
    assert response.status_code == 422
    assert "larger than 10 MB" in response.content.decode()
    assert not Communication.objects.exists()
