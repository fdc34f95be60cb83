"""An officer leaving a case out of a report may type its reference in any case, as in every other field
that takes case references ("rt-2016-00012" is RT-2016-00012), on the page and through the API."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.models import ReportExclusion
from reprisals.reports.testdata import make_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def setting(officer):
    case = make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Some Defender")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30))
    return case, period


def test_the_page_takes_a_reference_typed_in_lower_case(officer, setting):
    case, period = setting
    response = client_for(officer).post(f"/reports/{period.pk}/exclusions/",
                                        {"case": f"  {case.reference.lower()} ", "reason": "security"})
    assert response.status_code == 302
    assert ReportExclusion.objects.filter(period=period, case=case).exists()


def test_the_api_takes_a_reference_typed_in_lower_case(api_as, officer, setting):
    case, period = setting
    response = api_as(officer).post(f"/api/v1/reports/periods/{period.pk}/exclusions",
                                    {"case_reference": case.reference.lower(), "reason": "person_request"})
    assert response.status_code == 201 and response.json()["case_reference"] == case.reference
