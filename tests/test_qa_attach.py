"""An allegation belongs only to a case about the same State: every attach path (API, web triage, opening a
case, intake) and every change of either State is refused with the field and both States named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.cases import services
from reprisals.cases.models import Allegation
from reprisals.core.errors import ValidationFailed
from reprisals.reference.models import Country


@pytest.fixture
def burundi(reference):
    return Country.objects.get(iso3="BDI")


@pytest.fixture
def in_triage(officer, bahrain):
    return services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2016, 5, 1),
                                      narrative="Threatened after the session.")


@pytest.fixture
def burundi_case(new_case, burundi):
    return new_case(country=burundi, title="Burundi case")


def refused(response, status, field):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert field in error["fields"], error
    message = " ".join(error["fields"][field])
    assert "Bahrain" in message and "Burundi" in message, message
    return message


def test_the_api_refuses_attaching_an_allegation_to_a_case_about_another_state(api_as, officer, in_triage,
                                                                             burundi_case):
    api = api_as(officer)
    message = refused(api.patch(f"/api/v1/allegations/{in_triage.pk}", {"case_id": burundi_case.pk}), 422,
                      "case_id")
    assert in_triage.reference in message and burundi_case.reference in message
    assert Allegation.objects.get(pk=in_triage.pk).case_id is None
    before = Allegation.objects.count()
    body = {"country": "BHR", "received_on": "2016-05-02", "narrative": "Another one.", "case_id": burundi_case.pk}
    refused(api.post("/api/v1/allegations", body), 422, "case_id")
    assert Allegation.objects.count() == before  # nothing left behind in triage


def test_the_web_triage_refuses_attaching_to_a_case_about_another_state(officer, in_triage, burundi_case):
    client = Client()
    client.force_login(officer)
    response = client.post(reverse("allegation_attach", args=[in_triage.pk]), {"reference": burundi_case.reference})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Bahrain" in page and "Burundi" in page
    assert Allegation.objects.get(pk=in_triage.pk).case_id is None


def test_opening_a_case_about_another_state_from_an_allegation_is_refused(api_as, officer, in_triage):
    body = {"title": "Wrong State", "country": "BDI", "allegation_id": in_triage.pk}
    refused(api_as(officer).post("/api/v1/cases", body), 422, "country")


def test_an_attached_allegations_state_changes_only_with_its_case(api_as, officer, burundi_case):
    api = api_as(officer)
    allegation = burundi_case.allegations.get()
    refused(api.patch(f"/api/v1/allegations/{allegation.pk}", {"country": "BHR"}), 422, "country")
    # Correcting the case's State carries its allegations along, so the two never disagree.
    changed = api.patch(f"/api/v1/cases/{burundi_case.pk}", {"country": "BHR", "version": burundi_case.version})
    assert changed.status_code == 200, changed.content
    assert Allegation.objects.get(pk=allegation.pk).country.iso3 == "BHR"


def test_the_service_is_the_one_place(officer, in_triage, burundi_case):
    with pytest.raises(ValidationFailed) as err:
        services.allegation_attach(actor=officer, allegation=in_triage, case=burundi_case)
    assert "case" in err.value.fields
    # Same State: attached.
    same = services.allegation_record(actor=officer, country=burundi_case.country, received_on=dt.date(2016, 5, 1),
                                      narrative="Same State.")
    assert services.allegation_attach(actor=officer, allegation=same, case=burundi_case).case_id == burundi_case.pk
