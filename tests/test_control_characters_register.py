"""The register's own writes refuse control characters as intake does (``core.text``): a vertical tab,
NEL or bell typed into a party, a case, an allegation, a transition's reason, a follow-up or a tracker's
text is refused with the field's name (422 in the API, the message beside the field in a form) and
nothing is stored; tab and line breaks stay text."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services
from reprisals.cases.models import AffectedParty, Allegation, Case, Incident, StatusChange
from reprisals.core.errors import ValidationFailed
from reprisals.followup import services as followup
from reprisals.followup.models import CaseDevelopment
from reprisals.intake.models import SubmissionUpdate
from reprisals.trackers import services as trackers
from reprisals.trackers.models import ReprisalsRapporteur, TreatyBodyAction
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

VT, NEL, BEL = "\x0b", "\x85", "\x07"


def refused(response, field):
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert field in error["fields"], error
    assert "control character" in error["fields"][field][0]
    return error


# ---------------------------------------------------------------- the API


@pytest.mark.parametrize("body, field", [
    ({"name": f"Plain{VT}Name"}, "name"),
    ({"description": f"a{NEL}defender"}, "description"),
    ({"name_variants": ["Other", f"Spel{BEL}ling"]}, "name_variants"),
    ({"contact": f"+973{VT}555"}, "contact"),
])
def test_patching_a_party_with_a_control_character_is_refused_and_changes_nothing(api_as, officer, new_case,
                                                                                    body, field):
    case = new_case()
    party = case.parties.get()
    before = AffectedParty.objects.filter(pk=party.pk).values().get()
    refused(api_as(officer).patch(f"/api/v1/parties/{party.pk}", body), field)
    assert AffectedParty.objects.filter(pk=party.pk).values().get() == before
    assert Case.objects.get(pk=case.pk).version == case.version


def test_adding_a_party_with_a_control_character_is_refused(api_as, officer, new_case):
    case = new_case()
    refused(api_as(officer).post(f"/api/v1/cases/{case.pk}/parties", {"name": f"Plain{NEL}Name"}), "name")
    assert case.parties.count() == 1


@pytest.mark.parametrize("body, field", [
    ({"title": f"Detention{BEL}today"}, "title"),
    ({"summary": f"Held{VT}incommunicado"}, "summary"),
    ({"risk_notes": f"Threats{NEL}received"}, "risk_notes"),
])
def test_a_case_with_a_control_character_is_neither_opened_nor_changed(api_as, officer, new_case, body, field):
    api = api_as(officer)
    refused(api.post("/api/v1/cases", {"title": "Detention", "country": "BHR", **body}), field)
    assert Case.objects.count() == 0
    case = new_case()
    refused(api.patch(f"/api/v1/cases/{case.pk}", {"version": case.version, **body}), field)
    after = Case.objects.get(pk=case.pk)
    assert (after.title, after.summary, after.risk_notes, after.version) == (
        case.title, case.summary, case.risk_notes, case.version)


def test_a_transition_reason_with_a_control_character_is_refused(api_as, officer, new_case):
    case = new_case()
    refused(api_as(officer).post(f"/api/v1/cases/{case.pk}/transitions", {
        "to_status": "under_assessment", "reason": f"checking{VT}now", "version": case.version}), "reason")
    assert Case.objects.get(pk=case.pk).status == case.status
    assert StatusChange.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("field", ["narrative", "source_reference", "source_identity", "source_contact"])
def test_an_allegation_with_a_control_character_is_neither_recorded_nor_changed(api_as, officer, new_case, field):
    api = api_as(officer)
    body = {"country": "BHR", "received_on": "2016-04-01", "narrative": "Detained after the HRC session.",
            "source_entity": "ISHR", "source_reference": "ISHR-1", "source_identity": "Witness W",
            "source_contact": "w@example.org"}
    refused(api.post("/api/v1/allegations", {**body, field: f"{body[field]}{NEL}more"}), field)
    assert Allegation.objects.count() == 0
    allegation = new_case().allegations.get()
    before = Allegation.objects.filter(pk=allegation.pk).values().get()
    refused(api.patch(f"/api/v1/allegations/{allegation.pk}", {field: f"Plain{BEL}text"}), field)
    assert Allegation.objects.filter(pk=allegation.pk).values().get() == before


def test_an_incident_with_a_control_character_is_refused(api_as, officer, new_case):
    case = new_case()
    refused(api_as(officer).post(f"/api/v1/cases/{case.pk}/incidents", {
        "date": "2016-03", "forms": ["detention"], "place": f"the{VT}airport"}), "place")
    assert Incident.objects.filter(case=case).count() == 1


def test_tabs_and_line_breaks_are_still_text(api_as, officer, new_case):
    case = new_case()
    party = case.parties.get()
    api = api_as(officer)
    r = api.patch(f"/api/v1/parties/{party.pk}", {"name": "Maryam\tExample", "description": "one\ntwo\r\nthree"})
    assert r.status_code == 200, r.content
    party.refresh_from_db()
    assert (party.name, party.description) == ("Maryam\tExample", "one\ntwo\r\nthree")
    case.refresh_from_db()
    r = api.patch(f"/api/v1/cases/{case.pk}", {"version": case.version, "summary": "Line one\nLine two\tend"})
    assert r.status_code == 200, r.content
    assert Case.objects.get(pk=case.pk).summary == "Line one\nLine two\tend"


def test_a_value_stored_before_the_rule_does_not_block_an_edit_of_another_field(officer, new_case):
    case = new_case()
    party = case.parties.get()
    AffectedParty.objects.filter(pk=party.pk).update(description=f"old{VT}text")
    services.party_update(actor=officer, party=party, gender="male")
    assert AffectedParty.objects.get(pk=party.pk).gender == "male"


# ---------------------------------------------------------------- the web forms


def test_the_party_form_shows_the_refusal_beside_the_field(officer, new_case):
    case = new_case()
    response = client_for(officer).post(f"/cases/{case.pk}/parties/new/", {
        "kind": "individual", "name": f"Plain{VT}Name", "gender": "unknown"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "name" in errors and "control character" in errors["name"][0]
    assert case.parties.count() == 1


def test_the_case_form_shows_the_refusal_beside_the_field(officer, new_case):
    case = new_case()
    response = client_for(officer).post(f"/cases/{case.pk}/edit/", {
        "version": case.version, "title": case.title, "country": "BHR", "summary": f"Held{NEL}alone",
        "risk_level": case.risk_level})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "summary" in errors and "control character" in errors["summary"][0]
    assert Case.objects.get(pk=case.pk).summary == case.summary


# ---------------------------------------------------------------- intake, follow-up and trackers


def test_information_added_with_a_receipt_code_is_refused_by_the_service(reference):
    from reprisals.intake import services as intake_services
    from reprisals.intake.rows import PersonData, SubmissionData

    _submission, code = intake_services.submission_receive_public(data=SubmissionData(
        country="BHR", what_happened="Arrested.", persons=[PersonData(name="Hasan Example")],
        consent={"consent_raise_with_state": True}))
    with pytest.raises(ValidationFailed) as err:
        intake_services.submission_add_information(receipt_code=code, text=f"Moved{BEL} to another prison.")
    assert "text" in err.value.fields
    assert SubmissionUpdate.objects.count() == 0


def test_a_development_with_a_control_character_is_refused(officer, new_case):
    case = new_case()
    with pytest.raises(ValidationFailed) as err:
        followup.development_record(actor=officer, case=case, kind="release", date="2016-05",
                                    description=f"Released{VT}on bail.")
    assert "description" in err.value.fields
    assert CaseDevelopment.objects.count() == 0


def test_tracker_texts_with_a_control_character_are_refused(officer):
    with pytest.raises(ValidationFailed) as err:
        trackers.action_record(actor=officer, treaty_body="CAT", kind="letter", taken_on=dt.date(2016, 4, 1),
                               description=f"A{NEL}letter")
    assert "description" in err.value.fields
    assert TreatyBodyAction.objects.count() == 0
    rapporteur = trackers.rapporteur_add(actor=officer, treaty_body="CAT", name="A. Member", role="rapporteur",
                                         started_on=dt.date(2016, 1, 1), notes="line\none")
    with pytest.raises(ValidationFailed) as err:
        trackers.rapporteur_update(actor=officer, rapporteur=rapporteur, notes=f"changed{BEL}notes")
    assert "notes" in err.value.fields
    assert ReprisalsRapporteur.objects.get(pk=rapporteur.pk).notes == "line\none"
