"""On a period's page, a document address asking for the public version the way the API does
("?public=true") gives the public document, not the officers' draft with case references and what was
left out and why."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def period(officer):
    case = make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Some Defender")
    return case, services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30))


@pytest.mark.parametrize("flag", ["1", "true", "True", "yes", "on"])
def test_every_way_of_saying_public_gives_the_public_document(officer, period, flag):
    case, p = period
    response = client_for(officer).get(f"/reports/{p.pk}/document.html", {"public": flag})
    assert response.status_code == 200
    html = response.content.decode()
    assert case.reference not in html and "For officers only" not in html
    assert "-draft" not in response["Content-Disposition"]


@pytest.mark.parametrize("flag", ["", "0", "false"])
def test_otherwise_the_officers_draft(officer, period, flag):
    case, p = period
    html = client_for(officer).get(f"/reports/{p.pk}/document.html", {"public": flag}).content.decode()
    assert case.reference in html
