"""Dates in the trackers and intake services lie in a sane range: a mistyped year (0001) is refused naming
the field, like a date in the future, on the pages, the API, the CSV import and the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.core.errors import ValidationFailed
from reprisals.intake import reporting
from reprisals.reference.models import Entity
from reprisals.trackers import imports, rules, services
from reprisals.trackers.models import NGOApplication, SessionOutcome

pytestmark = pytest.mark.django_db
YEAR_ONE = dt.date(1, 1, 1)


def test_the_rule_refuses_early_future_and_far_dates():
    today = dt.date(2026, 5, 1)
    for value, allowed in ((YEAR_ONE, False), (dt.date(1944, 12, 31), False), (dt.date(2026, 5, 2), False),
                           (dt.date(2101, 1, 1), True)):
        with pytest.raises(rules.RuleBroken) as err:
            rules.check_date("applied_on", value, today, future_allowed=allowed)
        assert err.value.field == "applied_on"
    rules.check_date("applied_on", dt.date(1945, 1, 1), today)
    rules.check_date("ended_on", dt.date(2030, 1, 1), today, future_allowed=True)


def test_the_ngo_form_refuses_year_one_naming_the_field(officer):
    client = Client()
    client.force_login(officer)
    response = client.post(reverse("trackers:ngo_add"),
                           {"ngo_name": "Centre for Water Rights", "country": "PAK", "applied_on": "0001-01-01"})
    assert response.status_code == 422
    assert b"Date applied</a>: the year 0001 is too early; give a date from 1945 on" in response.content
    assert not NGOApplication.objects.exists()
    assert b"Centre for Water Rights" not in client.get(reverse("trackers:ngo_waiting")).content


def test_the_api_refuses_year_one_naming_the_field(api_as, officer):
    response = api_as(officer).post("/api/v1/trackers/ngo/applications",
                                    {"ngo_name": "Centre for Water Rights", "country": "PAK",
                                     "applied_on": "0001-01-01"})
    assert response.status_code == 422
    assert "applied_on" in response.json()["error"]["fields"]
    assert not NGOApplication.objects.exists()


def test_every_trackers_service_date_is_checked(officer, new_case):
    with pytest.raises(ValidationFailed) as err:
        services.adoption_record(actor=officer, treaty_body="CAT", status="adopted", decided_on=YEAR_ONE)
    assert "decided_on" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        services.rapporteur_add(actor=officer, treaty_body="CAT", name="A", role="rapporteur", started_on=YEAR_ONE)
    assert "started_on" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        services.rapporteur_add(actor=officer, treaty_body="CAT", name="A", role="rapporteur",
                                started_on=dt.date(2016, 1, 1), ended_on=dt.date(9999, 1, 1))
    assert "ended_on" in err.value.fields
    rapporteur = services.rapporteur_add(actor=officer, treaty_body="CAT", name="A", role="rapporteur",
                                         started_on=dt.date(2016, 1, 1), ended_on=dt.date(2030, 1, 1))
    with pytest.raises(ValidationFailed) as err:
        services.rapporteur_update(actor=officer, rapporteur=rapporteur, started_on=YEAR_ONE)
    assert "started_on" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        services.action_record(actor=officer, treaty_body="CAT", kind="letter", taken_on=YEAR_ONE)
    assert "taken_on" in err.value.fields
    application = services.ngo_application_create(actor=officer, ngo_name="N", country="PAK",
                                                  applied_on=dt.date(2019, 5, 30))
    with pytest.raises(ValidationFailed) as err:
        services.ngo_outcome_record(actor=officer, application=application, session="x",
                                    session_date=dt.date(1066, 10, 14), outcome="deferred")
    assert "session_date" in err.value.fields
    incident = new_case().incidents.get()
    with pytest.raises(ValidationFailed) as err:
        services.evidence_add(actor=officer, incident=incident, platform="x_twitter",
                              seen_at=dt.datetime(1, 1, 1, tzinfo=dt.UTC), text="t")
    assert "seen_at" in err.value.fields


def test_the_csv_import_refuses_year_one(officer):
    csv = ("ngo_name,ngo_country,date_applied,session,session_date,outcome\n"
           "Centre for Water Rights,PAK,0001-01-01,2021 regular session,2021-01-25,deferred\n")
    report = imports.ngo_import(actor=officer, data=csv.encode())
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(2, "date_applied")]
    assert not SessionOutcome.objects.exists()


def test_a_reporting_schedule_cannot_start_in_year_one(officer):
    with pytest.raises(ValidationFailed) as err:
        reporting.schedule_set(actor=officer, entity=Entity.objects.get(code="ISHR"), every_months=4,
                               starts_on=YEAR_ONE)
    assert "starts_on" in err.value.fields
