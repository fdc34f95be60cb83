"""Inputs the services refuse with the field named: received dates outside the UN's lifetime, and person
names that are only spaces, through the API and the web alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.cases.models import AffectedParty, Allegation
from tests.dates import today


def refused(response, field):
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert "__all__" not in response.json()["error"]["fields"]
    return " ".join(response.json()["error"]["fields"][field])


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "1945-10-23", "tomorrow"])
def test_a_received_date_outside_the_uns_lifetime_is_refused_naming_the_field(api_as, officer, day):
    if day == "tomorrow":  # read when the test runs, never at import: a run may cross midnight
        day = (today() + dt.timedelta(days=1)).isoformat()
    before = Allegation.objects.count()
    body = {"country": "BHR", "received_on": day, "narrative": "Detained after the session."}
    message = refused(api_as(officer).post("/api/v1/allegations", body), "received_on")
    assert "1945" in message or "future" in message
    assert Allegation.objects.count() == before


def test_the_earliest_and_latest_sane_received_dates_are_accepted(api_as, officer):
    for day in ("1945-10-24", dt.date.today().isoformat()):
        body = {"country": "BHR", "received_on": day, "narrative": "Detained after the session."}
        assert api_as(officer).post("/api/v1/allegations", body).status_code == 201


def test_correcting_a_received_date_to_year_one_is_refused(api_as, officer, new_case):
    allegation = new_case().allegations.get()
    refused(api_as(officer).patch(f"/api/v1/allegations/{allegation.pk}", {"received_on": "0001-01-01"}),
            "received_on")
    assert Allegation.objects.get(pk=allegation.pk).received_on == dt.date(2016, 3, 10)


def test_the_web_form_refuses_year_one_on_its_field(officer):
    client = Client()
    client.force_login(officer)
    response = client.post(reverse("allegation_record"), {
        "country": "BHR", "received_on": "0001-01-01", "narrative": "Detained after the session."})
    assert response.status_code == 422
    assert "1945" in response.content.decode()
    assert not Allegation.objects.exists()


@pytest.mark.parametrize("name", ["   ", "", "\t\n"])
def test_a_name_of_only_spaces_is_refused_naming_the_field(api_as, officer, new_case, name):
    case = new_case()
    api = api_as(officer)
    refused(api.post(f"/api/v1/cases/{case.pk}/parties", {"kind": "individual", "name": name}), "name")
    party = case.parties.get()
    refused(api.patch(f"/api/v1/parties/{party.pk}", {"name": name}), "name")
    assert AffectedParty.objects.get(pk=party.pk).name == "Maryam Example"
    assert case.parties.count() == 1


def test_names_are_kept_without_surrounding_spaces_and_anonymous_parties_need_none(api_as, officer, new_case):
    case = new_case()
    api = api_as(officer)
    made = api.post(f"/api/v1/cases/{case.pk}/parties", {"kind": "individual", "name": "  Ali Example  "})
    assert made.status_code == 201 and made.json()["name"] == "Ali Example"
    anonymous = api.post(f"/api/v1/cases/{case.pk}/parties", {"kind": "individual", "name": "  ",
                                                               "is_anonymous": True, "description": "a witness"})
    assert anonymous.status_code == 201, anonymous.content
