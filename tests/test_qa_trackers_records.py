"""Recording San José Guidelines decisions and NGO applications by hand, with the mistakes people make:
the same decision twice, a decision dated before the Guidelines existed, renaming an application to
the name of another one, a UN body that is not a treaty body. Each is refused naming the field, in the
reader's language, never as a server error or a "__all__" in front of the message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from reprisals.core.errors import ValidationFailed
from reprisals.reference.i18n import country_name, un_body_name
from reprisals.trackers import services
from reprisals.trackers.models import GuidelineAdoption, NGOApplication
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- San José Guidelines decisions


def test_the_same_decision_twice_is_refused_naming_the_date(officer, api_as):
    services.adoption_record(actor=officer, treaty_body="CESCR", status="adopted", decided_on=dt.date(2017, 6, 30))
    answer = api_as(officer).post("/api/v1/trackers/san-jose/adoptions",
                                  {"treaty_body": "CESCR", "status": "adopted", "decided_on": "2017-06-30"})
    error = answer.json()["error"]
    assert answer.status_code == 422 and list(error["fields"]) == ["decided_on"]
    assert "__all__" not in error["message"] and "already has a decision" in error["message"]
    assert GuidelineAdoption.objects.count() == 1


def test_the_same_decision_reference_twice_is_refused_naming_the_reference(officer):
    services.adoption_record(actor=officer, treaty_body="CEDAW", status="adopted", decided_on=dt.date(2017, 7, 1),
                             decision_reference="CEDAW/C/2017/I/CRP.1")
    with pytest.raises(ValidationFailed) as refused:
        services.adoption_record(actor=officer, treaty_body="CEDAW", status="not_adopted",
                                 decided_on=dt.date(2018, 7, 1), decision_reference="CEDAW/C/2017/I/CRP.1")
    assert list(refused.value.fields) == ["decision_reference"]


def test_a_correction_onto_another_decision_is_refused_naming_the_date(officer):
    services.adoption_record(actor=officer, treaty_body="CESCR", status="adopted", decided_on=dt.date(2017, 6, 30))
    other = services.adoption_record(actor=officer, treaty_body="CESCR", status="adopted",
                                     decided_on=dt.date(2018, 6, 30))
    with pytest.raises(ValidationFailed) as refused:
        services.adoption_update(actor=officer, adoption=other, decided_on=dt.date(2017, 6, 30))
    assert list(refused.value.fields) == ["decided_on"]
    assert GuidelineAdoption.objects.get(pk=other.pk).decided_on == dt.date(2018, 6, 30)


def test_the_web_form_shows_a_duplicate_decision_without_a_field_code(officer):
    client = client_for(officer)
    form = {"treaty_body": "CESCR", "status": "adopted", "decided_on": "2017-06-30"}
    assert client.post(reverse("trackers:sanjose_adoption_add"), form).status_code == 302
    page = client.post(reverse("trackers:sanjose_adoption_add"), form)
    text = page.content.decode()
    assert page.status_code == 422 and "already has a decision with this status on this date" in text
    assert "__all__" not in text


@pytest.mark.parametrize("decided_on", [dt.date(2014, 6, 30), dt.date(2015, 6, 21)])
def test_a_decision_before_the_guidelines_were_endorsed_is_refused(officer, decided_on, api_as):
    with pytest.raises(ValidationFailed) as refused:
        services.adoption_record(actor=officer, treaty_body="CESCR", status="adopted", decided_on=decided_on)
    assert list(refused.value.fields) == ["decided_on"] and "2015-06-22" in refused.value.fields["decided_on"][0]

    decision = services.adoption_record(actor=officer, treaty_body="CESCR", status="under_consideration",
                                        decided_on=dt.date(2015, 6, 22))
    answer = api_as(officer).patch(f"/api/v1/trackers/san-jose/adoptions/{decision.pk}",
                                   {"decided_on": decided_on.isoformat()})
    assert answer.status_code == 422 and list(answer.json()["error"]["fields"]) == ["decided_on"]
    assert GuidelineAdoption.objects.get(pk=decision.pk).decided_on == dt.date(2015, 6, 22)


def test_another_un_body_is_refused_with_its_name_in_the_readers_language(officer):
    french = un_body_name("HRC", "Human Rights Council", "fr")
    assert french != "Human Rights Council"
    with translation.override("fr"), pytest.raises(ValidationFailed) as refused:
        services.adoption_record(actor=officer, treaty_body="HRC", status="adopted", decided_on=dt.date(2017, 6, 30))
    message = refused.value.fields["treaty_body"][0]
    assert french in message and "Human Rights Council" not in message


# ---------------------------------------------------------------- NGO applications


def test_renaming_an_application_to_another_of_the_same_state_and_date_is_refused_not_a_server_error(officer,
                                                                                                      api_as):
    first = services.ngo_application_create(actor=officer, ngo_name="Centre for Water Rights", country="PAK",
                                            applied_on=dt.date(2019, 5, 30))
    services.ngo_application_create(actor=officer, ngo_name="Centre for Land Rights", country="PAK",
                                    applied_on=dt.date(2019, 5, 30))
    answer = api_as(officer).patch(f"/api/v1/trackers/ngo/applications/{first.pk}",
                                   {"ngo_name": "centre for  LAND rights"})
    assert answer.status_code == 422 and list(answer.json()["error"]["fields"]) == ["ngo_name"]
    assert NGOApplication.objects.get(pk=first.pk).ngo_name == "Centre for Water Rights"


def test_questioning_states_are_named_in_the_readers_language_on_an_application(officer):
    app = services.ngo_application_create(actor=officer, ngo_name="Centre for Water Rights", country="PAK",
                                          applied_on=dt.date(2019, 5, 30))
    services.ngo_outcome_record(actor=officer, application=app, session="2021 regular session",
                                session_date=dt.date(2021, 1, 25), outcome="deferred", questioning_states=["VEN"])
    client = client_for(officer)
    client.cookies["django_language"] = "fr"
    text = client.get(reverse("trackers:ngo_detail", args=[app.pk])).content.decode()
    assert f'title="{country_name("VEN", "", "fr")}"' in text
    assert "Bolivarian Republic" not in text


def test_an_unknown_state_code_in_the_application_filter_is_refused_not_an_empty_list(officer, api_as):
    services.ngo_application_create(actor=officer, ngo_name="Centre for Water Rights", country="PAK",
                                    applied_on=dt.date(2019, 5, 30))
    client = api_as(officer)
    refused = client.get("/api/v1/trackers/ngo/applications", country="QZZ")
    assert refused.status_code == 422 and list(refused.json()["error"]["fields"]) == ["country"]
    found = client.get("/api/v1/trackers/ngo/applications", country="pak")
    assert [a["ngo_name"] for a in found.json()["items"]] == ["Centre for Water Rights"]
