"""The cases API: token auth, the one error shape, cursor pagination, filters, and no 500 for bad input."""

from __future__ import annotations

import pytest

from reprisals.cases.models import Case
from reprisals.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def assert_error(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    if field:
        assert field in body["error"]["fields"], body


def test_unauthenticated_requests_get_401_in_the_error_shape(api_as, reference):
    assert_error(api_as(None).get("/api/v1/cases"), 401)


def test_a_bad_token_gets_401(reference):
    from django.test import Client

    assert_error(Client().get("/api/v1/cases", headers={"Authorization": "Bearer nope"}), 401)


def test_the_openapi_schema_is_published(api_as, officer):
    response = api_as(officer).get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/cases" in paths and "/api/v1/cases/{case_id}/transitions" in paths


def test_record_an_allegation_open_a_case_and_fill_it(api_as, officer):
    api = api_as(officer)
    r = api.post("/api/v1/allegations", {"country": "BHR", "received_on": "2016-04-01",
                                         "narrative": "Detained after the HRC session.", "source_entity": "ISHR",
                                         "source_reference": "ISHR-1", "source_identity": "Witness W"})
    assert r.status_code == 201, r.content
    allegation = r.json()
    assert "Witness W" not in r.content.decode()
    r = api.post("/api/v1/cases", {"title": "Detention after HRC", "country": "BHR",
                                   "allegation_id": allegation["id"], "risk_level": "urgent"})
    assert r.status_code == 201, r.content
    case = r.json()
    assert case["status"] == "received" and case["allegations"][0]["id"] == allegation["id"]
    cid = case["id"]
    r = api.post(f"/api/v1/cases/{cid}/parties", {"name": "Ales Bialiatski", "name_variants": ["Алесь Бяляцкі"],
                                                  "roles": ["human_rights_defender"], "consequences": ["detained"]})
    assert r.status_code == 201, r.content
    r = api.post(f"/api/v1/cases/{cid}/incidents", {"date": "2016-03", "forms": ["detention"],
                                                    "perpetrator": "police"})
    assert r.status_code == 201, r.content
    assert r.json()["date"] == "2016-03"
    r = api.post(f"/api/v1/cases/{cid}/engagements", {"un_body": "HRC", "kind": "participation_un_meeting",
                                                      "date": "2016-03"})
    assert r.status_code == 201, r.content
    timeline = api.get(f"/api/v1/cases/{cid}/timeline").json()["events"]
    assert [e["kind"] for e in timeline][:1] == ["engagement"]
    assert {"allegation", "incident", "status"} <= {e["kind"] for e in timeline}


def test_update_and_transition_need_the_current_version(api_as, officer, new_case):
    case = new_case()
    api = api_as(officer)
    r = api.patch(f"/api/v1/cases/{case.pk}", {"version": case.version, "title": "New title"})
    assert r.status_code == 200, r.content
    assert_error(api.patch(f"/api/v1/cases/{case.pk}", {"version": case.version, "title": "Stale"}), 409)
    assert Case.objects.get(pk=case.pk).title == "New title"
    current = r.json()["version"]
    r = api.post(f"/api/v1/cases/{case.pk}/transitions",
                 {"to_status": "under_assessment", "reason": "checking", "version": current})
    assert r.status_code == 200 and r.json()["status"] == "under_assessment"


def test_an_illegal_transition_is_refused_with_409(api_as, officer, new_case):
    case = new_case()
    r = api_as(officer).post(f"/api/v1/cases/{case.pk}/transitions",
                             {"to_status": "closed_adequately_addressed", "reason": "x", "version": case.version})
    assert_error(r, 409, "to_status")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"country": "QZZ", "received_on": "2016-01-01", "narrative": "n"}, "country"),
        ({"country": "BHR", "received_on": "2016-13-45", "narrative": "n"}, "received_on"),
        ({"country": "BHR", "received_on": "2016-01-01", "narrative": ""}, "narrative"),
        ({"country": "BHR", "received_on": "2016-01-01"}, "narrative"),
        ({"country": "BHR", "received_on": "2016-01-01", "narrative": "x" * 10_000_001}, "narrative"),
        ({"country": "BHR", "received_on": "2016-01-01", "narrative": "n", "source_entity": "NOPE"}, "source_entity"),
    ],
)
def test_bad_allegations_name_the_field(api_as, officer, body, field):
    assert_error(api_as(officer).post("/api/v1/allegations", body), 422, field)


def test_a_body_over_the_upload_limit_gets_413(api_as, officer):
    body = {"country": "BHR", "received_on": "2016-01-01", "narrative": "x" * (17 * 1024 * 1024)}
    assert_error(api_as(officer).post("/api/v1/allegations", body), 413)


def test_malformed_json_gets_400(api_as, officer):
    assert_error(api_as(officer).post("/api/v1/allegations", "{not json", raw=True), 400)


def test_a_json_array_instead_of_an_object_is_refused(api_as, officer):
    r = api_as(officer).post("/api/v1/allegations", "[1, 2]", raw=True)
    assert r.status_code in (400, 422)
    assert_error(r, r.status_code)


def test_an_impossible_incident_date_is_named(api_as, officer, new_case):
    case = new_case()
    r = api_as(officer).post(f"/api/v1/cases/{case.pk}/incidents", {"date": "2016-13-45", "forms": ["threats"]})
    assert_error(r, 422, "date")


def test_html_in_names_is_stored_as_text_and_returned_as_json(api_as, officer, new_case):
    case = new_case()
    payload = '<script>alert("x")</script>'
    r = api_as(officer).post(f"/api/v1/cases/{case.pk}/parties", {"name": payload})
    assert r.status_code == 201 and r.json()["name"] == payload
    assert r["Content-Type"].startswith("application/json")


def test_list_is_cursor_paginated_without_gaps_or_repeats(api_as, officer, new_case):
    made = {new_case(title=f"Case {i}").pk for i in range(7)}
    api, seen, cursor = api_as(officer), [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = api.get("/api/v1/cases", **params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) and set(seen) == made
    assert seen == sorted(seen, reverse=True)


def test_a_forged_cursor_is_a_422(api_as, officer):
    assert_error(api_as(officer).get("/api/v1/cases", cursor="!!!"), 422, "cursor")


@pytest.mark.parametrize(
    "params, field",
    [({"country": "ZZZ"}, "country"), ({"un_body": "NOPE"}, "un_body"), ({"form": "nope"}, "form"),
     ({"role": "nope"}, "role"), ({"year": "abc"}, "year"), ({"status": "lost"}, "status"),
     ({"regional_group": "MARS"}, "regional_group"), ({"limit": 0}, "limit")],
)
def test_bad_filters_name_the_parameter(api_as, officer, params, field):
    assert_error(api_as(officer).get("/api/v1/cases", **params), 422, field)


def test_filters_and_full_text_search(api_as, officer, new_case, reference):
    from reprisals.reference.models import Country

    target = new_case(title="Surveillance of a journalist", name="Cao Shunli")
    new_case(title="Other case", name="Someone Else", country=Country.objects.get(iso3="EGY"))
    api = api_as(officer)
    ids = lambda **p: [i["id"] for i in api.get("/api/v1/cases", **p).json()["items"]]  # noqa: E731
    assert ids(q="shunli") == [target.pk]
    assert ids(q="Cao shun") == [target.pk]
    assert ids(country="BHR") == [target.pk]
    assert ids(regional_group="ASIA_PACIFIC", form="travel_ban", un_body="HRC", role="human_rights_defender",
               year=2016, status="received") == [target.pk]
    assert ids(q='") OR 1=1 --') == []
    assert ids(q="' OR ''='") == []


def test_search_finds_a_case_by_its_reference_and_hyphenated_words(api_as, officer, new_case):
    case = new_case(title="Smear campaign after the 2016-03 session", name="Abdul-Hadi Al-Khawaja")
    new_case(title="Other case", name="Someone Else")
    ids = lambda q: [i["id"] for i in api_as(officer).get("/api/v1/cases", q=q).json()["items"]]  # noqa: E731
    assert ids(case.reference) == [case.pk]
    assert ids(case.reference.lower().replace("-", " ")) == [case.pk]
    assert ids("2016-03") == [case.pk]
    assert ids("abdul-hadi") == ids("hadi khawaja") == [case.pk]


def test_search_finds_names_in_other_scripts_through_transliteration(api_as, officer, new_case):
    case = new_case(name="Алесь Бяляцкі")
    assert [i["id"] for i in api_as(officer).get("/api/v1/cases", q="Бяляцкі").json()["items"]] == [case.pk]
    assert [i["id"] for i in api_as(officer).get("/api/v1/cases", q="ales").json()["items"]] == [case.pk]


def test_search_finds_a_name_however_it_was_romanised(api_as, officer, new_case):
    russian = new_case(title="Travel ban", name="Дмитрий Иванов")
    arabic = new_case(title="Detention", name="محمد عبد الهادي")
    uzbek = new_case(title="Smear campaign", name="Dilnoza Abdullayeva")
    new_case(title="Other case", name="Someone Else")
    ids = lambda q: [i["id"] for i in api_as(officer).get("/api/v1/cases", q=q).json()["items"]]  # noqa: E731
    assert ids("Dmitry") == ids("Dmitriy") == ids("Dmitrii") == ids("Dmit") == [russian.pk]
    assert ids("Dmitry Ivanov") == [russian.pk] and ids("Dmitry Petrov") == []
    assert ids("Muhammad") == ids("Mohammed") == [arabic.pk]
    assert ids("Abdullaeva") == [uzbek.pk]


def test_invisible_marks_pasted_with_a_name_do_not_hide_it(api_as, officer, new_case):
    """A zero-width space, soft hyphen or direction mark copied from a document inside a word, or an Arabic
    tatweel, made the search find nothing; they are ignored in the query and in the register."""
    russian = new_case(title="Travel ban", name="Дмитрий Иванов")
    arabic = new_case(title="Detention", name="محـمد عبد الهادي")
    ids = lambda q: [i["id"] for i in api_as(officer).get("/api/v1/cases", q=q).json()["items"]]  # noqa: E731
    for query in ("Dmi\u200btry", "Dmi\u00adtry", "\u200fДмитрий\u200f", "\ufeffIvanov", "Iva\u200dnov"):
        assert ids(query) == [russian.pk], repr(query)
    assert ids("محمد") == ids("محـمد") == ids("Muhammad") == [arabic.pk]


def test_reindex_gives_cases_indexed_before_sound_keys_their_keys(api_as, officer, new_case):
    from django.core.management import call_command

    case = new_case(name="Дмитрий Иванов")
    stale = Case.objects.get(pk=case.pk).search_text.rsplit("\n", 1)[0]
    Case.objects.filter(pk=case.pk).update(search_text=stale)
    ids = lambda q: [i["id"] for i in api_as(officer).get("/api/v1/cases", q=q).json()["items"]]  # noqa: E731
    assert ids("Dmitry") == []
    call_command("reindex")
    assert ids("Dmitry") == [case.pk]


def test_protected_fields_appear_only_when_revealed_and_the_read_is_audited(api_as, officer, new_case):
    case = new_case()
    api = api_as(officer)
    plain = api.get(f"/api/v1/cases/{case.pk}").content.decode()
    assert "Source Alpha" not in plain and "alpha@example.org" not in plain
    before = AuditEntry.objects.filter(action="protected.read").count()
    revealed = api.get(f"/api/v1/cases/{case.pk}", reveal="true").json()
    assert revealed["allegations"][0]["protected"]["source_identity"] == "Source Alpha"
    assert AuditEntry.objects.filter(action="protected.read").count() > before


def test_roles_without_case_access_get_403_and_hidden_cases_404(api_as, new_case, auditor, state_user, focal,
                                                                  other_focal):
    case = new_case()
    for user in (auditor, state_user):
        assert_error(api_as(user).get("/api/v1/cases"), 403)
        assert_error(api_as(user).get(f"/api/v1/cases/{case.pk}"), 403)
    # The allegation came from ISHR: ISHR's focal point sees the case, another entity's does not.
    assert api_as(focal).get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert_error(api_as(other_focal).get(f"/api/v1/cases/{case.pk}"), 404)
    assert api_as(other_focal).get("/api/v1/cases").json()["items"] == []


def test_a_restricted_case_is_invisible_outside_its_compartment(api_as, officer, officer2, reviewer, new_case):
    from reprisals.cases import services

    case = new_case()
    services.case_restrict(actor=reviewer, case=case, restricted=True, members=[officer])
    assert api_as(officer).get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert_error(api_as(officer2).get(f"/api/v1/cases/{case.pk}"), 404)
    assert case.pk not in [i["id"] for i in api_as(officer2).get("/api/v1/cases").json()["items"]]


@pytest.mark.parametrize("method, path, allowed", [("delete", "/api/v1/cases/1", "GET, PATCH"),
                                                   ("put", "/api/v1/cases", "GET, POST"),
                                                   ("post", "/api/v1/audit", "GET")])
def test_a_method_a_path_does_not_accept_is_405_in_the_error_shape(api_as, officer, method, path, allowed):
    response = getattr(api_as(officer).client, method)(path, headers=api_as(officer).headers)
    assert_error(response, 405)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert sorted(response["Allow"].split(", ")) == sorted(allowed.split(", "))


def test_unknown_case_is_404_in_the_error_shape(api_as, officer):
    assert_error(api_as(officer).get("/api/v1/cases/999999"), 404)
    assert_error(api_as(officer).get("/api/v1/cases/abc"), 422)


@pytest.mark.parametrize("method, path", [("get", "/api/v1/nope"), ("post", "/api/v1/cases/1/nope"),
                                          ("get", "/api/v2/cases"), ("patch", "/api/"), ("get", "/api/v1/")])
def test_a_path_that_names_no_operation_is_404_in_the_error_shape(api_as, officer, method, path):
    response = getattr(api_as(officer), method)(path)
    assert_error(response, 404)
    assert response["Content-Type"].startswith("application/json")
    assert path in response.json()["error"]["message"]
    assert_error(getattr(api_as(None), method)(path), 404)
