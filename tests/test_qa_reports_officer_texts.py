"""What officers write for the whole report (its title, summary and conclusions) goes through the same
redaction as the case texts: a person of a case the report leaves out (an officer's decision for
security, a restricted case, an urgent risk, no consent to publication) is never named in a public
document, even when the officer names them there."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile

import pytest
from django.test import Client

from reprisals.cases.models import Case
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date

LEFT_OUT = {
    "excluded": "Oskar Safehousen",
    "restricted": "Rita Compartmenta",
    "urgent": "Uma Urgentova",
    "refused": "Tamsin Refusenik",
}
RISK_NOTE = "Sleeps at the Qadisiya safehouse"
NAMED = "Publicly Named Defender"


def readable(body: bytes, tmp_path) -> str:
    out = [body.decode("utf-8", "ignore")]
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            out += [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    if body[:4] == b"%PDF":
        path = tmp_path / "doc.pdf"
        path.write_bytes(body)
        out.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout)
    return "\n".join(out)


@pytest.fixture
def final_report(officer, senior):
    egypt = Country.objects.get(iso3="EGY")
    make_case(actor=officer, country=egypt, name=NAMED)
    excluded = make_case(actor=officer, country=egypt, name=LEFT_OUT["excluded"], incident="2015-08")
    restricted = make_case(actor=officer, country=egypt, name=LEFT_OUT["restricted"], incident="2015-09")
    Case.objects.filter(pk=restricted.pk).update(is_restricted=True)
    urgent = make_case(actor=officer, country=egypt, name=LEFT_OUT["urgent"], incident="2015-10",
                       risk_notes=RISK_NOTE)
    Case.objects.filter(pk=urgent.pk).update(risk_level="urgent")
    make_case(actor=officer, country=egypt, name=LEFT_OUT["refused"], incident="2015-07",
              consents={"raise_with_state": True, "publish_name": False, "publish_anonymously": False})
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.exclusion_decide(actor=officer, period=period, case=excluded, reason="security")
    everyone = ", ".join(LEFT_OUT.values())
    services.period_update(
        actor=officer, period=period, title="Report, with a word on Safehousen",
        summary=f"{NAMED} is named. Left out: {everyone}. {RISK_NOTE}.",
        conclusions="Ms. Compartmenta, Mr. Urgentova and Ms. Refusenik are not forgotten.")
    services.report_finalise(actor=senior, period=period)
    period.refresh_from_db()
    return period


def test_no_public_document_names_a_person_of_a_case_left_out_of_the_report(final_report, tmp_path):
    forbidden = [*LEFT_OUT.values(), "Safehousen", "Compartmenta", "Urgentova", "Refusenik", "Qadisiya"]
    for fmt in ("html", "docx", "pdf"):
        response = Client().get(f"/public/reports/{final_report.pk}/document.{fmt}")
        assert response.status_code == 200
        text = readable(response.content, tmp_path)
        for name in forbidden:
            assert name not in text, f"{name!r} in the public {fmt}"
        assert NAMED in text, "the person who consented is still named"


def test_the_frozen_report_holds_none_of_their_names(final_report):
    frozen = str(final_report.snapshot)
    for name in [*LEFT_OUT.values(), "Safehousen", "Compartmenta", "Urgentova", "Refusenik", "Qadisiya"]:
        assert name not in frozen
