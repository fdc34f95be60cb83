"""Who decides a person's consent, and what "share with other UN bodies" withholds.

A person's consent decision is OHCHR's to record. A focal point records it only on a case that holds
nothing but its own entity's allegations, and never turns a refusal that OHCHR (or another organisation)
recorded into consent. A party without consent to share with other UN bodies in force is named to a focal
point only on a case that holds nothing but its own entity's allegations: on a case another source also
reported, its name, the other organisations' narratives and every text naming it are withheld from focal
points, on the case page and in the API alike. OHCHR staff see everything.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services
from reprisals.cases.models import Case, ConsentRecord, ConsentUse
from reprisals.core.errors import Forbidden
from reprisals.followup import services as f_services
from reprisals.reference.models import Entity, UNBody
from tests.conftest import client_for
from tests.dates import today

pytestmark = pytest.mark.django_db
NAME = "Nadia Withheldname"


@pytest.fixture
def shared(officer, new_case, bahrain):
    """A case ISHR reported about NAME, to which the Committee against Torture later added an allegation."""
    case = new_case(name=NAME, title=f"Detention of {NAME}")
    other = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2016, 4, 1),
                                       narrative="The Committee also heard of the detention.",
                                       source_entity=Entity.objects.get(code="CAT"))
    services.allegation_attach(actor=officer, allegation=other, case=case)
    return Case.objects.get(pk=case.pk)


def _consent(actor, party, use, granted):
    return services.consent_record(actor=actor, party=party, use=use, granted=granted,
                                   decided_on=dt.date(2016, 3, 12), note="Asked in interview")


# ---------------------------------------------------------------- who records consent


def test_another_entitys_focal_point_cannot_turn_a_refusal_into_consent(shared, officer, cat_focal, bahrain):
    party = shared.parties.get()
    _consent(officer, party, ConsentUse.RAISE_WITH_STATE, False)
    response = client_for(cat_focal).post(f"/cases/{shared.pk}/parties/{party.pk}/consent/", {
        "use": "raise_with_state", "granted": "1", "decided_on": today().isoformat(), "note": "In person"})
    assert response.status_code == 403
    with pytest.raises(Forbidden):
        _consent(cat_focal, party, ConsentUse.RAISE_WITH_STATE, True)
    latest = ConsentRecord.objects.filter(party=party, use="raise_with_state").order_by("-recorded_at", "-pk").first()
    assert (latest.granted, latest.recorded_by) == (False, officer)
    # so the refusal still stops the case being raised with the State
    from reprisals.core.errors import ValidationFailed
    with pytest.raises(ValidationFailed):
        f_services.communication_record(
            actor=officer, country=bahrain, kind="sp_allegation_letter", un_body=UNBody.objects.get(code="SR-HRD"),
            sent_on=today(), summary="Letter", cases=[shared])


def test_on_a_shared_case_even_the_reporting_entitys_focal_point_leaves_consent_to_ohchr(shared, focal):
    party = shared.parties.get()
    for granted in (True, False):
        with pytest.raises(Forbidden):
            _consent(focal, party, ConsentUse.SHARE_UN, granted)
    page = client_for(focal).get(f"/cases/{shared.pk}/").content.decode()
    assert "Record a consent decision" not in page
    assert client_for(focal).get(f"/cases/{shared.pk}/parties/{party.pk}/consent/").status_code == 403
    assert not ConsentRecord.objects.filter(party=party).exists()


def test_a_focal_point_records_consent_on_its_entitys_own_case_but_not_over_ohchrs_refusal(new_case, focal,
                                                                                          officer):
    case = new_case(name=NAME)  # only ISHR, the focal point's entity, reported it
    party = case.parties.get()
    assert "Record a consent decision" in client_for(focal).get(f"/cases/{case.pk}/").content.decode()
    _consent(focal, party, ConsentUse.PUBLISH_NAME, False)
    _consent(focal, party, ConsentUse.PUBLISH_NAME, True)  # its own entity's refusal: the person changed their mind
    _consent(officer, party, ConsentUse.RAISE_WITH_STATE, False)
    with pytest.raises(Forbidden) as refused:
        _consent(focal, party, ConsentUse.RAISE_WITH_STATE, True)
    assert "granted" in refused.value.fields
    _consent(focal, party, ConsentUse.RAISE_WITH_STATE, False)  # recording a refusal again is always possible
    _consent(officer, party, ConsentUse.RAISE_WITH_STATE, True)  # OHCHR records the change of mind


# ---------------------------------------------------------------- "share with other UN bodies"


def test_the_api_withholds_a_party_without_consent_to_share_from_another_entitys_focal_point(shared, cat_focal,
                                                                                           api_as):
    api = api_as(cat_focal)
    body = api.get(f"/api/v1/cases/{shared.pk}").json()
    assert NAME not in str(body)
    assert [p["name"] for p in body["parties"]] == [""]
    narratives = {a["source_entity"]: a["narrative"] for a in body["allegations"]}
    assert narratives == {"ISHR": "", "CAT": "The Committee also heard of the detention."}
    party = shared.parties.get()
    ishr = shared.allegations.get(source_entity__code="ISHR")
    for path in (f"/api/v1/parties/{party.pk}", f"/api/v1/cases/{shared.pk}/parties",
                 f"/api/v1/cases/{shared.pk}/timeline"):
        response = api.get(path)
        assert response.status_code == 200 and NAME not in response.content.decode(), path
    # an allegation is read through the API by those who may record allegations (focal points among them)
    assert api.get(f"/api/v1/allegations/{ishr.pk}").json()["narrative"] == ""


def test_the_case_page_withholds_them_too(shared, cat_focal):
    page = client_for(cat_focal).get(f"/cases/{shared.pk}/").content.decode()
    assert NAME not in page
    assert "Detained at the airport" not in page  # ISHR's narrative
    assert "Name withheld" in page and "Narrative withheld" in page
    assert client_for(cat_focal).get(f"/cases/{shared.pk}/edit/").status_code == 403


def test_a_withdrawn_consent_withholds_again_and_a_granted_one_shows(shared, officer, cat_focal, api_as):
    party = shared.parties.get()
    _consent(officer, party, ConsentUse.SHARE_UN, True)
    assert NAME in api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").content.decode()
    _consent(officer, party, ConsentUse.SHARE_UN, False)
    assert NAME not in api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").content.decode()


def test_ohchr_staff_and_a_focal_point_on_its_own_case_still_see_the_name(shared, new_case, officer, focal, api_as):
    body = api_as(officer).get(f"/api/v1/cases/{shared.pk}").json()
    assert body["parties"][0]["name"] == NAME and body["title"] == f"Detention of {NAME}"
    own = new_case(name="Only Ishr Person")
    assert api_as(focal).get(f"/api/v1/cases/{own.pk}").json()["parties"][0]["name"] == "Only Ishr Person"


def test_a_focal_point_does_not_overwrite_a_name_or_title_withheld_from_it(shared, cat_focal, api_as):
    party = shared.parties.get()
    api = api_as(cat_focal)
    response = api.patch(f"/api/v1/parties/{party.pk}", {"name": "Someone Else"})
    assert response.status_code == 403 and "name" in response.json()["error"]["fields"]
    response = api.patch(f"/api/v1/cases/{shared.pk}", {"version": shared.version, "title": "Retitled"})
    assert response.status_code == 403 and "title" in response.json()["error"]["fields"]
    shared.refresh_from_db()
    assert (shared.title, shared.parties.get().name) == (f"Detention of {NAME}", NAME)
    assert api.patch(f"/api/v1/parties/{party.pk}", {"gender": "male"}).status_code == 200


def test_lists_searches_and_the_dashboard_withhold_the_name_too(shared, officer, cat_focal, api_as):
    services.case_update(actor=officer, case=shared, expected_version=None, risk_level="urgent")
    api = api_as(cat_focal)
    assert [c["title"] for c in api.get("/api/v1/cases").json()["items"]] == ["Detention of […]"]
    for query in ("Withheldname", "nadia", "withh"):  # a word of the name, in any case, or its start
        assert api.get("/api/v1/cases", q=query).json()["items"] == [], query
        assert api_as(officer).get("/api/v1/cases", q=query).json()["items"] != [], query
    assert [c["id"] for c in api.get("/api/v1/cases", q="committee").json()["items"]] == [shared.pk]
    browser = client_for(cat_focal)
    for path in ("/cases/", "/cases/?q=Withheldname", "/"):
        page = browser.get(path).content.decode()
        assert page.count("RT-") >= (0 if "q=" in path else 1), path
        assert NAME not in page and "Detained at the airport" not in page, path


def test_the_register_export_withholds_them_from_a_focal_point_too(shared, officer, cat_focal):
    for fmt in ("json", "csv"):
        body = client_for(cat_focal).get(f"/intake/export/{fmt}/").content.decode()
        assert shared.reference in body and NAME not in body and "Detained at the airport" not in body, fmt
        assert NAME in client_for(officer).get(f"/intake/export/{fmt}/").content.decode(), fmt
