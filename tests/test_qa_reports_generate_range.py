"""Generating the periods of a range far in the future is refused with the field named, on the page
and through the API, instead of failing when the calendar runs out."""

from __future__ import annotations

import pytest

from reprisals.reports.models import ReportingPeriod
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_page_names_the_last_day_of_a_range_beyond_2100(officer):
    response = client_for(officer).post("/reports/", {"gen-date_from": "9990-01-01", "gen-date_to": "9999-12-31"})
    assert response.status_code == 422
    assert "year must be between 1900 and 2100" in response.content.decode()
    assert not ReportingPeriod.objects.exists()


def test_the_api_names_the_field_of_a_range_beyond_2100(officer, api_as):
    response = api_as(officer).post("/api/v1/reports/periods/generate",
                                    {"date_from": "9990-01-01", "date_to": "9999-12-31"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"date_to": ["year must be between 1900 and 2100"]}
    assert not ReportingPeriod.objects.exists()


def test_a_range_up_to_2100_is_still_generated(officer, api_as):
    response = api_as(officer).post("/api/v1/reports/periods/generate",
                                    {"date_from": "2098-06-01", "date_to": "2100-12-31"})
    assert response.status_code == 201
    assert ReportingPeriod.objects.count() == 3
