"""The staff statistics page refuses a range of years that ends before it starts, naming the field,
instead of showing empty statistics as if the register held no case."""

from __future__ import annotations

import pytest

from reprisals.reference.models import Country
from reprisals.reports.testdata import make_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_range_of_years_that_ends_before_it_starts_is_refused_with_the_field_named(officer):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Some Defender", incident="2016-03")
    response = client_for(officer).get("/reports/statistics/", {"year_from": "2017", "year_to": "2015"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "the range ends before it starts" in html
    assert "0 cases." not in html


def test_a_range_of_one_year_is_shown(officer):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Some Defender", incident="2016-03")
    response = client_for(officer).get("/reports/statistics/", {"year_from": "2016", "year_to": "2016"})
    assert response.status_code == 200
    assert "Travel ban or passport confiscation" in response.content.decode()
