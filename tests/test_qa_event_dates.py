"""Incidents and UN engagements start where received dates do: on 24 October 1945, when the UN Charter
entered into force (no one was punished for cooperating with the UN before). Refused naming the field in
the services, the web forms, the case API and the submissions API alike; the demo data keeps to it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reprisals.cases import services
from reprisals.cases.models import Allegation, Engagement, Incident
from reprisals.core.dates import UN_FOUNDED
from reprisals.core.errors import ValidationFailed
from reprisals.intake.models import Submission
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

EARLY = ["1900", "1944", "1944-12", "1945-09", "1945-10-23", "0001", "1899-12-31"]
FIRST = ["1945", "1945-10", "1945-10-24", "1946-01-01"]
REASON = "the date is before 1945-10-24, when the United Nations was founded"


def refused(response, field):
    assert response.status_code == 422, response.content
    fields = response.json()["error"]["fields"]
    assert fields.get(field) == [REASON], fields
    return response.json()["error"]["message"]


@pytest.mark.parametrize("date", EARLY)
def test_the_services_refuse_an_incident_or_engagement_before_the_un_naming_the_field(officer, new_case, date):
    case = new_case()
    with pytest.raises(ValidationFailed) as refusal:
        services.incident_add(actor=officer, case=case, date=date, forms=["travel_ban"])
    assert refusal.value.fields == {"date": [REASON]} and refusal.value.message == f"date: {REASON}"
    with pytest.raises(ValidationFailed) as refusal:
        services.engagement_add(actor=officer, case=case, un_body=services.un_body_by_code("HRC"),
                                kind="participation_un_meeting", date=date)
    assert refusal.value.fields == {"date": [REASON]}
    incident = case.incidents.get()
    with pytest.raises(ValidationFailed):
        services.incident_update(actor=officer, incident=incident, date=date)
    incident.refresh_from_db()
    assert (incident.date_year, incident.date_month) == (2016, 3)
    assert case.incidents.count() == 1 and case.engagements.count() == 1


@pytest.mark.parametrize("date", FIRST)
def test_dates_from_the_founding_on_are_accepted(officer, new_case, date):
    case = new_case()
    services.incident_add(actor=officer, case=case, date=date, forms=["travel_ban"])
    services.engagement_add(actor=officer, case=case, un_body=services.un_body_by_code("HRC"),
                            kind="participation_un_meeting", date=date)
    assert case.incidents.count() == 2 and case.engagements.count() == 2


def test_the_case_api_refuses_them_naming_the_field(api_as, officer, new_case):
    case = new_case()
    api = api_as(officer)
    message = refused(api.post(f"/api/v1/cases/{case.pk}/incidents", {"date": "1930-05", "forms": ["travel_ban"]}),
                      "date")
    assert message == f"date: {REASON}"
    refused(api.post(f"/api/v1/cases/{case.pk}/engagements",
                     {"un_body": "HRC", "kind": "participation_un_meeting", "date": "1930"}), "date")
    incident = case.incidents.get()
    refused(api.patch(f"/api/v1/incidents/{incident.pk}", {"date": "1944"}), "date")
    assert Incident.objects.get(pk=incident.pk).date_year == 2016
    assert case.incidents.count() == 1 and case.engagements.count() == 1
    made = api.post(f"/api/v1/cases/{case.pk}/incidents", {"date": "1945-10-24", "forms": ["travel_ban"]})
    assert made.status_code == 201, made.content


def test_the_web_forms_show_the_reason_on_the_date_field(officer, new_case):
    case = new_case()
    client = client_for(officer)
    for url, data in [(reverse("incident_add", args=[case.pk]), {"date": "1930", "forms": ["travel_ban"]}),
                      (reverse("engagement_add", args=[case.pk]),
                       {"un_body": "HRC", "kind": "participation_un_meeting", "date": "1930"})]:
        response = client.post(url, data)
        assert response.status_code == 422, url
        assert f'_date">Date</a>: {REASON}</li>' in response.content.decode(), url
    assert case.incidents.count() == 1 and case.engagements.count() == 1


def test_the_submissions_api_refuses_them_before_they_reach_triage(api_as, submitter):
    body = {
        "country": "BHR", "title": "Travel ban", "what_happened": "Stopped at the airport after the HRC session.",
        "incident_date": "1930-03", "forms": ["travel_ban"],
        "persons": [{"name": "Maryam Example", "roles": ["human_rights_defender"]}],
        "engagement": {"un_body": "HRC", "kind": "participation_un_meeting", "date": "1944"},
    }
    response = api_as(submitter).post("/api/v1/submissions", body)
    assert response.status_code == 422, response.content
    fields = response.json()["error"]["fields"]
    assert [m for m in fields["incident_date"] if REASON in m] and [m for m in fields["engagement_date"] if REASON in m]
    assert not Submission.objects.exists()


def test_the_demo_data_never_predates_the_un(officer):
    from reprisals.cases.demo import demo_load

    demo_load(actor=None, cases=120, seed=7)
    assert Incident.objects.count() >= 120 and Engagement.objects.count() >= 120
    for model in (Incident, Engagement):
        for row in model.objects.all():
            assert row.date.latest >= UN_FOUNDED, (model.__name__, str(row.date))
    assert not Allegation.objects.filter(received_on__lt=UN_FOUNDED).exists()
