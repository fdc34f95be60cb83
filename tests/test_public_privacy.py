"""Every public output, built from a register with protected and non-consented names planted in
every free text, carries none of them: pages, report documents (DOCX unzipped, PDF read back), open
data, charts and the map, down to the bytes and the images' metadata."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from reprisals.cases import services as cs
from reprisals.followup.models import Communication
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import communicate, develop, make_case

pytestmark = pytest.mark.django_db
D = dt.date

NOT_NAMED = "Nasrin Qarabaghi"  # consented to anonymous publication only
NOT_NAMED_AR = "زينب المحجوبة"  # the same, in Arabic script
ANONYMOUS_REAL = "Farid Zulfiqarov"  # an anonymous party's protected real name
REFUSED = "Tamsin Refusenik"  # consented to nothing
EXCLUDED = "Oskar Safehousen"  # consented, but left out for security
SOURCE = "Source Valdemar Ukhov"
SOURCE_CONTACT = "informant@secret.example"
CONTACT = "+41 79 555 11 22"
RISK = "Hides at the Qadisiya safehouse"
INTERNAL = "InternalNotePhrase"
RESPONSE = "ResponseSummaryPhrase"
EXCLUSION_NOTE = "ExclusionNoteSecret"
NARRATIVE = "NarrativeOnlyPhrase"
PROTECTED = [NOT_NAMED, "Qarabaghi", NOT_NAMED_AR, "المحجوبة", ANONYMOUS_REAL, "Zulfiqarov", REFUSED, "Refusenik",
             EXCLUDED, "Safehousen", SOURCE, "Ukhov", SOURCE_CONTACT, CONTACT, RISK, "Qadisiya", INTERNAL, RESPONSE,
             EXCLUSION_NOTE, NARRATIVE]
NAMED = "Publicly Named Defender"


@pytest.fixture
def published(officer, senior):
    bahrain, egypt = Country.objects.get(iso3="BHR"), Country.objects.get(iso3="EGY")
    anonymous_only = {"raise_with_state": True, "publish_name": False, "publish_anonymously": True}
    planted = make_case(
        actor=officer, country=bahrain, name=NOT_NAMED, title=f"Detention of {NOT_NAMED}",
        summary=f"{NOT_NAMED} ({NOT_NAMED_AR}) was detained; Ms. Qarabaghi told {SOURCE} at {SOURCE_CONTACT}. {RISK}.",
        consents=anonymous_only, description=f"the sister of {ANONYMOUS_REAL}", place=f"{RISK}, near Manama",
        source_identity=SOURCE, source_contact=SOURCE_CONTACT, contact=CONTACT, risk_notes=RISK, status="follow_up",
        extra_parties=[dict(name="", is_anonymous=True, protected_name=ANONYMOUS_REAL, description="a relative",
                            gender="male", roles=["relative"], consents=anonymous_only),
                       dict(name=REFUSED, description="a lawyer", gender="female", roles=["lawyer"],
                            consents={"raise_with_state": True, "publish_name": False,
                                      "publish_anonymously": False})],
    )
    party = planted.parties.order_by("id").first()
    cs.party_update(actor=officer, party=party, name_variants=[NOT_NAMED_AR])
    comm = communicate(case=planted, sent_on=D(2016, 1, 5), answered_on=D(2016, 2, 1), level="does_not_address")
    Communication.objects.filter(pk=comm.pk).update(internal_notes=INTERNAL)
    comm.responses.update(summary=RESPONSE)
    for allegation in planted.allegations.all():
        cs.allegation_update(actor=officer, allegation=allegation, narrative=f"{NARRATIVE} about {NOT_NAMED}")
    named = make_case(actor=officer, country=egypt, name=NAMED, summary=f"{NAMED} was threatened.")
    refused = make_case(actor=officer, country=egypt, name=REFUSED, incident="2015-07",
                        consents={"raise_with_state": True, "publish_name": False, "publish_anonymously": False})
    excluded = make_case(actor=officer, country=egypt, name=EXCLUDED, incident="2015-08")
    first = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.exclusion_decide(actor=officer, period=first, case=excluded, reason="security", note=EXCLUSION_NOTE)
    services.report_finalise(actor=senior, period=first)
    develop(case=planted, date="2016-10", description=f"{NOT_NAMED} was charged; {SOURCE} confirmed.")
    second = services.period_create(actor=officer, start=D(2016, 5, 1), end=D(2017, 4, 30), symbol="A/HRC/36/31")
    services.report_finalise(actor=senior, period=second)
    return {"first": first, "second": second, "planted": planted, "named": named, "refused": refused}


def pdf_text(body: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def readable(name: str, body: bytes, tmp_path: Path) -> list[str]:
    """Every form in which a person could read the output: raw bytes as text, each file of a DOCX, the
    text of a PDF, the text chunks of a PNG."""
    out = [body.decode("utf-8", "ignore")]
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            out += [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    if body[:4] == b"%PDF":
        text = pdf_text(body, tmp_path)
        out += [text, "".join(reversed(text))]  # Arabic may come out in visual order
    if body[:8] == b"\x89PNG\r\n\x1a\n":
        assert b"tEXt" not in body and b"iTXt" not in body and b"zTXt" not in body and b"tIME" not in body, name
    return out


def public_outputs(period_ids: list[int], tmp_path: Path) -> dict[str, bytes]:
    client = Client()
    paths = ["/public/", "/public/cases/", "/public/cases/?state=BHR", "/public/cases/?annex=II",
             "/public/states/BHR/", "/public/states/EGY/", "/public/map.svg", "/public/data/",
             "/public/data/cases.csv", "/public/data/cases.json", "/public/data/statistics.csv",
             "/public/data/statistics.json"]
    paths += [f"/public/charts/{k}.png" for k in ("by_regional_group", "by_form", "by_un_body", "by_report")]
    paths += [f"/public/reports/{pid}/document.{fmt}" for pid in period_ids for fmt in ("docx", "pdf", "html")]
    outputs = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        outputs[path] = response.content
    for pid in period_ids:
        for fmt in ("docx", "pdf", "html"):
            out = tmp_path / f"cli-{pid}.{fmt}"
            call_command("report", "build", "--period", str(pid), "--format", fmt, "--public", "--out", str(out))
            outputs[f"cli {pid} {fmt}"] = out.read_bytes()
    return outputs


def test_no_public_output_carries_a_protected_or_non_consented_name(published, tmp_path):
    outputs = public_outputs([published["first"].pk, published["second"].pk], tmp_path)
    seen_named = False
    for name, body in outputs.items():
        for text in readable(name, body, tmp_path):
            lowered = text.casefold()
            for secret in PROTECTED:
                assert secret.casefold() not in lowered, f"{secret!r} in {name}"
            seen_named = seen_named or NAMED in text
    assert seen_named, "the person who consented is named"
    pages = outputs["/public/cases/"].decode()
    assert "a woman human rights defender" in pages  # described, not named
    assert "RT-" not in pages and "DRAFT" not in pages


def test_the_named_person_appears_in_the_public_documents_and_pages(published, tmp_path):
    client = Client()
    assert NAMED in client.get("/public/cases/").content.decode()
    pid = published["first"].pk
    assert NAMED in pdf_text(client.get(f"/public/reports/{pid}/document.pdf").content, tmp_path)


def test_revoking_consent_takes_effect_in_the_next_page_and_document(published, officer, tmp_path):
    client = Client()
    party = published["named"].parties.get()
    cs.consent_record(actor=officer, party=party, use="publish_name", granted=False, decided_on=dt.date.today())
    assert NAMED not in client.get("/public/cases/").content.decode()
    assert NAMED not in client.get("/public/data/cases.json").content.decode()
    pid = published["first"].pk
    assert NAMED not in pdf_text(client.get(f"/public/reports/{pid}/document.pdf").content, tmp_path)
    cs.consent_record(actor=officer, party=party, use="publish_anonymously", granted=False,
                      decided_on=dt.date.today())
    listed = client.get("/public/data/cases.json").json()["cases"]
    assert all(c["state_iso3"] != "EGY" for c in listed)  # nobody in it may appear any more
