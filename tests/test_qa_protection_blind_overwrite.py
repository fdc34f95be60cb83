"""A focal point may not overwrite what it may not see: another organisation's allegation (its narrative
and its source's identity and contact), OHCHR's risk notes, a party's contact details or real name. It
still changes its own entity's allegations and the case's other fields, and adds parties with contact
details it knows."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services
from reprisals.cases.models import AffectedParty, Allegation, Case
from reprisals.core.errors import Forbidden
from reprisals.reference.models import Entity
from tests.conftest import client_for


@pytest.fixture
def shared(officer, new_case, bahrain):
    case = new_case()  # its first allegation came from ISHR, the focal point's entity
    services.case_update(actor=officer, case=case, expected_version=None, risk_notes="OHCHR risk notes")
    amnesty = Entity.objects.get(code="AMNESTY")
    other = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2016, 4, 1),
                                       narrative="As Amnesty reported it.", source_entity=amnesty,
                                       source_identity="Amnesty source", source_contact="amnesty-source@example.org")
    services.allegation_attach(actor=officer, allegation=other, case=case)
    party = case.parties.get()
    services.party_update(actor=officer, party=party, contact="+00 OHCHR contact")
    return {"case": Case.objects.get(pk=case.pk), "other": other, "own": case.allegations.exclude(pk=other.pk).get(),
            "party": party}


def test_a_focal_point_cannot_change_another_organisations_allegation(shared, focal, api_as):
    other = shared["other"]
    response = api_as(focal).patch(f"/api/v1/allegations/{other.pk}",
                                   {"source_identity": "overwritten", "narrative": "rewritten"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert (other.source_identity, other.narrative) == ("Amnesty source", "As Amnesty reported it.")


def test_a_focal_point_still_corrects_its_own_entitys_allegation(shared, focal, api_as):
    own = shared["own"]
    response = api_as(focal).patch(f"/api/v1/allegations/{own.pk}", {"source_contact": "new@example.org"})
    assert response.status_code == 200
    assert Allegation.objects.get(pk=own.pk).source_contact == "new@example.org"


def test_a_focal_point_cannot_overwrite_risk_notes_it_may_not_read(shared, focal, api_as):
    case = shared["case"]
    response = api_as(focal).patch(f"/api/v1/cases/{case.pk}", {"version": case.version, "risk_notes": "gone"})
    assert response.status_code == 403
    assert "risk_notes" in response.json()["error"]["fields"]
    assert Case.objects.get(pk=case.pk).risk_notes == "OHCHR risk notes"



def test_the_case_edit_page_offers_a_focal_point_no_risk_notes_to_replace(shared, focal, officer):
    case = shared["case"]
    browser = client_for(focal)
    assert "risk_notes" not in browser.get(f"/cases/{case.pk}/edit/").content.decode()
    assert "risk_notes" in client_for(officer).get(f"/cases/{case.pk}/edit/").content.decode()
    page = browser.post(f"/cases/{case.pk}/edit/", {
        "version": case.version, "title": "Retitled", "country": "BHR", "summary": "", "risk_level": "ordinary",
        "risk_notes": "forged", "clear_risk_notes": "on"})
    assert page.status_code == 302
    case.refresh_from_db()
    assert (case.title, case.risk_notes) == ("Retitled", "OHCHR risk notes")


def test_a_focal_point_still_changes_the_cases_other_fields(shared, focal, api_as):
    case = shared["case"]
    response = api_as(focal).patch(f"/api/v1/cases/{case.pk}", {"version": case.version, "title": "New title"})
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).risk_notes == "OHCHR risk notes"


def test_a_focal_point_cannot_overwrite_a_partys_protected_details(shared, focal, api_as):
    party = shared["party"]
    for field in ("contact", "protected_name"):
        response = api_as(focal).patch(f"/api/v1/parties/{party.pk}", {field: "overwritten"})
        assert response.status_code == 403, field
        assert field in response.json()["error"]["fields"]
    assert AffectedParty.objects.get(pk=party.pk).contact == "+00 OHCHR contact"
    assert api_as(focal).patch(f"/api/v1/parties/{party.pk}", {"gender": "male"}).status_code == 200


def test_a_focal_point_adds_a_party_with_the_contact_it_knows(shared, focal):
    party = services.party_add(actor=focal, case=shared["case"], name="Another Person", contact="+00 known")
    assert AffectedParty.objects.get(pk=party.pk).contact == "+00 known"


def test_officers_still_change_everything(shared, officer):
    services.allegation_update(actor=officer, allegation=shared["other"], source_identity="corrected")
    services.party_update(actor=officer, party=shared["party"], contact="corrected")
    services.case_update(actor=officer, case=shared["case"], expected_version=None, risk_notes="corrected")
    assert Allegation.objects.get(pk=shared["other"].pk).source_identity == "corrected"
    assert AffectedParty.objects.get(pk=shared["party"].pk).contact == "corrected"
    assert Case.objects.get(pk=shared["case"].pk).risk_notes == "corrected"


def test_the_services_refuse_a_blind_overwrite_whatever_calls_them(shared, focal):
    with pytest.raises(Forbidden):
        services.case_update(actor=focal, case=shared["case"], expected_version=None, risk_notes="x")
    with pytest.raises(Forbidden):
        services.allegation_update(actor=focal, allegation=shared["other"], narrative="x")
