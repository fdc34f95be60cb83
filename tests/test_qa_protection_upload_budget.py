"""Uploads stay in memory (never a plaintext temporary file), so one request may keep only so much in all:
a body of many files, sent by anyone to any page that reads a form (the sign-in page, the public form),
is refused as too large instead of holding up to a hundred times the largest file in the server's memory.
Every form's own largest total (ten letters of 10 MB) stays well within the budget."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reprisals.core import uploads

KB = 1024


def _files(count: int, size: int) -> dict[str, SimpleUploadedFile]:
    return {f"file{i}": SimpleUploadedFile(f"f{i}.txt", b"x" * size, content_type="text/plain") for i in range(count)}


def test_many_files_beyond_the_budget_are_refused_as_too_large(reference, monkeypatch):
    monkeypatch.setattr(uploads.BoundedMemoryUploadHandler, "BUDGET", 100 * KB)
    response = Client().post("/login/", {"username": "x", "password": "y", **_files(4, 40 * KB)})
    assert response.status_code == 413


def test_files_within_the_budget_still_arrive(reference, monkeypatch):
    monkeypatch.setattr(uploads.BoundedMemoryUploadHandler, "BUDGET", 100 * KB)
    response = Client().post("/login/", {"username": "x", "password": "y", **_files(2, 40 * KB)})
    assert response.status_code == 200


def test_the_budget_holds_every_forms_largest_total():
    assert uploads.BoundedMemoryUploadHandler.BUDGET >= 10 * 10 * 1024 * KB + uploads.LARGEST
