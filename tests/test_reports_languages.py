"""The report in each of the six UN languages: fixed text, headings, tables and State names translated,
Arabic laid out right to left, and fonts in the PDF for every script."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from docx.oxml.ns import qn

from reprisals.reference.i18n import localized_name
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import communicate, make_case

pytestmark = pytest.mark.django_db
D = dt.date
OTHER_LANGUAGES = ["ar", "zh-hans", "fr", "ru", "es"]
FIXED_TEXT = ["Report of the Secretary-General", "Annex I", "Summary", "United Nations"]


@pytest.fixture
def period(officer):
    for iso3 in ("BHR", "CHN", "RUS"):
        case = make_case(actor=officer, country=Country.objects.get(iso3=iso3), name=f"Person {iso3}",
                         status="follow_up")
        communicate(case=case, sent_on=D(2016, 1, 10), answered_on=D(2016, 2, 1), level="does_not_address")
    return services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")


def test_the_title_and_an_unnamed_persons_description_are_in_the_language_too(officer):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Unnamed Lawyer", description="",
              gender="male", roles=["lawyer"], status="follow_up",
              consents={"raise_with_state": True, "publish_name": False, "publish_anonymously": True})
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    html = build(officer, period, "html", "fr").decode()
    assert "Coopération avec l'Organisation des Nations Unies" in html.replace("&#x27;", "'")
    assert "un avocat" in html and "Unnamed Lawyer" not in html


def build(user, period, fmt: str, language: str) -> bytes:
    return services.report_build(actor=user, period=period, fmt=fmt, public=True, language=language)[2]


def translated(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def pdf_text_and_fonts(body: bytes, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return text, fonts.replace("-", "")  # "Noto-Naskh-Arabic" or "NotoNaskhArabic", by version


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_html_report_speaks_the_language_asked_for(officer, period, language):
    html = build(officer, period, "html", language).decode()
    for text in FIXED_TEXT:
        assert translated(language, text) != text, f"{text} has no {language} translation"
        assert translated(language, text) in html, text
    with translation.override(language):
        bahrain = localized_name(Country.objects.get(iso3="BHR"))
    assert bahrain != "Bahrain" and bahrain in html
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html


@pytest.mark.parametrize("language", ["zh-hans", "fr", "ru", "es"])
def test_the_pdf_in_each_language_reads_back_with_its_headings(officer, period, language, tmp_path):
    text, _fonts = pdf_text_and_fonts(build(officer, period, "pdf", language), tmp_path)
    for fixed in FIXED_TEXT:
        assert translated(language, fixed) in text, fixed


def test_the_arabic_pdf_embeds_an_arabic_font_and_the_chinese_one_a_cjk_font(officer, period, tmp_path):
    _text, arabic_fonts = pdf_text_and_fonts(build(officer, period, "pdf", "ar"), tmp_path)
    assert "NotoNaskhArabic" in arabic_fonts
    _text, chinese_fonts = pdf_text_and_fonts(build(officer, period, "pdf", "zh-hans"), tmp_path)
    assert "NotoSansCJK" in chinese_fonts


def test_the_first_page_of_the_arabic_pdf_is_drawn_right_to_left(officer, period, tmp_path):
    path = tmp_path / "report-ar.pdf"
    path.write_bytes(build(officer, period, "pdf", "ar"))
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "ar")], check=True)
    (page,) = sorted(tmp_path.glob("ar-*.png"))
    assert page.stat().st_size > 5000
    keep = Path(__file__).resolve().parent.parent / "var" / "report-pages"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(page, keep / "page-ar-1.png")  # left for a person to look at (var/ is not committed)


def test_the_arabic_docx_has_right_to_left_paragraphs_and_tables(officer, period):
    document = docx.Document(io.BytesIO(build(officer, period, "docx", "ar")))
    titled = [p for p in document.paragraphs if p.text == translated("ar", "Report of the Secretary-General")]
    assert titled
    for paragraph in document.paragraphs:
        style = paragraph.style
        while style is not None and style.element.pPr is not None and style.element.pPr.find(qn("w:bidi")) is None:
            style = style.base_style
        assert style is not None and style.element.pPr is not None, (paragraph.style.name, paragraph.text)
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables)
    english = docx.Document(io.BytesIO(build(officer, period, "docx", "en")))
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is None for t in english.tables)


def test_the_command_and_the_page_take_a_language_and_refuse_an_unknown_one(officer, period, tmp_path):
    out = tmp_path / "report.html"
    call_command("report", "build", "--period", str(period.pk), "--format", "html", "--public",
                 "--language", "fr", "--out", str(out))
    assert translated("fr", "Annex I") in out.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="language"):
        call_command("report", "build", "--period", str(period.pk), "--format", "html", "--language", "xx",
                     "--out", str(out))
    client = Client()
    client.force_login(officer)
    url = reverse("reports:period_build", args=[period.pk, "html"])
    assert translated("es", "Annex I") in client.get(url, {"public": "1", "language": "es"}).content.decode()
    assert client.get(url, {"public": "1", "language": "xx"}).status_code == 422
    page = client.get(reverse("reports:period_detail", args=[period.pk])).content.decode()
    assert "language=ru" in page


def test_the_api_takes_a_language_and_names_the_field_of_an_unknown_one(officer, period, api_as):
    api = api_as(officer)
    url = f"/api/v1/reports/periods/{period.pk}/document"
    response = api.get(url, format="html", public="true", language="ru")
    assert response.status_code == 200 and translated("ru", "Annex I") in response.content.decode()
    refused = api.get(url, format="html", language="xx")
    assert refused.status_code == 422 and "language" in refused.json()["error"]["fields"]

