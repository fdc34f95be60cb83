"""A person who is not named is described in public by the description officers wrote, unless that
description carries a protected value of the case: the source's identity or contact, another party's
contact or real name. Then a description made from role and gender is used, on the public pages, in the
open data and in the documents."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.test import Client

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date
ANONYMOUS_ONLY = {"raise_with_state": True, "publish_name": False, "publish_anonymously": True}
SOURCE = "Valdemar Ukhov"
SOURCE_CONTACT = "informant@secret.example"
OTHER_CONTACT = "+41 79 555 11 22"
OTHER_REAL_NAME = "Farid Zulfiqarov"


@pytest.fixture
def period(officer, senior):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Hidden Person", consents=ANONYMOUS_ONLY,
              description=f"the brother of {SOURCE}, who wrote from {SOURCE_CONTACT}",
              source_identity=SOURCE, source_contact=SOURCE_CONTACT)
    make_case(actor=officer, country=Country.objects.get(iso3="EGY"), name="Second Hidden", consents=ANONYMOUS_ONLY,
              description=f"a colleague reachable on {OTHER_CONTACT}", gender="male", roles=["lawyer"],
              extra_parties=[dict(name="", is_anonymous=True, protected_name=OTHER_REAL_NAME, contact=OTHER_CONTACT,
                                  description="a relative", gender="male", roles=["relative"],
                                  consents=ANONYMOUS_ONLY)])
    make_case(actor=officer, country=Country.objects.get(iso3="NRU"), name="Third Hidden", consents=ANONYMOUS_ONLY,
              description=f"a cousin of the person known as {OTHER_REAL_NAME}", gender="male",
              extra_parties=[dict(name="", is_anonymous=True, protected_name=OTHER_REAL_NAME, description="a cousin",
                                  gender="male", roles=["relative"], consents=ANONYMOUS_ONLY)])
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    return period


def outputs(period) -> dict[str, str]:
    client = Client()
    out = {path: client.get(path).content.decode() for path in
           ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv", "/public/states/BHR/",
            f"/public/reports/{period.pk}/document.html")}
    docx = client.get(f"/public/reports/{period.pk}/document.docx").content
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        out["docx"] = z.read("word/document.xml").decode()
    return out


def test_a_description_carrying_a_protected_value_of_the_case_is_not_published(period):
    for where, text in outputs(period).items():
        for secret in (SOURCE, "Ukhov", SOURCE_CONTACT, OTHER_CONTACT, OTHER_REAL_NAME):
            assert secret not in text, f"{secret!r} in {where}"


def test_the_person_is_described_by_role_and_gender_instead(period):
    page = outputs(period)["/public/cases/"]
    assert "a woman human rights defender" in page and "a lawyer" in page
