"""An XLSX is a zip archive: before openpyxl reads it, what it unpacks to is bounded (size, compression
ratio, number of parts), so a small upload cannot make a web worker allocate gigabytes; a cell is cut at
one character over the longest field, so it is still refused as too long."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from reprisals.intake import importer, parsers
from reprisals.intake.models import PendingUpload
from reprisals.intake.parsers import FileProblem
from reprisals.intake.rows import MAX_TEXT

HEADER = ["sender_reference", "country", "what_happened"]


def workbook(*rows: list[object]) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def repacked(body: bytes, replace: dict[str, bytes] | None = None, extra: int = 0) -> bytes:
    """``body`` with some parts replaced (deflated at the highest level) and ``extra`` small parts added."""
    src = zipfile.ZipFile(io.BytesIO(body))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, (replace or {}).get(item.filename, src.read(item.filename)))
        for n in range(extra):
            dst.writestr(f"xl/media/extra{n}.bin", b"x")
    return out.getvalue()


def inline_sheet(text: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>sender_reference</t>'
            b'</is></c><c r="B1" t="inlineStr"><is><t>country</t></is></c><c r="C1" t="inlineStr"><is><t>'
            b'what_happened</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>R1</t></is></c>'
            b'<c r="B2" t="inlineStr"><is><t>BHR</t></is></c><c r="C2" t="inlineStr"><is><t>' + text +
            b'</t></is></c></row></sheetData></worksheet>')


def bomb(megabytes: int = 16) -> bytes:
    return repacked(workbook(), {"xl/worksheets/sheet1.xml": inline_sheet(b"A" * (megabytes * 1024 * 1024))})


def test_a_zip_bomb_is_refused_naming_the_part_before_it_is_unpacked():
    body = bomb(16)
    assert len(body) < 100 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(FileProblem) as exc:
            parsers.read_xlsx(io.BytesIO(body))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "xl/worksheets/sheet1.xml" in exc.value.message and "100 times" in exc.value.message
    assert exc.value.field == "file"
    assert peak < 20 * len(body), peak  # nothing was unpacked


def test_a_workbook_with_too_many_parts_is_refused():
    with pytest.raises(FileProblem) as exc:
        parsers.read_xlsx(io.BytesIO(repacked(workbook(["R1", "BHR", "Detained"]), extra=parsers.XLSX_MAX_MEMBERS)))
    assert "files, more than the 1000" in exc.value.message


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused(monkeypatch):
    noise = os.urandom(600 * 1024).hex().encode()  # 1.2 MB that does not compress much
    body = repacked(workbook(), {"xl/worksheets/sheet1.xml": inline_sheet(noise)})
    parsers.check_xlsx_archive(io.BytesIO(body))  # within the real limits
    monkeypatch.setattr(parsers, "XLSX_MAX_UNPACKED", 1024 * 1024)
    with pytest.raises(FileProblem) as exc:
        parsers.read_xlsx(io.BytesIO(body))
    assert "unpacks to more than 1 MB" in exc.value.message and "CSV or JSON" in exc.value.message


def test_something_that_is_not_a_zip_is_not_a_workbook():
    with pytest.raises(FileProblem) as exc:
        parsers.read_xlsx(io.BytesIO(b"sender_reference,country\nR1,BHR\n"))
    assert "not an XLSX workbook" in exc.value.message


def test_an_ordinary_workbook_is_read_as_before():
    fh = io.BytesIO(workbook(["R1", "BHR", "Detained at the airport"]))
    table = parsers.read_xlsx(fh)
    assert table.header == HEADER
    assert [r.cells for r in table.rows] == [["R1", "BHR", "Detained at the airport"]]


def test_a_cell_longer_than_any_field_is_cut_and_refused_as_too_long():
    # 300,000 characters compress well but stay under the size from which the ratio is checked
    body = repacked(workbook(), {"xl/worksheets/sheet1.xml": inline_sheet(b"A" * 300_000)})
    rows = list(parsers.read_xlsx(io.BytesIO(body)).rows)
    assert len(rows[0].cells[2]) == MAX_TEXT + 1


@pytest.mark.django_db
def test_the_import_reports_the_long_cell_by_line_and_field(reference):
    body = repacked(workbook(), {"xl/worksheets/sheet1.xml": inline_sheet(b"A" * 300_000)})
    report = importer.import_validate(lambda: io.BytesIO(body), "xlsx", source="ISHR")
    assert report.error_count == 1
    assert any("line 2" in e and "what_happened" in e and "longer than" in e for e in report.errors), report.errors


@pytest.mark.django_db
def test_the_web_import_refuses_a_bomb_with_a_message_not_a_500(officer):
    client = Client()
    client.force_login(officer)
    page = client.post("/intake/import/", {"file": SimpleUploadedFile("bomb.xlsx", bomb(16)), "format": "xlsx",
                                           "source": "ISHR"})
    assert page.status_code in (200, 422)
    assert "100 times its size" in page.content.decode()
    assert PendingUpload.objects.count() == 0
