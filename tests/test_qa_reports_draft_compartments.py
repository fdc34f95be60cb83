"""The officers' draft document, downloaded by an officer who is not among a restricted case's named
users, does not give that case's reference: like the draft page, it says "a restricted case". A named
user of the case still finds the reference in it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from reprisals.cases.models import Case
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def restricted(officer, officer2):
    egypt = Country.objects.get(iso3="EGY")
    make_case(actor=officer, country=egypt, name="Open Case Person")
    case = make_case(actor=officer, country=egypt, name="Compartment Person", incident="2015-09")
    Case.objects.filter(pk=case.pk).update(is_restricted=True)
    case.compartment.add(officer)
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    return case, period


def text_of(body: bytes) -> str:
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return z.read("word/document.xml").decode()
    return body.decode()


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_an_officer_outside_the_compartment_gets_no_reference_in_the_draft_document(officer2, restricted, fmt):
    case, period = restricted
    page = client_for(officer2).get(f"/reports/{period.pk}/").content.decode()
    assert case.reference not in page and "a restricted case" in page
    response = client_for(officer2).get(f"/reports/{period.pk}/document.{fmt}")
    assert response.status_code == 200
    text = text_of(response.content)
    assert case.reference not in text
    assert "a restricted case" in text


def test_the_api_draft_document_follows_the_same_rule(api_as, officer2, restricted):
    case, period = restricted
    response = api_as(officer2).get(f"/api/v1/reports/periods/{period.pk}/document", format="html")
    assert response.status_code == 200 and case.reference not in response.content.decode()


def test_a_named_user_of_the_case_still_finds_its_reference(officer, restricted):
    case, period = restricted
    text = client_for(officer).get(f"/reports/{period.pk}/document.html").content.decode()
    assert case.reference in text


def test_a_person_targeted_again_does_not_give_away_an_earlier_case_now_restricted(officer, officer2, senior):
    bahrain = Country.objects.get(iso3="BHR")
    earlier = make_case(actor=officer, country=bahrain, name="Repeat Person", incident="2015-09")
    first = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=first)
    later = make_case(actor=officer, country=bahrain, name="Repeat Person", incident="2016-09",
                      received=D(2016, 9, 10))
    second = services.period_create(actor=officer, start=D(2016, 5, 1), end=D(2017, 4, 30))
    assert earlier.reference in client_for(officer2).get(f"/reports/{second.pk}/").content.decode()
    Case.objects.filter(pk=earlier.pk).update(is_restricted=True)
    earlier.compartment.add(officer)
    for path in (f"/reports/{second.pk}/", f"/reports/{second.pk}/document.html"):
        text = client_for(officer2).get(path).content.decode()
        assert later.reference in text and earlier.reference not in text, path
    assert earlier.reference in client_for(officer).get(f"/reports/{second.pk}/").content.decode()
