"""Every public address answers HEAD as it answers GET (RFC 9110: servers support both), so link
checkers and uptime monitors see the site up; other methods are still refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date


def test_every_public_address_answers_head(officer, senior):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Some Defender")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    client = Client()
    paths = ["/public/", "/public/cases/", "/public/states/BHR/", "/public/map.svg", "/public/charts/by_form.png",
             "/public/data/", "/public/data/cases.csv", f"/public/reports/{period.pk}/document.html"]
    for path in paths:
        head = client.head(path)
        assert head.status_code == 200, path
        assert head.content == b"", path
        assert head["Content-Type"] == client.get(path)["Content-Type"], path
    assert client.post("/public/cases/").status_code == 405
    assert client.head("/public/states/ZZZ/").status_code == 404
