"""Names withheld on a case the reader can see are withheld from the trackers' texts about that case too.

A party without consent to share with other UN bodies, on a case that another source reported too, is
withheld from the focal points of other UN entities (``cases.selectors.withheld_from``). Focal points read
the trackers (``tracker.view``): a treaty-body action, an NGO application (and its session outcomes) or an
online evidence about such a case is shown to them with that name blanked, on the pages and in the API, and
OHCHR staff read the texts as written. (Only OHCHR staff may edit the trackers, so no one may overwrite a
text whose names are withheld from it.)"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services as case_services
from reprisals.cases.models import Case
from reprisals.reference.models import Entity
from reprisals.trackers import selectors, services
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date
NAME = "Nadia Withheldname"


@pytest.fixture
def shared(officer, new_case, bahrain):
    """A case reported by ISHR naming NAME (no consent to share), to which CAT's allegation is attached: the
    CAT focal point sees the case, but not NAME."""
    case = new_case(name=NAME, title="Detention of a defender")
    other = case_services.allegation_record(actor=officer, country=bahrain, received_on=D(2016, 4, 1),
                                            narrative="The Committee also heard of the detention.",
                                            source_entity=Entity.objects.get(code="CAT"))
    case_services.allegation_attach(actor=officer, allegation=other, case=case)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def action(shared, officer):
    return services.action_record(actor=officer, treaty_body="CAT", kind="case_raised", taken_on=D(2024, 3, 1),
                                  reference=f"Letter on {NAME}", country="BHR",
                                  description=f"Raised the detention of {NAME} with Bahrain.",
                                  case_ids=[shared.pk])


@pytest.fixture
def application(shared, officer):
    app = services.ngo_application_create(actor=officer, ngo_name="Defenders Network", country="BHR",
                                          applied_on=D(2020, 1, 1), case_id=shared.pk,
                                          notes=f"Its director {NAME} was detained after the session.")
    services.ngo_outcome_record(actor=officer, application=app, session="2021 regular session",
                                session_date=D(2021, 1, 25), outcome="deferred", questioning_states=["CHN"],
                                notes=f"Questions about {NAME}.")
    return app


def test_an_action_on_a_visible_case_shows_the_case_but_not_the_withheld_name(action, shared, cat_focal,
                                                                                officer, api_as):
    api = api_as(cat_focal)
    [row] = api.get("/api/v1/trackers/san-jose/actions").json()["items"]
    assert row["cases"] == [{"id": shared.pk, "reference": shared.reference}]  # the case is visible
    assert NAME not in str(row)
    assert row["description"] == "Raised the detention of […] with Bahrain." and row["reference"] == "Letter on […]"
    assert NAME not in api.get(f"/api/v1/trackers/san-jose/actions/{action.pk}").content.decode()  # via PATCH too
    page = client_for(cat_focal).get("/trackers/san-jose/")
    assert page.status_code == 200 and NAME not in page.content.decode()
    # OHCHR staff read it as written
    [inside] = api_as(officer).get("/api/v1/trackers/san-jose/actions").json()["items"]
    assert inside["description"] == f"Raised the detention of {NAME} with Bahrain."
    assert NAME in client_for(officer).get("/trackers/san-jose/").content.decode()


def test_any_focal_point_reads_the_name_in_the_tracker_as_on_the_case(action, shared, focal,
                                                                                   api_as):
    """Whatever the case shows ISHR's focal point of NAME (``withheld_from``), the tracker shows the same."""
    on_case = api_as(focal).get(f"/api/v1/cases/{shared.pk}").json()["parties"][0]["name"] == NAME
    assert (NAME in api_as(focal).get("/api/v1/trackers/san-jose/actions").content.decode()) == on_case


def test_ngo_texts_on_a_visible_case_do_not_name_the_withheld_party(application, shared, cat_focal, officer,
                                                                    api_as):
    api = api_as(cat_focal)
    one = api.get(f"/api/v1/trackers/ngo/applications/{application.pk}").json()
    assert one["case_id"] == shared.pk
    assert one["notes"] == "Its director […] was detained after the session."
    assert [o["notes"] for o in one["outcomes"]] == ["Questions about […]."]
    for path in ("/api/v1/trackers/ngo/applications", "/api/v1/trackers/ngo/longest-waiting"):
        body = api.get(path).content.decode()
        assert NAME not in body and "Defenders Network" in body, path
    web = client_for(cat_focal)
    for path in (f"/trackers/ngo/{application.pk}/", "/trackers/ngo/", "/trackers/ngo/longest-waiting/"):
        page = web.get(path)
        assert page.status_code == 200 and NAME not in page.content.decode(), path
    inside = api_as(officer).get(f"/api/v1/trackers/ngo/applications/{application.pk}").json()
    assert NAME in inside["notes"] and NAME in inside["outcomes"][0]["notes"]
    outcome = api_as(officer).post(f"/api/v1/trackers/ngo/applications/{application.pk}/outcomes",
                                   {"session": "2022 regular session", "session_date": "2022-01-24",
                                    "outcome": "deferred", "questioning_states": [], "notes": f"Again {NAME}."})
    assert outcome.status_code == 201 and outcome.json()["notes"] == f"Again {NAME}."


def test_the_ngo_page_blanks_the_name_in_the_linked_cases_title(officer, new_case, bahrain, cat_focal):
    case = new_case(name=NAME, title=f"Detention of {NAME}")
    other = case_services.allegation_record(actor=officer, country=bahrain, received_on=D(2016, 4, 1),
                                            narrative="Also reported.", source_entity=Entity.objects.get(code="CAT"))
    case_services.allegation_attach(actor=officer, allegation=other, case=case)
    app = services.ngo_application_create(actor=officer, ngo_name="Defenders Network", country="BHR",
                                          applied_on=D(2020, 1, 1), case_id=case.pk)
    page = client_for(cat_focal).get(f"/trackers/ngo/{app.pk}/").content.decode()
    assert case.reference in page and NAME not in page


def test_online_evidence_on_the_case_does_not_name_the_withheld_party(shared, officer, cat_focal, api_as):
    incident = shared.incidents.get()
    evidence = services.evidence_add(actor=officer, incident=incident, platform="x_twitter",
                                     seen_at=dt.datetime(2016, 3, 12, 9, 30, tzinfo=dt.UTC),
                                     url="https://example.org/status/1", account_handle=f"{NAME} fan",
                                     text=f"{NAME} is a traitor")
    api = api_as(cat_focal)
    for body in (api.get(f"/api/v1/trackers/evidence/{evidence.pk}").json(),
                 *api.get(f"/api/v1/trackers/incidents/{incident.pk}/evidence").json()):
        assert (body["text"], body["url"], body["account_handle"]) == ("[…] is a traitor",
                                                                       "https://example.org/status/1", "[…] fan")
    page = client_for(cat_focal).get(f"/cases/{shared.pk}/")
    assert page.status_code == 200 and NAME not in page.content.decode()
    assert api_as(officer).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()["text"] == f"{NAME} is a traitor"


def test_only_the_rows_shown_carry_texts_the_querysets_are_for_counting(action, cat_focal):
    """The querysets are plain (``values()``, ``union()`` read them as stored): what is shown goes through
    ``shown_actions``, which the pages and the API use."""
    assert selectors.actions_for_user(cat_focal).count() == 1
    [row] = selectors.shown_actions(cat_focal, selectors.actions_for_user(cat_focal))
    assert NAME not in row.shown_description and NAME not in row.shown_reference
    assert not hasattr(selectors.actions_for_user(cat_focal).get(), "shown_description")
