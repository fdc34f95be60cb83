"""The public filters and statistics of a published case follow what the final report published (its
forms of reprisal and UN bodies, frozen with the paragraph), not what the register learnt since: an
incident or an engagement recorded after the report is neither findable nor counted in public until a
later report publishes it, and the filters, the statistics and the open data agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reprisals.cases import services as cs
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def learnt_since(officer, senior):
    cases = [make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name=f"Defender {i}",
                       forms=["travel_ban"], body="HRC") for i in range(3)]
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    for case in cases:  # learnt after the report, not published anywhere yet
        cs.incident_add(actor=officer, case=case, date="2017-02", forms=["killing"], perpetrator="police",
                        place="the capital")
        cs.engagement_add(actor=officer, case=case, un_body=cs.un_body_by_code("CCPR"),
                          kind="participation_un_meeting", date="2017-01")
    return cases


def test_a_form_learnt_after_the_report_does_not_find_the_published_case(learnt_since):
    client = Client()
    assert client.get("/public/cases/", {"form": "travel_ban"}).content.decode().count("Defender ") == 3
    assert "Defender " not in client.get("/public/cases/", {"form": "killing"}).content.decode()
    assert "Defender " not in client.get("/public/cases/", {"un_body": "CCPR"}).content.decode()
    assert client.get("/public/cases/", {"un_body": "HRC"}).content.decode().count("Defender ") == 3


def test_the_statistics_count_what_was_published(learnt_since):
    tables = Client().get("/public/data/statistics.json").json()["tables"]
    assert {r["code"]: r["count"] for r in tables["by_form"]["rows"]} == {"travel_ban": 3}
    assert {r["code"]: r["count"] for r in tables["by_un_body"]["rows"]} == {"hrc": 3}
    published = Client().get("/public/data/cases.json").json()["cases"]
    assert all(c["forms"] == ["travel_ban"] and c["un_bodies"] == ["HRC"] for c in published)
