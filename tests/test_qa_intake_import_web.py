"""The web import: confirming twice imports once and says the file was already imported; counts are
pluralised."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reprisals.intake.models import ImportBatch, PendingUpload, Submission

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _preview(client, body: bytes) -> PendingUpload:
    page = client.post("/intake/import/", {"file": SimpleUploadedFile("a.csv", body), "format": "csv",
                                           "source": "ISHR"})
    assert page.status_code == 200
    return PendingUpload.objects.get()


def test_confirming_twice_imports_once_and_says_it_was_already_imported(officer):
    client = _client(officer)
    pending = _preview(client, b"sender_reference,country,what_happened\nW1,BHR,Detained\n")
    first = client.post(f"/intake/import/{pending.pk}/confirm/", follow=True)
    assert first.status_code == 200
    assert "Imported 1 row; 0 were already present." in first.content.decode()
    second = client.post(f"/intake/import/{pending.pk}/confirm/", follow=True)
    assert second.status_code == 200
    batch = ImportBatch.objects.get()
    assert f"This file was already imported (import #{batch.pk}); nothing more was imported." in \
        second.content.decode()
    assert "Imported 1 row" not in second.content.decode()
    assert Submission.objects.count() == 1 and ImportBatch.objects.count() == 1


def test_the_counts_are_pluralised(officer):
    client = _client(officer)
    pending = _preview(client, b"sender_reference,country,what_happened\nW1,BHR,Detained\nW2,EGY,Threatened\n")
    page = client.post(f"/intake/import/{pending.pk}/confirm/", follow=True)
    assert "Imported 2 rows; 0 were already present." in page.content.decode()
    pending = _preview(client, b"sender_reference,country,what_happened\nW1,BHR,Detained\nW3,EGY,Threatened\n")
    page = client.post(f"/intake/import/{pending.pk}/confirm/", follow=True)
    assert "Imported 1 row; 1 was already present." in page.content.decode()


def test_another_officers_upload_is_not_found(officer, officer2):
    pending = _preview(_client(officer), b"sender_reference,country,what_happened\nW1,BHR,Detained\n")
    assert _client(officer2).post(f"/intake/import/{pending.pk}/confirm/").status_code == 404
    assert not Submission.objects.exists()
