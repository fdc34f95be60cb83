"""The report as documents: DOCX opened with python-docx, PDF read back with pdftotext and drawn to
PNG with pdftoppm, HTML; the UN layout; names in Arabic, Chinese and Cyrillic script."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import communicate, make_case

pytestmark = pytest.mark.django_db
D = dt.date
NAMES = {"BHR": "عبد الهادي الخواجة", "CHN": "曹顺利", "RUS": "Наталья Эстемирова", "EGY": "Amr Example"}


@pytest.fixture
def period(officer):
    for iso3, name in NAMES.items():
        case = make_case(actor=officer, country=Country.objects.get(iso3=iso3), name=name, status="follow_up")
        communicate(case=case, sent_on=D(2016, 1, 10), answered_on=D(2016, 2, 1), level="does_not_address")
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Hidden Example",
              consents={"raise_with_state": True, "publish_name": False, "publish_anonymously": True})
    return services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")


def build(user, period, fmt: str, public: bool = True) -> bytes:
    _name, _mime, body = services.report_build(actor=user, period=period, fmt=fmt, public=public)
    return body


def pdftotext(body: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def test_the_docx_has_the_un_layout_with_real_headings_numbered_paragraphs_and_tables(officer, period):
    document = docx.Document(io.BytesIO(build(officer, period, "docx")))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Cooperation with the United Nations, its representatives and mechanisms in the field of human "
                     "rights") in texts
    assert ("Subtitle", "Report of the Secretary-General") in texts
    headings = [t for s, t in texts if s == "Heading 1"]
    assert headings == ["I. Introduction", "II. Activities by United Nations actors", "III. Information on cases",
                        "IV. Trends", "V. Conclusions and recommendations", "Annex I", "Annex II"]
    states = [t for s, t in texts if s == "Heading 2" and t != "Summary"]
    assert states == ["Bahrain", "China", "Egypt", "Russian Federation"]
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:numPr")) is not None]
    annex_i = [p for p in numbered if any(n in p.text for n in NAMES.values()) or "anonymous" in p.text]
    assert len(annex_i) >= 4
    lists = {p._p.pPr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val")) for p in numbered}
    assert len(lists) == 2  # the body, and annex I restarting at 1 (annex II is empty)
    assert len(document.tables) >= 6
    assert document.tables[0].rows[0].cells[1].text == "Cases"
    assert any("A/HRC/33/19" in p.text for p in document.sections[0].header.paragraphs)
    assert any(n in " ".join(p.text for p in numbered) for n in NAMES.values())
    with zipfile.ZipFile(io.BytesIO(build(officer, period, "docx"))) as z:
        assert "word/numbering.xml" in z.namelist() and "word/styles.xml" in z.namelist()
        assert any(name.startswith("word/media/") and name.endswith(".png") for name in z.namelist())


def test_the_pdf_reads_back_with_every_section_annex_and_script(officer, period, tmp_path):
    text = pdftotext(build(officer, period, "pdf"), tmp_path)
    for expected in ("A/HRC/33/19", "Distr.: General", "Report of the Secretary-General", "Summary",
                     "I. Introduction", "II. Activities by United Nations actors", "III. Information on cases",
                     "IV. Trends", "V. Conclusions and recommendations", "Annex I", "Annex II", "Bahrain",
                     "Russian Federation", "曹顺利", "Наталья Эстемирова", "1 May 2015", "30 April 2016"):
        assert expected in text, expected
    assert "الخواجة" in text or "ةجاوخلا" in text  # pdftotext may give Arabic in visual order
    assert "Hidden Example" not in text
    assert "DRAFT FOR OFFICERS" not in text and "For officers only" not in text and "RT-" not in text


def test_a_page_of_the_pdf_renders_to_an_image(officer, period, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(build(officer, period, "pdf"))
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "3", str(path), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3 and all(p.stat().st_size > 5000 for p in pages)
    keep = Path(__file__).resolve().parent.parent / "var" / "report-pages"
    keep.mkdir(parents=True, exist_ok=True)
    for p in pages:  # left for a person to look at (var/ is not committed)
        shutil.copy(p, keep / p.name)


def test_the_officers_draft_adds_references_and_what_was_left_out(officer, period, tmp_path):
    text = pdftotext(build(officer, period, "pdf", public=False), tmp_path)
    assert "DRAFT FOR OFFICERS" in text and "For officers only: left out of the report" in text
    assert "RT-" in text


def test_the_html_is_one_file_with_its_charts_inside(officer, period):
    html = build(officer, period, "html").decode()
    assert html.startswith("<!doctype html>") and "data:image/png;base64," in html
    assert "Annex I" in html and "曹顺利" in html and "<script" not in html
