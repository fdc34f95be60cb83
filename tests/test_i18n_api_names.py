"""Names of States, UN bodies and vocabulary terms in the API and the linkage review cards follow the
reader's language (the API: Accept-Language; English without one), as choice labels already did.
Codes stay the same in every language: a client keys on `country`, `un_body` and `code`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.accounts.services import token_create
from reprisals.cases.models import AffectedParty
from reprisals.followup import services as followup
from reprisals.followup.choices import CommunicationKind
from reprisals.linkage import services as linkage
from reprisals.reference.models import UNBody

pytestmark = pytest.mark.django_db


def api_get(user, path, language=None):
    headers = {"Authorization": f"Bearer {token_create(actor=None, user=user)}"}
    if language:
        headers["Accept-Language"] = language
    response = Client().get(path, headers=headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_case_list_and_a_case_name_the_state_body_and_terms_in_the_readers_language(officer, new_case):
    case = new_case()
    english = api_get(officer, "/api/v1/cases")["items"][0]
    french = api_get(officer, "/api/v1/cases", "fr")["items"][0]
    assert (english["country"], english["country_name"]) == ("BHR", "Bahrain")
    assert (french["country"], french["country_name"]) == ("BHR", "Bahreïn")
    full = api_get(officer, f"/api/v1/cases/{case.pk}", "es")
    assert full["country_name"] == "Bahrein"
    assert full["engagements"][0]["un_body"] == "HRC"
    assert full["engagements"][0]["un_body_name"] == "Consejo de Derechos Humanos"
    role = full["parties"][0]["roles"][0]
    assert role == {"code": "human_rights_defender", "label": "Defensor de los derechos humanos"}
    form = next(f for f in full["incidents"][0]["forms"] if f["code"] == "travel_ban")
    assert form["label"] == "Prohibición de viajar o confiscación del pasaporte"


def test_a_vocabulary_lists_its_codes_with_labels_in_the_readers_language(officer):
    terms = api_get(officer, "/api/v1/vocabularies/party_role", "ru")
    assert {"code": "human_rights_defender", "label": "Правозащитник"}.items() <= next(
        t for t in terms if t["code"] == "human_rights_defender").items()


def test_communications_name_the_state_and_the_sender_in_the_readers_language(officer, verified_case):
    case = verified_case()
    letter = followup.communication_record(
        actor=officer, country=case.country, kind=CommunicationKind.SP_ALLEGATION_LETTER,
        un_body=UNBody.objects.get(code="SR-HRD"), sent_on=dt.date.today(), summary="Letter.", cases=[case],
        symbol="AL BHR 3/2024")
    row = api_get(officer, "/api/v1/communications", "ar")["items"][0]
    assert row["country_name"] == "البحرين"
    assert row["un_body_name"] == "المقرر الخاص المعني بحالة المدافعين عن حقوق الإنسان"
    detail = api_get(officer, f"/api/v1/communications/{letter.pk}", "zh-hans")
    assert (detail["country_name"], detail["un_body_name"]) == ("巴林", "人权维护者处境问题特别报告员")
    record = api_get(officer, "/api/v1/states/BHR/record", "fr")
    assert record["state_name"] == "Bahreïn"


def test_linkage_cards_name_the_state_and_roles_in_the_readers_language(api_as, officer, reviewer, new_case):
    first, second = new_case(name="Ales Bialiatski"), new_case(name="Алесь Бяляцкі")
    linkage.linkage_run(actor=reviewer)
    item = api_get(officer, "/api/v1/linkage/candidates", "fr")["items"][0]
    assert item["a"]["country_name"] == "Bahreïn" and item["a"]["roles"] == ["Défenseur des droits humains"]
    client = Client()
    client.force_login(officer)
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("linkage_queue")).content.decode()
    assert "Bahreïn" in html and "Défenseur des droits humains" in html
    assert AffectedParty.objects.filter(case__in=[first, second]).count() == 2
