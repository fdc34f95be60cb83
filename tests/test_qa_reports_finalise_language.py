"""A report is frozen in the register's own language (English), whatever language the senior official's
screen happens to be in when finalising: the published paragraphs, the public documents and the order of
the annexes do not depend on who pressed the button."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture
def period(officer):
    for iso3 in ("BHR", "EGY", "CHN"):
        make_case(actor=officer, country=Country.objects.get(iso3=iso3), name=f"Person {iso3}")
    return services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")


def finalise_in(language, senior, period):
    response = client_for(senior).post(f"/reports/{period.pk}/finalise/", headers={"accept-language": language})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.is_final


def test_a_report_finalised_from_an_arabic_screen_is_published_in_english(senior, period):
    finalise_in("ar", senior, period)
    cases = Client().get("/public/cases/", headers={"accept-language": "en"}).content.decode()
    assert "Person BHR" in cases and "Human Rights Council" in cases and "مجلس حقوق الإنسان" not in cases
    published = Client().get("/public/data/cases.json").json()["cases"]
    assert published and all(not ARABIC.search(c["text"]) for c in published)
    document = Client().get(f"/public/reports/{period.pk}/document.html",
                            headers={"accept-language": "en"}).content.decode()
    assert "Report of the Secretary-General" in document and not ARABIC.search(document)
    assert all(not ARABIC.search(entry.text) for entry in period.entries.all())


def test_the_paragraph_numbers_do_not_depend_on_the_language_of_the_screen(senior, period):
    finalise_in("zh-hans", senior, period)
    numbered = {e.country.iso3: e.paragraph for e in period.entries.select_related("country")}
    assert numbered == {"BHR": 1, "CHN": 2, "EGY": 3}  # Bahrain, China, Egypt: alphabetical in English
