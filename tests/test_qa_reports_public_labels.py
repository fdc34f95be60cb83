"""The public statistics name forms of reprisal and States in the reader's language, like the regional
groups and UN bodies beside them: on a State's page, in the charts' tables and in the statistics files
downloaded in that language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def published(officer, senior):
    for i in range(3):
        make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name=f"Defender {i}",
                  forms=["arbitrary_arrest"])
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)


@pytest.mark.parametrize("language, arrest", [("fr", "Arrestation arbitraire"), ("ru", "Произвольный арест"),
                                              ("es", "Detención arbitraria"), ("ar", "الاعتقال التعسفي")])
def test_a_state_page_names_the_forms_of_reprisal_in_the_readers_language(published, language, arrest):
    page = Client().get("/public/states/BHR/", headers={"accept-language": language}).content.decode()
    assert arrest in page and "Arbitrary arrest" not in page


def test_the_statistics_file_in_french_names_forms_and_states_in_french(published):
    tables = Client().get("/public/data/statistics.json", headers={"accept-language": "fr"}).json()["tables"]
    assert [row["label"] for row in tables["by_form"]["rows"]] == ["Arrestation arbitraire"]
    assert [row["label"] for row in tables["by_state"]["rows"]] == ["Bahreïn"]
    assert [row["code"] for row in tables["by_state"]["rows"]] == ["BHR"]


def test_without_a_language_the_statistics_file_stays_in_english(published):
    tables = Client().get("/public/data/statistics.json").json()["tables"]
    assert [row["label"] for row in tables["by_form"]["rows"]] == ["Arbitrary arrest"]
    assert [row["label"] for row in tables["by_state"]["rows"]] == ["Bahrain"]
