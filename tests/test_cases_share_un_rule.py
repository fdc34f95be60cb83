"""The "share with other UN bodies" rule, on every path of the case register, and who reported a party.

A party without consent to share with other UN bodies in force is withheld from the focal points of other
entities on a case that several sources reported: its name, any word of it, wherever it appears (the
incident API too), in search and in paging. The entity that reported the party (``reported_by``) keeps it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import selectors, services
from reprisals.cases.models import AffectedParty, Case, ConsentUse, Incident
from reprisals.core.pagination import cursor_decode
from reprisals.reference.models import Entity
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NAME = "Nadia Withheldname"


def _add_cat_allegation(officer, case, bahrain, narrative="The Committee also heard of it."):
    other = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2016, 4, 1),
                                       narrative=narrative, source_entity=Entity.objects.get(code="CAT"))
    services.allegation_attach(actor=officer, allegation=other, case=case)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def shared(officer, new_case, bahrain):
    """ISHR reported NAME; the Committee against Torture later sent an allegation on the same case."""
    return _add_cat_allegation(officer, new_case(name=NAME, title=f"Detention of {NAME}"), bahrain)


# ---------------------------------------------------------------- incidents


def test_the_incident_api_blanks_a_withheld_name_as_the_case_does(shared, officer, cat_focal, api_as):
    incident = services.incident_add(actor=officer, case=shared, date="2016-04", forms=["travel_ban"],
                                     place=f"home of {NAME}", description="Ms Withheldname was stopped.")
    body = api_as(cat_focal).get(f"/api/v1/incidents/{incident.pk}").json()
    assert body["place"] == "home of […]"
    assert body["description"] == "Ms […] was stopped."
    assert api_as(officer).get(f"/api/v1/incidents/{incident.pk}").json()["place"] == f"home of {NAME}"


def test_a_focal_point_may_not_overwrite_incident_text_naming_a_withheld_party(shared, officer, cat_focal, api_as):
    incident = services.incident_add(actor=officer, case=shared, date="2016-04", forms=["travel_ban"],
                                     description=f"{NAME} was stopped at the border.")
    api = api_as(cat_focal)
    refused = api.patch(f"/api/v1/incidents/{incident.pk}", {"description": "Overwritten"})
    assert refused.status_code == 403
    assert "description" in refused.json()["error"]["fields"]
    assert Incident.objects.get(pk=incident.pk).description == f"{NAME} was stopped at the border."
    # what names nobody withheld stays editable
    assert api.patch(f"/api/v1/incidents/{incident.pk}", {"place": "the border"}).status_code == 200
    assert api_as(officer).patch(f"/api/v1/incidents/{incident.pk}", {"description": "Stopped."}).status_code == 200


# ---------------------------------------------------------------- word by word


@pytest.mark.parametrize("title", ["Detention of Ms Withheldname", "Detention of ms WITHHELDNAME",
                                   "Detention of Nadia-Withheldname", "Nadia and her lawyer"])
def test_every_word_of_a_withheld_name_is_blanked_and_may_not_be_overwritten(officer, new_case, bahrain, cat_focal,
                                                                             api_as, title):
    case = _add_cat_allegation(officer, new_case(name=NAME, title=title), bahrain)
    api = api_as(cat_focal)
    body = api.get(f"/api/v1/cases/{case.pk}").json()
    assert "withheldname" not in body["title"].casefold() and "nadia" not in body["title"].casefold()
    assert "[…]" in body["title"]
    assert api.patch(f"/api/v1/cases/{case.pk}", {"version": body["version"], "title": "X"}).status_code == 403


def test_the_withheld_names_by_case_hold_the_words_of_an_individuals_name(shared, cat_focal):
    names = selectors.withheld_names_by_case(cat_focal, [shared.pk])[shared.pk]
    assert {NAME, "nadia", "withheldname"} <= set(names.names)
    assert selectors.blank_names("Mr Withheldname said so", names) == "Mr […] said so"
    assert selectors.blank_names("Hope remains", names) == "Hope remains"


def test_an_organisations_name_is_blanked_whole_not_word_by_word(officer, new_case, bahrain, cat_focal, api_as):
    case = new_case(name="Someone Else", title="Raid on the Gulf Centre for Rights and the Centre")
    services.party_add(actor=officer, case=case, kind="organisation", name="Gulf Centre for Rights")
    case = _add_cat_allegation(officer, case, bahrain)
    title = api_as(cat_focal).get(f"/api/v1/cases/{case.pk}").json()["title"]
    assert title == "Raid on the […] and the Centre"


# ---------------------------------------------------------------- search and paging


def test_paging_a_name_search_never_points_at_a_case_left_out(officer, new_case, bahrain, cat_focal, api_as):
    cat = Entity.objects.get(code="CAT")
    visible = [new_case(name=f"Nadia Visible{i}", entity=cat).pk for i in range(3)]
    hidden = _add_cat_allegation(officer, new_case(name=NAME, title="Detention"), bahrain).pk
    api = api_as(cat_focal)
    seen, cursor, pages = [], None, 0
    while True:
        page = api.get("/api/v1/cases", q="nadia", limit=1, **({"cursor": cursor} if cursor else {})).json()
        pages += 1
        assert page["items"], "a page is never empty while later pages go on"
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
        assert cursor_decode(cursor) in visible
    assert seen == sorted(visible, reverse=True) and hidden not in seen and pages == 3


def test_the_web_lists_older_link_never_points_at_a_case_left_out(officer, new_case, bahrain, cat_focal,
                                                                  monkeypatch):
    from reprisals.cases import views
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    cat = Entity.objects.get(code="CAT")
    new_case(name="Nadia Visible", entity=cat)
    hidden = _add_cat_allegation(officer, new_case(name=NAME, title="Detention"), bahrain)
    response = client_for(cat_focal).get("/cases/", {"q": "nadia"})
    assert response.status_code == 200
    assert response.context["older"] is None
    assert [c.pk for c in response.context["cases"]] != [hidden.pk]


def test_search_does_not_match_a_withheld_narrative_but_matches_what_the_reader_sees(shared, cat_focal, officer,
                                                                                      api_as):
    api = api_as(cat_focal)

    def hits(q):
        return [c["id"] for c in api.get("/api/v1/cases", q=q).json()["items"]]

    assert hits("return") == []           # only in ISHR's narrative, withheld from CAT
    assert hits("withheldname") == []     # only in the withheld name
    assert hits("committee") == [shared.pk]  # CAT's own narrative
    assert hits("detention") == [shared.pk]
    assert [c["id"] for c in api_as(officer).get("/api/v1/cases", q="return").json()["items"]] == [shared.pk]


# ---------------------------------------------------------------- who reported the party


def test_the_reporting_entitys_focal_point_keeps_the_name_it_reported(shared, focal, cat_focal, api_as):
    party = shared.parties.get()
    assert party.reported_by == Entity.objects.get(code="ISHR")
    body = api_as(focal).get(f"/api/v1/cases/{shared.pk}").json()
    assert body["parties"][0]["name"] == NAME and NAME in body["title"]
    assert api_as(focal).patch(f"/api/v1/parties/{party.pk}", {"name": NAME + "e"}).status_code == 200
    assert api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").json()["parties"][0]["name"] == ""


def test_a_focal_point_adding_a_party_reports_it_for_its_entity(shared, cat_focal, focal, api_as):
    response = api_as(cat_focal).post(f"/api/v1/cases/{shared.pk}/parties",
                                      {"name": "Karim Catreported", "roles": ["human_rights_defender"]})
    assert response.status_code == 201
    party = AffectedParty.objects.get(pk=response.json()["id"])
    assert party.reported_by == Entity.objects.get(code="CAT")
    names = {p["name"] for p in api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").json()["parties"]}
    assert "Karim Catreported" in names and NAME not in names
    names = {p["name"] for p in api_as(focal).get(f"/api/v1/cases/{shared.pk}").json()["parties"]}
    assert NAME in names and "Karim Catreported" not in names


def test_a_party_ohchr_adds_on_a_case_of_several_sources_has_no_reporter_and_is_withheld_from_all(
        shared, officer, focal, api_as):
    party = services.party_add(actor=officer, case=shared, name="Omar Unsourced")
    assert party.reported_by is None
    names = {p["name"] for p in api_as(focal).get(f"/api/v1/cases/{shared.pk}").json()["parties"]}
    assert "Omar Unsourced" not in names and NAME in names


def test_consent_to_share_lifts_the_withholding_for_everyone(shared, officer, cat_focal, api_as):
    services.consent_record(actor=officer, party=shared.parties.get(), use=ConsentUse.SHARE_UN, granted=True,
                            decided_on=dt.date(2024, 1, 1))
    assert api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").json()["parties"][0]["name"] == NAME


# ---------------------------------------------------------------- the web's action pages


def test_an_action_page_does_not_show_a_withheld_name_in_its_heading(shared, cat_focal):
    response = client_for(cat_focal).get(f"/cases/{shared.pk}/incidents/new/")
    assert response.status_code == 200
    assert "Withheldname" not in response.content.decode()
