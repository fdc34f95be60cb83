"""Texts about a case the reader cannot see are withheld by the trackers.

A treaty-body action or an NGO application linked to a case restricted to a compartment (or, for a focal
point, a case its entity did not raise) is still listed, so that counts stay the same for everyone, but its
free texts (the action's description and reference, the application's notes and its session outcomes'
notes) come back blank on every page and API endpoint, and the reader may not overwrite them unseen."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services as case_services
from reprisals.core.errors import ValidationFailed
from reprisals.trackers import selectors, services
from reprisals.trackers.models import NGOApplication, TreatyBodyAction
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date
NAME = "Compartment Person"


@pytest.fixture
def restricted(officer, reviewer, new_case):
    """A case restricted to the reviewer, with a treaty-body action and an NGO application about it."""
    case = new_case(name=NAME)
    action = services.action_record(actor=officer, treaty_body="CAT", kind="case_raised", taken_on=D(2024, 3, 1),
                                    reference=f"Letter about {NAME}", country="BHR",
                                    description=f"CAT raised the detention of {NAME} with Bahrain",
                                    case_ids=[case.pk])
    app = services.ngo_application_create(actor=officer, ngo_name="Defenders Network", country="BHR",
                                          applied_on=D(2020, 1, 1), case_id=case.pk,
                                          notes=f"Its director {NAME} was detained after the session")
    services.ngo_outcome_record(actor=officer, application=app, session="2021 regular session",
                                session_date=D(2021, 1, 25), outcome="deferred", questioning_states=["CHN"],
                                notes=f"Questions about {NAME}")
    case_services.case_restrict(actor=reviewer, case=case, restricted=True, members=[reviewer])
    return {"case": case, "action": action, "app": app}


def test_an_action_about_a_hidden_case_is_listed_with_its_texts_withheld(restricted, officer2, focal, reviewer,
                                                                         api_as):
    for user in (officer2, focal):
        items = api_as(user).get("/api/v1/trackers/san-jose/actions").json()["items"]
        assert len(items) == 1  # still counted: CAT raised a case with Bahrain on that date
        row = items[0]
        assert (row["treaty_body"], row["kind"], row["country"]) == ("CAT", "case_raised", "BHR")
        assert row["description"] == "" and row["reference"] == "" and row["cases"] == []
        assert NAME not in str(items)
    inside = api_as(reviewer).get("/api/v1/trackers/san-jose/actions").json()["items"][0]
    assert NAME in inside["description"] and inside["cases"] == [{"id": restricted["case"].pk,
                                                                   "reference": restricted["case"].reference}]


def test_the_staff_page_withholds_the_same_texts(restricted, officer2, focal, reviewer):
    for user in (officer2, focal):
        page = client_for(user).get("/trackers/san-jose/")
        assert page.status_code == 200 and NAME not in page.content.decode()
    assert NAME in client_for(reviewer).get("/trackers/san-jose/").content.decode()


def test_one_hidden_case_among_visible_ones_withholds_the_texts_but_shows_the_visible_case(
        officer, officer2, reviewer, new_case, api_as):
    seen, hidden = new_case(), new_case(name=NAME)
    services.action_record(actor=officer, treaty_body="CRPD", kind="letter", taken_on=D(2023, 5, 2),
                           description=f"Letter about {NAME} and another defender", case_ids=[seen.pk, hidden.pk])
    case_services.case_restrict(actor=reviewer, case=hidden, restricted=True, members=[reviewer])
    [row] = api_as(officer2).get("/api/v1/trackers/san-jose/actions").json()["items"]
    assert row["description"] == "" and [c["id"] for c in row["cases"]] == [seen.pk]


def test_an_action_without_hidden_cases_keeps_its_texts(officer, officer2, new_case, api_as):
    case = new_case()
    services.action_record(actor=officer, treaty_body="CAT", kind="letter", taken_on=D(2023, 5, 2),
                           reference="CAT/OC/2023/1", description="Letter to the State", case_ids=[case.pk])
    services.action_record(actor=officer, treaty_body="CED", kind="public_statement", taken_on=D(2023, 6, 1),
                           description="Public statement on reprisals")
    rows = {r["treaty_body"]: r for r in api_as(officer2).get("/api/v1/trackers/san-jose/actions").json()["items"]}
    assert rows["CAT"]["description"] == "Letter to the State" and rows["CAT"]["reference"] == "CAT/OC/2023/1"
    assert rows["CED"]["description"] == "Public statement on reprisals"


def test_a_focal_point_of_another_entity_does_not_read_texts_about_cases_it_cannot_see(
        officer, other_focal, new_case, api_as):
    case = new_case(name=NAME)  # raised by ISHR, not by the other entity; not restricted
    services.action_record(actor=officer, treaty_body="CAT", kind="case_raised", taken_on=D(2024, 3, 1),
                           description=f"About {NAME}", case_ids=[case.pk])
    app = services.ngo_application_create(actor=officer, ngo_name="Defenders Network", country="BHR",
                                          applied_on=D(2020, 1, 1), case_id=case.pk, notes=f"About {NAME}")
    api = api_as(other_focal)
    assert NAME not in str(api.get("/api/v1/trackers/san-jose/actions").json())
    assert api.get(f"/api/v1/trackers/ngo/applications/{app.pk}").json()["notes"] == ""


def test_ngo_notes_about_a_hidden_case_are_withheld_everywhere(restricted, officer2, focal, reviewer, api_as):
    app = restricted["app"]
    for user in (officer2, focal):
        api = api_as(user)
        one = api.get(f"/api/v1/trackers/ngo/applications/{app.pk}").json()
        assert one["notes"] == "" and one["case_id"] is None
        assert [o["notes"] for o in one["outcomes"]] == [""]
        assert one["deferrals"] == 1 and one["outcomes"][0]["questioning_states"] == ["CHN"]  # the facts stay
        for path in ("/api/v1/trackers/ngo/applications", "/api/v1/trackers/ngo/longest-waiting"):
            body = api.get(path).json()
            assert NAME not in str(body) and "Defenders Network" in str(body), path
        web = client_for(user)
        for path in (f"/trackers/ngo/{app.pk}/", "/trackers/ngo/", "/trackers/ngo/longest-waiting/", "/trackers/"):
            page = web.get(path)
            assert page.status_code == 200 and NAME not in page.content.decode(), path
    inside = api_as(reviewer).get(f"/api/v1/trackers/ngo/applications/{app.pk}").json()
    assert NAME in inside["notes"] and NAME in inside["outcomes"][0]["notes"]


def test_counts_are_the_same_inside_and_outside_the_compartment(restricted, officer2, reviewer):
    outside, inside = selectors.ngo_summary(officer2), selectors.ngo_summary(reviewer)
    assert outside["applications"] == inside["applications"] == 1
    assert outside["pending"] == inside["pending"] == 1
    assert selectors.actions_for_user(officer2).count() == selectors.actions_for_user(reviewer).count() == 1
    # only the link itself stays hidden
    assert outside["linked_cases"] == 0 and inside["linked_cases"] == 1


def test_withheld_texts_cannot_be_overwritten_unseen_and_nothing_is_changed(restricted, officer2, api_as):
    action, app = restricted["action"], restricted["app"]
    with pytest.raises(ValidationFailed) as err:
        services.action_update(actor=officer2, action=action, description="Replaced")
    assert "description" in err.value.fields
    r = api_as(officer2).patch(f"/api/v1/trackers/ngo/applications/{app.pk}", {"notes": "Replaced"})
    assert r.status_code == 422 and "notes" in r.json()["error"]["fields"]
    assert NAME in TreatyBodyAction.objects.get(pk=action.pk).description
    assert NAME in NGOApplication.objects.get(pk=app.pk).notes


def test_a_withheld_row_can_still_be_edited_in_its_other_fields_without_losing_its_texts(restricted, officer2,
                                                                                         api_as):
    action, app = restricted["action"], restricted["app"]
    r = api_as(officer2).patch(f"/api/v1/trackers/san-jose/actions/{action.pk}", {"kind": "letter"})
    assert r.status_code == 200 and r.json()["description"] == ""
    r = api_as(officer2).patch(f"/api/v1/trackers/ngo/applications/{app.pk}", {"areas_of_work": ["press"]})
    assert r.status_code == 200 and r.json()["notes"] == ""
    saved = TreatyBodyAction.objects.get(pk=action.pk)
    assert saved.kind == "letter" and NAME in saved.description and NAME in saved.reference
    assert NAME in NGOApplication.objects.get(pk=app.pk).notes
    assert list(saved.cases.all()) == [restricted["case"]]
