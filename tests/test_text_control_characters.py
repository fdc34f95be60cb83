"""Control characters: refused with the field's name wherever a submission comes in (API, file import,
public form), and left out of every document and open-data file, so text stored before the rule (or by a
path that does not check it) can never make a report fail."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest
from django.core.cache import cache
from django.test import Client

from reprisals.cases.models import AffectedParty
from reprisals.core.text import printable, text_problem
from reprisals.intake import importer
from reprisals.intake.models import Submission, SubmissionUpdate
from reprisals.reference.models import Country
from reprisals.reports import opendata, services
from reprisals.reports.testdata import communicate, make_case

D = dt.date


# ---------------------------------------------------------------- the shared rule


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f",
                                  "\ud800"])
def test_control_characters_and_broken_unicode_are_not_text(char):
    problem = text_problem(f"Plain{char}Name")
    assert problem and "position 6" in problem


def test_tab_and_line_breaks_and_every_script_are_text():
    assert text_problem("Line one\r\nLine two\tand a tab: عبد الهادي 曹顺利 Наталья \u2028 \ufffd") is None


def test_printable_keeps_text_and_leaves_out_what_xml_cannot_hold():
    assert printable("Plain\x0bName") == "Plain Name"  # vertical tab, form feed and NEL read as a space
    assert printable("a\x00b\x01c\x1bd\x7fe\x9ff\ufffeg\ud800h") == "abcdefgh"
    kept = "tab\there\nline\r\nعبد 曹顺利 \u2028"
    assert printable(kept) is kept


# ---------------------------------------------------------------- out: documents and open data


@pytest.fixture
def stored_control_name(officer):
    """A name with a vertical tab, stored the way data from before the rule is (no service checks it)."""
    case = make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Plain Name", status="follow_up")
    communicate(case=case, sent_on=D(2016, 1, 10), answered_on=D(2016, 2, 1), level="does_not_address")
    AffectedParty.objects.filter(case=case).update(name="Plain\x0bName\x01")
    return services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")


@pytest.mark.django_db
@pytest.mark.parametrize("public", [False, True])
def test_a_stored_control_character_does_not_break_the_docx(officer, stored_control_name, public):
    _name, _mime, body = services.report_build(actor=officer, period=stored_control_name, fmt="docx", public=public)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert "\x0b" not in text and "\x01" not in text
    if not public:
        assert "Plain Name" in text


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_the_pdf_and_html_leave_the_control_characters_out(officer, stored_control_name, fmt):
    _name, _mime, body = services.report_build(actor=officer, period=stored_control_name, fmt=fmt, public=False)
    assert body
    if fmt == "html":
        html = body.decode()
        assert "Plain Name" in html and "\x0b" not in html and "\x01" not in html


@pytest.mark.django_db
def test_the_api_download_of_the_docx_answers_200(officer, stored_control_name, api_as):
    r = api_as(officer).get(f"/api/v1/reports/periods/{stored_control_name.pk}/document?format=docx")
    assert r.status_code == 200
    docx.Document(io.BytesIO(r.content))


def test_open_data_csv_cells_leave_control_characters_out():
    assert opendata.safe_cell("Plain\x0bName\x01") == "Plain Name"
    assert opendata.safe_cell("\x01=1+1") == "'=1+1"  # still escaped once the control character is gone


# ---------------------------------------------------------------- in: every submission channel

BODY = {
    "sender_reference": "ISHR-2024-017", "country": "BHR", "what_happened": "Stopped at the airport.",
    "persons": [{"name": "Maryam Example"}],
    "consent": {"raise_with_state": True, "publish_name": False, "publish_anonymously": True, "share_un": True},
}


@pytest.mark.django_db
@pytest.mark.parametrize("patch,field", [
    ({"persons": [{"name": "Plain\u000bName"}]}, "name"),
    ({"what_happened": "Stopped\u001b[31m at the airport."}, "what_happened"),
    ({"title": "Travel\u0085ban"}, "title"),
])
def test_the_api_refuses_a_control_character_naming_the_field(api_as, submitter, patch, field):
    r = api_as(submitter).post("/api/v1/submissions", {**BODY, **patch})
    assert r.status_code == 422, r.content
    fields = r.json()["error"]["fields"]
    assert any(field in name for name in fields), fields
    assert "control character" in json.dumps(fields)
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_the_api_keeps_tabs_and_line_breaks(api_as, submitter):
    r = api_as(submitter).post("/api/v1/submissions", {**BODY, "what_happened": "First.\r\n\tThen."})
    assert r.status_code == 201, r.content
    assert Submission.objects.get().what_happened == "First.\r\n\tThen."


@pytest.mark.django_db
def test_a_file_import_lists_the_row_and_field_with_a_control_character(reference):
    csv_text = ("sender_reference,country,what_happened,person_name\n"
                "R1,BHR,Stopped at the airport.,Plain\x0bName\n"
                "R2,BHR,Fine row.,Other Name\n")
    report = importer.import_validate(lambda: io.BytesIO(csv_text.encode()), "csv", source="ISHR")
    assert report.error_count == 1
    assert any("line 2" in line and "person_name" in line and "control character" in line
               for line in report.errors), report.errors


PUBLIC_FORM = {
    "country": "BHR", "what_happened": "My brother was arrested after speaking at the HRC.",
    "person_name": "Hasan Example", "consent_raise_with_state": "yes", "consent_publish_name": "no",
    "consent_publish_anonymously": "yes", "consent_share_un": "no", "in_danger": "unknown", "detained": "yes",
    "travelling_to_un_session": "no", "contact": "signal: +000 000",
}


@pytest.fixture
def no_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["person_name", "what_happened", "contact"])
def test_the_public_form_refuses_a_control_character_and_stores_nothing(reference, no_rate_limits, field):
    response = Client().post("/submit/", {**PUBLIC_FORM, field: PUBLIC_FORM[field].replace(" ", "\x0b", 1)})
    assert response.status_code in (200, 422) and "control character" in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_information_added_with_the_receipt_code_is_refused_with_a_control_character(reference, no_rate_limits):
    from reprisals.intake import services as intake_services
    from reprisals.intake.rows import PersonData, SubmissionData

    _submission, code = intake_services.submission_receive_public(data=SubmissionData(
        country="BHR", what_happened="Arrested.", persons=[PersonData(name="Hasan Example")],
        consent={"consent_raise_with_state": True}))
    response = Client().post("/submit/status/add/", {"code": code, "text": "Moved\x07 to another prison."})
    assert "control character" in response.content.decode()
    assert SubmissionUpdate.objects.count() == 0
