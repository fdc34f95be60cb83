"""San José Guidelines: decisions per treaty body, rapporteurs with dates in office, actions linked to
cases, the documented history, the API and the public page showing the state on any date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.cases import services as case_services
from reprisals.core.errors import Forbidden, ValidationFailed
from reprisals.core.models import AuditEntry
from reprisals.trackers import services
from reprisals.trackers.models import GuidelineAdoption, ReprisalsRapporteur, TreatyBodyAction

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def seeded(reference):
    services.sanjose_load_seed(actor=services.SYSTEM)


def test_a_decision_is_recorded_and_audited_without_its_note(officer):
    adoption = services.adoption_record(actor=officer, treaty_body="cat", status="adopted", decided_on=D(2015, 11, 20),
                                        decision_reference="CAT 56th session", notes="Confidential remark")
    assert adoption.treaty_body.code == "CAT" and adoption.recorded_by == officer
    entry = AuditEntry.objects.get(action="sanjose.adoption_record")
    assert entry.payload == {"treaty_body": "CAT", "status": "adopted", "decided_on": "2015-11-20"}


def test_an_unknown_body_is_refused_with_a_clear_error_and_nothing_is_saved(officer):
    with pytest.raises(ValidationFailed) as err:
        services.adoption_record(actor=officer, treaty_body="XYZ", status="adopted", decided_on=D(2016, 1, 1))
    assert "treaty_body" in err.value.fields and "unknown treaty body XYZ" in err.value.message
    assert not GuidelineAdoption.objects.exists()


def test_a_body_that_is_not_a_treaty_body_is_refused(officer):
    with pytest.raises(ValidationFailed) as err:
        services.adoption_record(actor=officer, treaty_body="HRC", status="adopted", decided_on=D(2016, 1, 1))
    assert "is not a treaty body" in err.value.fields["treaty_body"][0]
    with pytest.raises(ValidationFailed):
        services.rapporteur_add(actor=officer, treaty_body="UPR", name="X", role="rapporteur", started_on=D(2016, 1, 1))
    assert not GuidelineAdoption.objects.exists() and not ReprisalsRapporteur.objects.exists()


def test_one_decision_per_body_and_reference(officer):
    kwargs = dict(actor=officer, treaty_body="CRC", status="adopted", decision_reference="CRC/C/71/2")
    services.adoption_record(decided_on=D(2016, 1, 29), **kwargs)
    with pytest.raises(ValidationFailed) as err:
        services.adoption_record(decided_on=D(2016, 2, 1), **kwargs)
    assert "already has a decision with this reference" in err.value.message
    assert GuidelineAdoption.objects.count() == 1


def test_a_future_decision_date_is_refused(officer):
    with pytest.raises(ValidationFailed) as err:
        services.adoption_record(actor=officer, treaty_body="CED", status="adopted",
                                 decided_on=dt.date.today() + dt.timedelta(days=2))
    assert "decided_on" in err.value.fields


def test_users_without_tracker_edit_cannot_record(focal, auditor):
    for user in (focal, auditor):
        with pytest.raises(Forbidden):
            services.adoption_record(actor=user, treaty_body="CAT", status="adopted", decided_on=D(2016, 1, 1))


def test_a_term_ending_before_it_starts_is_refused(officer):
    with pytest.raises(ValidationFailed) as err:
        services.rapporteur_add(actor=officer, treaty_body="CAT", name="A. Member", role="rapporteur",
                                started_on=D(2018, 1, 1), ended_on=D(2017, 12, 31))
    assert err.value.fields == {"ended_on": ["The end of the term is before its start."]}
    rapporteur = services.rapporteur_add(actor=officer, treaty_body="CAT", name="A. Member", role="focal_point",
                                         started_on=D(2018, 1, 1))
    with pytest.raises(ValidationFailed):
        services.rapporteur_update(actor=officer, rapporteur=rapporteur, ended_on=D(2017, 1, 1))
    rapporteur.refresh_from_db()
    assert rapporteur.ended_on is None


def test_the_documented_history_loads_once_and_says_eight_of_ten_by_june_2016(seeded, officer):
    from reprisals.trackers.selectors import sanjose_state

    assert services.sanjose_load_seed(actor=services.SYSTEM) == 0
    state = sanjose_state(D(2016, 6, 30)).state
    assert state.adopted_count == 8 and {"CESCR", "CEDAW"}.isdisjoint(state.adopted)
    assert sanjose_state(D(2016, 6, 29)).state.adopted_count == 0  # dates not verified are upper bounds
    # Later CESCR and CEDAW decisions are not shipped unverified: the team records them.
    assert sanjose_state(dt.date.today()).state.adopted_count == 8
    uncertain = GuidelineAdoption.objects.filter(date_uncertain=True)
    assert uncertain.count() == 8 and all("ncertain" in a.notes for a in uncertain)


def test_an_action_links_only_cases_the_actor_can_see(officer, reviewer, new_case):
    case = new_case()
    action = services.action_record(actor=officer, treaty_body="CAT", kind="letter", taken_on=D(2016, 4, 1),
                                    country="BHR", case_ids=[case.pk])
    assert list(action.cases.all()) == [case]
    hidden = new_case(title="Restricted")
    case_services.case_restrict(actor=reviewer, case=hidden, restricted=True, members=[reviewer])
    with pytest.raises(ValidationFailed) as err:
        services.action_record(actor=officer, treaty_body="CAT", kind="letter", taken_on=D(2016, 4, 1),
                               case_ids=[hidden.pk])
    assert "cases" in err.value.fields
    assert TreatyBodyAction.objects.count() == 1


def test_changing_an_actions_cases_keeps_links_the_editor_cannot_see(officer, officer2, reviewer, new_case):
    seen, hidden = new_case(), new_case(title="Compartment")
    action = services.action_record(actor=officer, treaty_body="CRPD", kind="case_raised", taken_on=D(2017, 1, 1),
                                    case_ids=[seen.pk, hidden.pk])
    case_services.case_restrict(actor=reviewer, case=hidden, restricted=True, members=[officer, reviewer])
    services.action_update(actor=officer2, action=action, case_ids=[], reference="CRPD/letter/1")
    assert set(action.cases.values_list("pk", flat=True)) == {hidden.pk}


# ---------------------------------------------------------------- API


def test_api_reads_need_tracker_view_and_writes_tracker_edit(api_as, officer, focal, auditor, seeded):
    assert api_as(focal).get("/api/v1/trackers/san-jose/adoptions").status_code == 200
    assert api_as(auditor).get("/api/v1/trackers/san-jose/adoptions").status_code == 403
    assert api_as(None).get("/api/v1/trackers/san-jose/adoptions").status_code == 401
    body = {"treaty_body": "CESCR", "status": "under_consideration", "decided_on": "2016-10-01"}
    assert api_as(focal).post("/api/v1/trackers/san-jose/adoptions", body).status_code == 403
    r = api_as(officer).post("/api/v1/trackers/san-jose/adoptions", body)
    assert r.status_code == 201, r.content
    assert r.json()["treaty_body"] == "CESCR"


def test_api_refuses_an_unknown_body_in_the_error_shape(api_as, officer):
    r = api_as(officer).post("/api/v1/trackers/san-jose/adoptions",
                             {"treaty_body": "NOPE", "status": "adopted", "decided_on": "2016-01-01"})
    assert r.status_code == 422
    assert r.json()["error"]["fields"]["treaty_body"][0].startswith("unknown treaty body NOPE")


def test_api_state_on_a_date(api_as, officer, seeded):
    r = api_as(officer).get("/api/v1/trackers/san-jose/state", on="2016-06-30")
    assert r.status_code == 200 and r.json()["adopted_count"] == 8
    cescr = next(b for b in r.json()["bodies"] if b["treaty_body"] == "CESCR")
    assert cescr["status"] == "not_adopted"
    assert api_as(officer).get("/api/v1/trackers/san-jose/state", on="2016-02-30").status_code == 422


def test_api_rapporteurs_and_actions(api_as, officer, new_case):
    api = api_as(officer)
    r = api.post("/api/v1/trackers/san-jose/rapporteurs",
                 {"treaty_body": "CCPR", "name": "B. Member", "started_on": "2017-03-01", "ended_on": "2016-01-01"})
    assert r.status_code == 422 and "ended_on" in r.json()["error"]["fields"]
    r = api.post("/api/v1/trackers/san-jose/rapporteurs",
                 {"treaty_body": "CCPR", "name": "B. Member", "started_on": "2017-03-01"})
    assert r.status_code == 201
    rid = r.json()["id"]
    assert api.patch(f"/api/v1/trackers/san-jose/rapporteurs/{rid}", {"ended_on": "2019-12-31"}).status_code == 200
    assert api.get("/api/v1/trackers/san-jose/rapporteurs", on="2020-01-01").json() == []
    case = new_case()
    r = api.post("/api/v1/trackers/san-jose/actions", {"treaty_body": "CAT", "kind": "letter",
                                                        "taken_on": "2016-05-02", "case_ids": [case.pk]})
    assert r.status_code == 201 and r.json()["cases"] == [{"id": case.pk, "reference": case.reference}]
    assert api.get("/api/v1/trackers/san-jose/actions").json()["items"][0]["id"] == r.json()["id"]
    r = api.post("/api/v1/trackers/san-jose/actions", {"treaty_body": "CAT", "kind": "letter",
                                                        "taken_on": "2016-05-02", "case_ids": [999999]})
    assert r.status_code == 422


# ---------------------------------------------------------------- the public page


def test_the_public_page_needs_no_login_and_shows_the_state_on_a_date(seeded):
    page = Client().get(reverse("trackers:sanjose_public"), {"on": "2016-06-30"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "On 2016-06-30, 8 treaty bodies had adopted the Guidelines" in text
    assert "HRI/MC/2015/6" in text and "Committee on Economic, Social and Cultural Rights" in text
    assert "≈" in text  # uncertain dates are marked


def test_the_public_page_explains_a_bad_date_without_an_error_page(seeded):
    page = Client().get(reverse("trackers:sanjose_public"), {"on": "2016-13-45"})
    assert page.status_code == 400
    assert "Give the date as YYYY-MM-DD" in page.content.decode()


def test_before_the_guidelines_the_page_says_so(seeded):
    text = Client().get(reverse("trackers:sanjose_public"), {"on": "2014-01-01"}).content.decode()
    assert "had not yet been endorsed" in text and "On 2014-01-01, 0 treaty bodies" in text


def test_the_public_json_is_open_data(seeded):
    r = Client().get(reverse("trackers:sanjose_public_json"), {"on": "2016-06-30"})
    assert r.status_code == 200 and r["Access-Control-Allow-Origin"] == "*"
    data = r.json()
    assert data["adopted_count"] == 8 and data["guidelines"] == "HRI/MC/2015/6" and len(data["treaty_bodies"]) == 10
    bad = Client().get(reverse("trackers:sanjose_public_json"), {"on": "yesterday"})
    assert bad.status_code == 400 and "on" in bad.json()["error"]["fields"]


def test_the_public_page_shows_no_actions_or_cases(seeded, officer, new_case):
    case = new_case()
    services.action_record(actor=officer, treaty_body="CAT", kind="letter", taken_on=D(2016, 4, 1),
                           reference="SECRET-REF-1", case_ids=[case.pk])
    text = Client().get(reverse("trackers:sanjose_public")).content.decode()
    assert "SECRET-REF-1" not in text and case.reference not in text


def test_staff_record_a_decision_on_the_page_and_see_refusals_on_the_form(officer):
    client = Client()
    client.force_login(officer)
    r = client.post(reverse("trackers:sanjose_adoption_add"),
                    {"treaty_body": "CEDAW", "status": "adopted", "decided_on": "2099-01-01"})
    assert r.status_code == 422 and "the date is in the future" in r.content.decode()
    assert not GuidelineAdoption.objects.exists()
    r = client.post(reverse("trackers:sanjose_adoption_add"),
                    {"treaty_body": "CEDAW", "status": "adopted", "decided_on": "2017-03-03"})
    assert r.status_code == 302 and GuidelineAdoption.objects.count() == 1
    r = client.post(reverse("trackers:sanjose_rapporteur_add"), {"treaty_body": "CEDAW", "name": "C. Member",
                                                                 "role": "rapporteur", "started_on": "2018-01-01",
                                                                 "ended_on": "2017-01-01"})
    assert r.status_code == 422 and "before its start" in r.content.decode()


def test_the_pages_name_the_treaty_bodies_in_the_readers_language(seeded, officer):
    """The public and staff pages named the treaty bodies in English on pages in other languages; the open
    data (JSON) keeps the register's English names."""
    from reprisals.reference.i18n import un_body_name

    arabic = un_body_name("CAT", "", "ar")
    assert arabic
    public = Client()
    public.cookies["django_language"] = "ar"
    text = public.get(reverse("trackers:sanjose_public"), {"on": "2016-06-30"}).content.decode()
    assert arabic in text and "Committee against Torture" not in text
    staff = Client()
    staff.force_login(officer)
    staff.cookies["django_language"] = "ar"
    text = staff.get(reverse("trackers:sanjose_staff")).content.decode()
    assert arabic in text and "Committee against Torture" not in text
    data = public.get(reverse("trackers:sanjose_public_json"), {"on": "2016-06-30"}).json()
    assert "Committee against Torture" in [b["name"] for b in data["treaty_bodies"]]
