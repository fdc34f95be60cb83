"""Bad files on the web import: a JSON file whose items are nested ever deeper is a row error naming the item or
line, never a server error nor a worker that eats the machine's memory; nothing is written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reprisals.intake import parsers
from reprisals.intake.models import ImportBatch, PendingUpload, Submission

pytestmark = pytest.mark.django_db

ROW = b'{"sender_reference": "J1", "country": "BHR", "what_happened": "Detained"}'


def nested(depth: int) -> bytes:
    return b'{"sender_reference": "J2", "country": "BHR", "what_happened": ' + b"[" * depth + b"]" * depth + b"}"


def _upload(user, body: bytes):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client.post("/intake/import/", {"file": SimpleUploadedFile("a.json", body), "format": "json",
                                           "source": "ISHR"})


def test_a_json_line_nested_past_the_parsers_depth_is_refused_naming_its_line(officer):
    page = _upload(officer, ROW + b"\n" + nested(100_000) + b"\n")
    assert page.status_code == 422
    text = page.content.decode()
    assert "Line 2" in text or "line 2" in text
    assert f"nested more than {parsers.JSON_MAX_DEPTH} levels deep" in text
    assert not PendingUpload.objects.exists() and not Submission.objects.exists()
    assert not ImportBatch.objects.exists()


def test_an_item_of_a_json_array_nested_too_deep_is_refused_naming_the_item(officer):
    page = _upload(officer, b"[" + ROW + b", " + nested(5_000) + b", " + ROW.replace(b"J1", b"J3") + b"]")
    assert page.status_code == 422
    text = page.content.decode()
    assert "Item 2" in text or "item 2" in text
    assert f"nested more than {parsers.JSON_MAX_DEPTH} levels deep" in text
    assert not PendingUpload.objects.exists() and not Submission.objects.exists()


def test_a_json_array_nested_far_deeper_is_read_in_little_memory():
    """Each level once cost the parser a string as long as the depth (the item's path): 200,000 levels in a
    400 KB file took 18 GB and the worker was killed. The depth is now counted on the parser's plain events."""
    import io
    import tracemalloc

    tracemalloc.start()
    try:
        rows = list(parsers.read_json(io.BytesIO(b"[" + nested(10_000) + b"]")).rows)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.line for r in rows] == [1]
    assert f"nested more than {parsers.JSON_MAX_DEPTH} levels deep" in rows[0].problems[0].message
    assert peak < 20 * 1024 * 1024


def test_items_nested_as_deep_as_the_rows_need_are_still_read(officer):
    page = _upload(officer, b'[{"sender_reference": "J1", "country": "BHR", "what_happened": "Detained", '
                            b'"forms": ["arbitrary_arrest"]}]')
    assert page.status_code == 200, page.content.decode()[:2000]
    assert PendingUpload.objects.count() == 1


def _workbook(broken_part: str, content: bytes = b"<bad") -> bytes:
    """A workbook as openpyxl saves it, with one of its XML parts replaced by ``content``."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["sender_reference", "country", "what_happened"])
    book.active.append(["X1", "BHR", "Detained"])
    saved = io.BytesIO()
    book.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as original, zipfile.ZipFile(out, "w") as copy:
        for member in original.infolist():
            data = original.read(member.filename)
            copy.writestr(member, content if member.filename == broken_part else data)
    return out.getvalue()


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"])
def test_a_workbook_with_a_broken_xml_part_is_refused_as_not_a_workbook(officer, part):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    page = client.post("/intake/import/", {"file": SimpleUploadedFile("a.xlsx", _workbook(part)), "format": "xlsx",
                                           "source": "ISHR"})
    assert page.status_code == 422
    assert "this is not an XLSX workbook" in page.content.decode()
    assert not PendingUpload.objects.exists() and not Submission.objects.exists()
