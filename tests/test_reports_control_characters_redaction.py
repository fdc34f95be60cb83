"""A control character in stored text (from before inputs refused them) is left out *before* the
redaction, never after it: the redaction sees the text as it will be printed. "Nad\\x01ia With\\x01heldname"
would otherwise escape the redaction, which matches names word by word, and print as the full name once the
character is left out. The same holds the other way round: a name stored with a control character still
matches the text that spells it without one. This holds on every path out: the public pages, the open data
(CSV and JSON), the public export and the report documents (DOCX, PDF, HTML), public and internal."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.test import Client

from reprisals.cases.models import AffectedParty, Case
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.models import ReportEntry
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date
NAME = "Nadia Withheldname"  # a person of a case left out of the report, for security
SPLIT = "Nad\x01ia With\x01heldname"  # the same name with control characters inside its words
PUBLISHED = "Publicly Named Defender"
ANONYMOUS_ONLY = {"raise_with_state": True, "publish_name": False, "publish_anonymously": True, "share_un": True}


def final_report_with_legacy_summary(officer, senior, *, summary: str, stored_name: str = NAME, own: bool = False,
                                     name: str = NAME):
    """A final report with one published case whose summary is ``summary`` (stored as legacy text, past
    the input checks). The person ``name`` (stored as ``stored_name``) is a party of a case left out of the
    report, or with ``own`` a party of the published case itself who did not consent to being named."""
    egypt = Country.objects.get(iso3="EGY")
    extra = [dict(name=name, description="a human rights defender", consents=ANONYMOUS_ONLY)] if own else []
    case = make_case(actor=officer, country=egypt, name=PUBLISHED, summary="Detained after briefing the Council.",
                     extra_parties=extra)
    Case.objects.filter(pk=case.pk).update(summary=summary)
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    if not own:
        other = make_case(actor=officer, country=egypt, name=name, incident="2015-08")
        services.exclusion_decide(actor=officer, period=period, case=other, reason="security")
    assert AffectedParty.objects.filter(name=name).update(name=stored_name) == 1
    services.report_finalise(actor=senior, period=period)
    return period


CASES = {
    # the control characters are in the text, inside the words of the name of a person of another case
    "split text": dict(summary=f"{PUBLISHED} worked with {SPLIT}, who is in hiding."),
    # ... or inside the family name alone, written on its own
    "split surname": dict(summary=f"{PUBLISHED} worked with Ms With\x01heldname, who is in hiding."),
    # the name is stored with control characters and the text spells it without them
    "split stored name": dict(summary=f"{PUBLISHED} worked with {NAME}, who is in hiding.", stored_name=SPLIT),
    # the same, for a party of the published case itself who did not consent to being named
    "own party, split text": dict(summary=f"{PUBLISHED} worked with {SPLIT}, who is in hiding.", own=True),
    "own party, split stored name": dict(summary=f"{PUBLISHED} worked with {NAME}.", stored_name=SPLIT, own=True),
}


@pytest.fixture(params=list(CASES))
def period(request, officer, senior):
    return final_report_with_legacy_summary(officer, senior, **CASES[request.param])


def _leaks(text: str) -> list[str]:
    return [word for word in ("Nadia", "Withheldname", "Nad\x01ia", "With\x01heldname") if word in text]


def _docx_text(body: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)


def test_the_public_pages_and_the_open_data_do_not_print_the_name(period):
    client = Client()
    for path in ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv",
                 f"/public/reports/{period.pk}/document.html"):
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert PUBLISHED in text, path
        assert _leaks(text) == [], path
    json_text = client.get("/public/data/cases.json").json()["cases"][0]["text"]
    assert "worked with" in json_text and "\x01" not in json_text


def test_the_public_docx_does_not_print_the_name(period):
    response = Client().get(f"/public/reports/{period.pk}/document.docx")
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert PUBLISHED in text and "worked with" in text
    assert _leaks(text) == []


@pytest.mark.parametrize("public", [True, False])
def test_the_staff_docx_and_html_do_not_print_the_name(officer, period, public):
    for fmt in ("docx", "html"):
        _name, _mime, body = services.report_build(actor=officer, period=period, fmt=fmt, public=public)
        text = _docx_text(body) if fmt == "docx" else body.decode()
        assert "worked with" in text, fmt
        assert _leaks(text) == [], fmt


def test_the_public_export_does_not_print_the_name(period, tmp_path: Path):
    for fmt in ("json", "csv", "uwazi-csv"):
        path = tmp_path / f"public-{fmt}"
        call_command("export", "--format", fmt, "--public", "--out", str(path), stdout=io.StringIO(),
                     stderr=io.StringIO())
        text = path.read_text(encoding="utf-8")
        assert "worked with" in text, fmt
        assert _leaks(text) == [], fmt


def test_a_paragraph_frozen_with_a_split_name_is_guarded_at_the_moment_of_use(officer, senior):
    """A final report's paragraph frozen before this rule, holding the split name as it was stored."""
    period = final_report_with_legacy_summary(officer, senior, summary=f"{PUBLISHED} was detained.")
    entry = ReportEntry.objects.get(period=period)
    ReportEntry.objects.filter(pk=entry.pk).update(text=entry.text + f" {SPLIT} is in hiding.")
    client = Client()
    for path in ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv"):
        text = client.get(path).content.decode()
        assert "is in hiding" in text, path
        assert _leaks(text) == [], path
    rows = list(csv.reader(io.StringIO(client.get("/public/data/cases.csv").content.decode().removeprefix("\ufeff"))))
    assert "[…] is in hiding." in rows[1][-1]


def test_a_text_without_names_reads_as_printed_with_its_control_characters_left_out(officer, senior):
    period = final_report_with_legacy_summary(officer, senior, summary=f"{PUBLISHED} was\x0bdetained\x01 at dawn.")
    text = Client().get("/public/data/cases.json").json()["cases"][0]["text"]
    assert "was detained at dawn." in text
    assert "\x01" not in ReportEntry.objects.get(period=period).text  # frozen as it will be printed


# ---------------------------------------------------------------- the redaction step itself


def test_the_register_names_match_the_text_as_printed_either_way():
    from reprisals.reports.redaction import WITHHELD, NameSet, RegisterNames

    stored_plain = RegisterNames([NameSet(1, (NAME,))])
    stored_split = RegisterNames([NameSet(1, (SPLIT,))])
    for register in (stored_plain, stored_split):
        assert register.scrub(f"{SPLIT} was detained.") == f"{WITHHELD} was detained."
        assert register.scrub(f"{NAME} was detained.") == f"{WITHHELD} was detained."
        assert register.scrub("Ms With\x01heldname was detained.") == f"Ms {WITHHELD} was detained."
        assert register.guard(f"{SPLIT} was detained.") == f"{WITHHELD} was detained."


def test_a_case_s_own_scrub_and_guard_match_the_text_as_printed():
    from reprisals.reports.redaction import WITHHELD, Guard, NameSet, party_marker, scrub

    assert scrub(f"{SPLIT} was detained.", [NameSet(7, (NAME,))]) == f"{party_marker(7)} was detained."
    assert scrub(f"{NAME} was detained.", [NameSet(7, (SPLIT,))]) == f"{party_marker(7)} was detained."
    assert Guard([SPLIT])(f"{NAME} was detained.") == f"{WITHHELD} was detained."
    assert Guard([NAME])(f"{SPLIT} was detained.") == f"{WITHHELD} was detained."
