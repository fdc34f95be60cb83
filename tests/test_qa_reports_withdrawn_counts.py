"""A published case in which nobody may appear any more (every consent to publication revoked) leaves
the public site at once: not only its paragraph but every count, the map, the State filter and the
statistics files, so that the page, the map and the open data agree."""

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
def withdrawn(officer, senior):
    bahrain, nauru = Country.objects.get(iso3="BHR"), Country.objects.get(iso3="NRU")
    for i in range(4):
        make_case(actor=officer, country=bahrain, name=f"Bahraini Defender {i}", incident=f"2016-0{i + 1}")
    for i in range(3):
        make_case(actor=officer, country=nauru, name=f"Nauru Defender {i}", incident=f"2016-0{i + 1}")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    gone = bahrain.cases.order_by("pk").first()
    for use in ("publish_name", "publish_anonymously"):
        cs.consent_record(actor=officer, party=gone.parties.get(), use=use, granted=False, decided_on=dt.date.today())
    return gone


def by_code(table: dict) -> dict:
    return {row["code"]: row["count"] for row in table["rows"] if not row["grouped"]}


def test_the_statistics_no_longer_count_a_case_nobody_may_appear_in(withdrawn):
    client = Client()
    listed = client.get("/public/data/cases.json").json()["cases"]
    assert sum(c["state_iso3"] == "BHR" for c in listed) == 3
    tables = client.get("/public/data/statistics.json").json()["tables"]
    assert by_code(tables["by_state"]) == {"BHR": 3, "NRU": 3}
    assert tables["by_state"]["total"] == len(listed) == 6
    assert tables["by_report"]["total"] == 6
    assert tables["by_regional_group"]["total"] == 6
    assert "Bahrain: 3" in client.get("/public/map.svg").content.decode()
    state = client.get("/public/states/BHR/").content.decode()
    assert state.count("Bahraini Defender") == 3


def test_a_state_whose_only_published_case_was_withdrawn_is_no_longer_offered_as_a_filter(officer, senior):
    make_case(actor=officer, country=Country.objects.get(iso3="NRU"), name="Only Nauruan")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    assert 'value="NRU"' in Client().get("/public/cases/").content.decode()
    party = period.entries.get().case.parties.get()
    for use in ("publish_name", "publish_anonymously"):
        cs.consent_record(actor=officer, party=party, use=use, granted=False, decided_on=dt.date.today())
    assert 'value="NRU"' not in Client().get("/public/cases/").content.decode()
