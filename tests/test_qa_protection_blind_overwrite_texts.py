"""What one may not read whole, one may not rewrite: the free texts of a shared case.

On a case that ISHR and the Committee against Torture (CAT) both reported, ISHR's party "Nadia Withheldname"
has not consented to be shared with other UN bodies, so a CAT focal point is shown every text that names her
with the name blanked ("[…] was detained"): the case's title and summary, an incident's description, the
description of a party CAT itself reported, and the narrative of CAT's own allegation.

A CAT focal point that sends such a text back changed is refused (403, naming the field) and the text stays as
it was: otherwise the blanked text it was shown would be written over the real one and the name lost from the
register, or it would rewrite a text whose whole content it may not read. Sent back exactly as it was shown, the
text is no change at all, so the other fields of the same request are saved and the name stays. OHCHR staff,
and the focal points of the entity that reported the person, edit these texts as before, and a text that names
nobody withheld stays editable by everyone.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services
from reprisals.cases.models import AffectedParty, Allegation, Case, Incident
from reprisals.core.audit import AuditEntry
from reprisals.core.errors import Forbidden
from reprisals.reference.models import Entity

pytestmark = pytest.mark.django_db
NAME = "Nadia Withheldname"
SUMMARY = f"{NAME} was detained at the airport."
BROTHER = f"Brother of {NAME}, questioned twice."
NARRATIVE = f"Ms Withheldname's brother wrote to the Committee about {NAME}."
INCIDENT = f"{NAME} was stopped at the border."


@pytest.fixture
def shared(officer, new_case, bahrain, cat_focal):
    """ISHR reported NAME (no consent to share); CAT sent an allegation and reported her brother."""
    case = new_case(name=NAME, title=f"Detention of {NAME}")
    services.case_update(actor=officer, case=case, expected_version=None, summary=SUMMARY)
    cat = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2016, 4, 1),
                                     narrative=NARRATIVE, source_entity=Entity.objects.get(code="CAT"))
    services.allegation_attach(actor=officer, allegation=cat, case=case)
    brother = services.party_add(actor=cat_focal, case=case, name="Omar Catreported", description=BROTHER)
    incident = services.incident_add(actor=officer, case=case, date="2016-04", forms=["travel_ban"],
                                     place="the border", description=INCIDENT)
    return {"case": Case.objects.get(pk=case.pk), "cat": cat, "brother": brother, "incident": incident}


def _audited(action: str) -> list[dict]:
    return [entry.payload for entry in AuditEntry.objects.filter(action=action).order_by("seq")]


# ---------------------------------------------------------------- the case's title and summary


def test_a_case_sent_back_with_its_title_and_summary_as_shown_saves_the_other_fields_and_keeps_the_name(
        shared, officer, focal, cat_focal, api_as):
    api = api_as(cat_focal)
    shown = api.get(f"/api/v1/cases/{shared['case'].pk}").json()
    assert (shown["title"], shown["summary"]) == ("Detention of […]", "[…] was detained at the airport.")
    response = api.patch(f"/api/v1/cases/{shared['case'].pk}", {
        "version": shown["version"], "title": shown["title"], "summary": shown["summary"], "risk_level": "urgent"})
    assert response.status_code == 200
    case = Case.objects.get(pk=shared["case"].pk)
    assert (case.title, case.summary, case.risk_level) == (f"Detention of {NAME}", SUMMARY, "urgent")
    assert _audited("case.update")[-1]["fields"] == ["risk_level"]
    # changed, the summary is refused, naming it, and nothing of the request is written
    response = api.patch(f"/api/v1/cases/{case.pk}", {
        "version": case.version, "summary": "[…] was released.", "risk_level": "ordinary"})
    assert response.status_code == 403
    assert list(response.json()["error"]["fields"]) == ["summary"]
    assert Case.objects.values_list("summary", "risk_level").get(pk=case.pk) == (SUMMARY, "urgent")
    # the focal point of the entity that reported her, and OHCHR, still rewrite them
    response = api_as(focal).patch(f"/api/v1/cases/{case.pk}", {"version": Case.objects.get(pk=case.pk).version,
                                                                "summary": f"{NAME} was freed."})
    assert response.status_code == 200
    services.case_update(actor=officer, case=case.pk, expected_version=None, title=f"Release of {NAME}")
    case = Case.objects.get(pk=case.pk)
    assert (case.title, case.summary) == (f"Release of {NAME}", f"{NAME} was freed.")


def test_the_real_text_guessed_is_refused_as_any_change_so_that_no_answer_confirms_a_withheld_name(
        shared, cat_focal, api_as):
    case, api = shared["case"], api_as(cat_focal)
    for guess in (SUMMARY, "Maryam Example was detained at the airport."):
        response = api.patch(f"/api/v1/cases/{case.pk}", {"version": case.version, "summary": guess})
        assert response.status_code == 403, guess
        assert list(response.json()["error"]["fields"]) == ["summary"]
    incident, brother, cat = shared["incident"], shared["brother"], shared["cat"]
    assert api.patch(f"/api/v1/incidents/{incident.pk}", {"description": INCIDENT}).status_code == 403
    assert api.patch(f"/api/v1/parties/{brother.pk}", {"description": BROTHER}).status_code == 403
    assert api.patch(f"/api/v1/allegations/{cat.pk}", {"narrative": NARRATIVE}).status_code == 403
    assert Case.objects.get(pk=case.pk).summary == SUMMARY


# ---------------------------------------------------------------- an incident


def test_an_incident_sent_back_with_its_description_as_shown_saves_the_place_and_keeps_the_name(
        shared, officer, focal, cat_focal, api_as):
    incident, api = shared["incident"], api_as(cat_focal)
    shown = api.get(f"/api/v1/incidents/{incident.pk}").json()
    assert shown["description"] == "[…] was stopped at the border."
    response = api.patch(f"/api/v1/incidents/{incident.pk}", {"description": shown["description"],
                                                              "place": "the northern border"})
    assert response.status_code == 200
    assert Incident.objects.values_list("description", "place").get(pk=incident.pk) == (INCIDENT,
                                                                                       "the northern border")
    # the focal point of the entity that reported her, and OHCHR, still rewrite it
    assert api_as(focal).patch(f"/api/v1/incidents/{incident.pk}", {"description": f"{NAME} was stopped."}
                               ).status_code == 200
    assert Incident.objects.get(pk=incident.pk).description == f"{NAME} was stopped."
    services.incident_update(actor=officer, incident=incident, description="Stopped at the border.")
    assert Incident.objects.get(pk=incident.pk).description == "Stopped at the border."


# ---------------------------------------------------------------- a party the focal point's entity reported


def test_a_focal_point_may_not_rewrite_its_partys_description_that_names_a_withheld_person(
        shared, officer, cat_focal, api_as):
    brother, api = shared["brother"], api_as(cat_focal)
    shown = api.get(f"/api/v1/parties/{brother.pk}").json()
    assert shown["name"] == "Omar Catreported" and shown["description"] == "Brother of […], questioned twice."
    for rewritten in ("Brother of […], questioned three times.", "Brother of someone."):
        response = api.patch(f"/api/v1/parties/{brother.pk}", {"description": rewritten})
        assert response.status_code == 403, rewritten
        assert list(response.json()["error"]["fields"]) == ["description"]
    assert AffectedParty.objects.get(pk=brother.pk).description == BROTHER
    with pytest.raises(Forbidden):  # whatever calls the service
        services.party_update(actor=cat_focal, party=brother, description="Brother of […].")
    assert AffectedParty.objects.get(pk=brother.pk).description == BROTHER
    # OHCHR still rewrites it
    services.party_update(actor=officer, party=brother, description=f"Brother of {NAME}.")
    assert AffectedParty.objects.get(pk=brother.pk).description == f"Brother of {NAME}."


def test_a_party_sent_back_with_its_description_as_shown_saves_the_other_fields_and_keeps_the_name(
        shared, officer, cat_focal, api_as):
    brother, api = shared["brother"], api_as(cat_focal)
    shown = api.get(f"/api/v1/parties/{brother.pk}").json()
    response = api.patch(f"/api/v1/parties/{brother.pk}", {"description": shown["description"], "gender": "male"})
    assert response.status_code == 200
    assert AffectedParty.objects.values_list("description", "gender").get(pk=brother.pk) == (BROTHER, "male")
    assert _audited("party.update")[-1]["fields"] == ["gender"]
    # a description that names nobody withheld stays the focal point's to change
    services.party_update(actor=officer, party=brother, description="Brother of the defender.")
    assert api.patch(f"/api/v1/parties/{brother.pk}", {"description": "Her brother."}).status_code == 200
    assert AffectedParty.objects.get(pk=brother.pk).description == "Her brother."


# ---------------------------------------------------------------- the focal point's own allegation


def test_a_focal_point_may_not_rewrite_its_own_allegations_narrative_that_names_a_withheld_person(
        shared, officer, cat_focal, api_as):
    cat, api = shared["cat"], api_as(cat_focal)
    shown = api.get(f"/api/v1/allegations/{cat.pk}").json()
    assert shown["narrative"] == "Ms […]'s brother wrote to the Committee about […]."
    response = api.patch(f"/api/v1/allegations/{cat.pk}", {"narrative": "Her brother wrote to the Committee."})
    assert response.status_code == 403
    assert list(response.json()["error"]["fields"]) == ["narrative"]
    assert Allegation.objects.get(pk=cat.pk).narrative == NARRATIVE
    # sent back as shown, it is no change: the sender's reference is saved, the narrative kept
    response = api.patch(f"/api/v1/allegations/{cat.pk}", {"narrative": shown["narrative"],
                                                           "source_reference": "CAT-2016-7"})
    assert response.status_code == 200
    assert Allegation.objects.values_list("narrative", "source_reference").get(pk=cat.pk) == (NARRATIVE,
                                                                                            "CAT-2016-7")
    assert _audited("allegation.update")[-1]["fields"] == ["source_reference"]
    services.allegation_update(actor=officer, allegation=cat, narrative="Her brother wrote.")
    assert Allegation.objects.get(pk=cat.pk).narrative == "Her brother wrote."
