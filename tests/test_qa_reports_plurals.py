"""Counts on the staff pages of reports read as sentences in every language: one case, one period, not
"1 cases" (and the plural forms of Russian or Arabic can be given by their translators)."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_draft_counts_one_case_in_the_singular(officer):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Only Defender")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30))
    html = client_for(officer).get(f"/reports/{period.pk}/").content.decode()
    assert "Annex I: 1 case." in html and "Annex II: 0 cases." in html
    assert "1 cases" not in html


def test_the_statistics_count_one_case_in_the_singular(officer):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Only Defender", incident="2016-03")
    html = client_for(officer).get("/reports/statistics/", {"year_from": "2016", "year_to": "2016"}).content.decode()
    assert "1 case." in html and "1 cases." not in html


def test_generating_one_period_says_one_period(officer):
    client = client_for(officer)
    response = client.post("/reports/", {"gen-date_from": "2016-06-01", "gen-date_to": "2016-07-01"}, follow=True)
    html = response.content.decode()
    assert "1 reporting period created." in html and "1 reporting periods" not in html
