"""A case's own texts (its summary, the place of an incident) may name a person of another case: a
relative, a colleague. When that other case is left out of the report (for security, restricted, without
consent), the person is not named in the paragraph either, in the public document, the public pages and
the open data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reprisals.cases.models import Case
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date
BROTHER = "Oskar Safehousen"
COLLEAGUE = "Rita Compartmenta"
NAMED = "Publicly Named Sister"


@pytest.fixture
def period(officer, senior):
    egypt = Country.objects.get(iso3="EGY")
    brother = make_case(actor=officer, country=egypt, name=BROTHER, incident="2015-08")
    colleague = make_case(actor=officer, country=egypt, name=COLLEAGUE, incident="2015-09")
    Case.objects.filter(pk=colleague.pk).update(is_restricted=True)
    make_case(actor=officer, country=egypt, name=NAMED, place=f"the office of {COLLEAGUE}",
              summary=f"{NAMED} was detained a week after her brother, {BROTHER}; Mr. Safehousen is in hiding.")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.exclusion_decide(actor=officer, period=period, case=brother, reason="security")
    unrelated = make_case(actor=officer, country=egypt, name="Hope Council", incident="2015-10")
    services.exclusion_decide(actor=officer, period=period, case=unrelated, reason="person_request")
    services.report_finalise(actor=senior, period=period)
    return period


def test_a_person_of_a_case_left_out_is_not_named_in_another_cases_paragraph(period):
    client = Client()
    outputs = {path: client.get(path).content.decode() for path in
               ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv",
                f"/public/reports/{period.pk}/document.html")}
    for where, text in outputs.items():
        assert NAMED in text, where
        for name in (BROTHER, "Safehousen", COLLEAGUE, "Compartmenta"):
            assert name not in text, f"{name!r} in {where}"
    assert all(name not in e.text for e in period.entries.all() for name in (BROTHER, COLLEAGUE))


def test_the_words_the_report_writes_itself_are_left_alone(period):
    # "Council", a word of a name in a case left out, is still written where the report names a UN body.
    paragraph = Client().get("/public/data/cases.json").json()["cases"][0]["text"]
    assert NAMED in paragraph and "Human Rights Council" in paragraph
