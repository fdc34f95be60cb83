"""The staff web pages of the case register, through Django's test client: who may see what, the
allegation → case → parties/incidents/engagement flow, the workflow, optimistic locking, the list's
filters and search, escaping, and the audited disclosure of protected details."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from reprisals.accounts.models import User
from reprisals.cases import services
from reprisals.cases.models import Allegation, Case, CaseStatus
from reprisals.core.models import AuditEntry
from reprisals.reference.models import Country, Entity
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def html(response: Any) -> str:
    return response.content.decode()


def record_allegation(client: Client, **overrides: Any) -> Any:
    data = {
        "country": "BHR", "received_on": "2016-03-10", "source_entity": "ISHR", "source_reference": "",
        "narrative": "Questioned at the airport after speaking at the Human Rights Council.",
        "source_identity": "", "source_contact": "",
    }
    data.update(overrides)
    return client.post(reverse("allegation_record"), data)


def open_case(client: Client, allegation: Allegation, **overrides: Any) -> Any:
    data = {"title": "Travel ban on a defender", "country": "BHR", "summary": "", "risk_level": "high",
            "risk_notes": ""}
    data.update(overrides)
    return client.post(reverse("case_open", args=[allegation.pk]), data)


def party_data(**overrides: Any) -> dict[str, Any]:
    data = {"kind": "individual", "name": "Maryam Example", "description": "", "protected_name": "",
            "name_variants": "Mariam Exemple\nMaryam Ex.", "roles": ["human_rights_defender", "journalist"],
            "gender": "female", "consequences": ["fled_country"], "contact": ""}
    data.update(overrides)
    return data


# ---------------------------------------------------------------- who may see what


CASE_PAGES = ["case_detail", "case_edit", "case_assign", "case_transition", "party_add", "incident_add",
              "engagement_add"]


def test_every_page_sends_anonymous_visitors_to_sign_in(new_case: Any) -> None:
    case = new_case()
    allegation = case.allegations.get()
    urls = [reverse("dashboard"), reverse("case_list"), reverse("allegation_triage"), reverse("allegation_record"),
            reverse("case_open", args=[allegation.pk]), *(reverse(name, args=[case.pk]) for name in CASE_PAGES)]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_every_web_view_declares_what_it_needs() -> None:
    names = []
    for module in ("reprisals.cases.urls", "reprisals.accounts.urls"):
        for pattern in get_resolver(module).url_patterns:
            assert isinstance(pattern, URLPattern)
            if not hasattr(pattern.callback, "required_capability"):
                names.append(pattern.name)
    assert names == []


def test_sign_in_leads_to_the_dashboard_and_sign_out_is_a_post(officer: User) -> None:
    from tests.conftest import PASSWORD

    client = Client()
    page = client.get(reverse("login"))
    assert page.status_code == 200 and 'autocomplete="current-password"' in html(page)
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    # The password alone leads to the second factor, not to the dashboard.
    assert reverse("two_factor_setup") in client.get(reverse("dashboard"))["Location"]
    client.force_login(officer)
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_is_refused_on_the_page(officer: User) -> None:
    response = Client().post(reverse("login"), {"username": "officer", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in html(response)


def test_auditor_is_refused_case_pages_and_sees_no_case_data(auditor: User, new_case: Any) -> None:
    case = new_case()
    client = client_for(auditor)
    for name in CASE_PAGES:
        assert client.get(reverse(name, args=[case.pk])).status_code == 403, name
    assert client.get(reverse("case_list")).status_code == 403
    assert client.post(reverse("case_reveal", args=[case.pk])).status_code == 403
    home = client.get(reverse("dashboard"))
    assert home.status_code == 200
    assert case.reference not in html(home) and case.title not in html(home)
    assert "does not give access to case files" in html(home)
    assert reverse("case_list") not in html(home)  # the menu offers nothing it cannot use


def test_administrator_is_pointed_to_the_admin_site(admin_user: User) -> None:
    response = client_for(admin_user).get(reverse("dashboard"))
    assert response.status_code == 200
    assert 'href="/admin/"' in html(response)


@pytest.mark.parametrize("fixture", ["state_user", "submitter"])
def test_outside_users_get_no_dashboard(fixture: str, request: pytest.FixtureRequest, new_case: Any) -> None:
    case = new_case()
    response = client_for(request.getfixturevalue(fixture)).get(reverse("dashboard"), follow=True)
    assert response.status_code == 200
    assert case.reference not in html(response)


def test_a_state_mission_user_is_sent_to_the_state_portal(state_user: User) -> None:
    response = client_for(state_user).get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("followup:portal_list")


def test_focal_point_sees_only_cases_from_its_entity(focal: User, new_case: Any) -> None:
    other_entity = Entity.objects.exclude(code="ISHR").filter(kind="ngo").first()
    own = new_case(title="Own entity case")
    other = new_case(title="Other entity case", entity=other_entity)
    client = client_for(focal)
    listing = html(client.get(reverse("case_list")))
    assert own.reference in listing and other.reference not in listing
    assert client.get(reverse("case_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("case_detail", args=[own.pk])).status_code == 200


def test_pages_with_case_data_are_not_cached(officer: User, new_case: Any) -> None:
    case = new_case()
    response = client_for(officer).get(reverse("case_detail", args=[case.pk]))
    assert "no-store" in response["Cache-Control"]


# ---------------------------------------------------------------- the main flow


def test_officer_records_an_allegation_opens_a_case_and_fills_it(officer: User) -> None:
    client = client_for(officer)
    response = record_allegation(client, source_reference="ISHR/2016/7", source_identity="A cousin, by phone")
    assert response.status_code == 302 and response["Location"] == reverse("allegation_triage")
    allegation = Allegation.objects.get(source_reference="ISHR/2016/7")
    assert allegation.source_entity.code == "ISHR" and allegation.source_identity == "A cousin, by phone"

    triage = html(client.get(reverse("allegation_triage")))
    assert allegation.reference in triage and reverse("case_open", args=[allegation.pk]) in triage

    form = html(client.get(reverse("case_open", args=[allegation.pk])))
    assert '<option value="BHR" selected>Bahrain</option>' in form

    response = open_case(client, allegation, assigned_to=str(officer.pk))
    case = Case.objects.get(title="Travel ban on a defender")
    assert response.status_code == 302 and response["Location"] == reverse("case_detail", args=[case.pk])
    assert case.assigned_to == officer and case.allegations.get() == allegation

    assert client.post(reverse("party_add", args=[case.pk]), party_data()).status_code == 302
    assert client.post(reverse("incident_add", args=[case.pk]), {
        "date": "2016-03", "place": "Manama airport", "country": "BHR",
        "forms": ["travel_ban", "intimidation_harassment"], "perpetrator": "security_intelligence",
        "description": "Passport confiscated at the airport.",
    }).status_code == 302
    assert client.post(reverse("engagement_add", args=[case.pk]), {
        "un_body": "HRC", "kind": "participation_un_meeting", "date": "2016", "description": "Side event",
    }).status_code == 302

    page = html(client.get(reverse("case_detail", args=[case.pk])))
    for text in ("Maryam Example", "Mariam Exemple", "Human rights defender", "Journalist", "Fled the country",
                 "Manama airport", "Travel ban or passport confiscation", "Security or intelligence services",
                 "Human Rights Council", "Side event", allegation.reference, "Case opened"):
        assert text in page, text
    # Partial dates are shown as given, not padded to a day.
    assert re.search(r"<td[^>]*>2016-03</td>", page)
    assert re.search(r"<td[^>]*>2016</td>", page)
    timeline = page.split('id="timeline"')[1]
    assert timeline.index("2016</time>") < timeline.index("2016-03</time>") < timeline.index("2016-03-10</time>")


def test_allegation_can_be_added_to_an_existing_case_by_reference(officer: User, new_case: Any) -> None:
    case = new_case()
    client = client_for(officer)
    record_allegation(client, source_reference="second")
    allegation = Allegation.objects.get(source_reference="second")
    url = reverse("allegation_attach", args=[allegation.pk])

    refused = client.post(url, {"reference": "RT-1999-99999"})
    assert refused.status_code == 422
    assert "there is no case with this reference" in html(refused)
    allegation.refresh_from_db()
    assert allegation.case is None

    response = client.post(url, {"reference": case.reference.lower()})
    assert response.status_code == 302
    allegation.refresh_from_db()
    assert allegation.case == case


def test_focal_point_records_allegations_for_its_own_entity_only(focal: User) -> None:
    client = client_for(focal)
    form = html(client.get(reverse("allegation_record")))
    assert "International Service for Human Rights" in form and "Amnesty International" not in form
    # A forged sender is ignored: the disabled field keeps the focal point's own entity.
    assert record_allegation(client, source_entity="AMNESTY", source_reference="fp-1").status_code == 302
    assert Allegation.objects.get(source_reference="fp-1").source_entity.code == "ISHR"


def test_consent_decision_shows_as_in_force(officer: User, new_case: Any) -> None:
    case = new_case()
    party = case.parties.get()
    client = client_for(officer)
    response = client.post(reverse("consent_record", args=[case.pk, party.pk]), {
        "use": "raise_with_state", "granted": "1", "decided_on": "2016-04-01", "note": "By phone",
    })
    assert response.status_code == 302
    page = html(client.get(reverse("case_detail", args=[case.pk])))
    assert re.search(r'consent-granted">.*?Raise the case with the State', page, re.S)
    assert re.search(r'consent-none">.*?Name the person in a public report', page, re.S)


def test_officer_is_assigned_and_the_list_shows_mine_and_unassigned(officer: User, officer2: User,
                                                                    new_case: Any) -> None:
    case = new_case()
    client = client_for(officer)
    unassigned = html(client.get(reverse("case_list"), {"unassigned": "on"}))
    assert case.reference in unassigned
    response = client.post(reverse("case_assign", args=[case.pk]), {"version": case.version,
                                                                     "assigned_to": officer2.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == officer2
    assert case.reference not in html(client.get(reverse("case_list"), {"unassigned": "on"}))
    assert case.reference in html(client_for(officer2).get(reverse("case_list"), {"mine": "on"}))
    assert case.reference not in html(client.get(reverse("case_list"), {"mine": "on"}))


# ---------------------------------------------------------------- the workflow and optimistic locking


def test_transition_with_a_reason_goes_on_the_timeline(officer: User, new_case: Any) -> None:
    case = new_case()
    client = client_for(officer)
    page = html(client.get(reverse("case_detail", args=[case.pk])))
    assert '<option value="under_assessment">Under assessment</option>' in page
    assert '<option value="verified">' not in page.split('id="act-transition"')[1].split("</select>")[0]

    response = client.post(reverse("case_transition", args=[case.pk]), {
        "version": case.version, "to_status": "under_assessment", "reason": "Two sources confirm the ban.",
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_ASSESSMENT
    page = html(client.get(reverse("case_detail", args=[case.pk])))
    assert "Two sources confirm the ban." in page.split('id="timeline"')[1]


def test_transition_needs_a_reason(officer: User, new_case: Any) -> None:
    case = new_case()
    response = client_for(officer).post(reverse("case_transition", args=[case.pk]), {
        "version": case.version, "to_status": "under_assessment", "reason": "  ",
    })
    assert response.status_code == 422
    assert 'id="transition_reason_error"' in html(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_illegal_transition_is_refused_with_the_allowed_ones_named(officer: User, new_case: Any) -> None:
    case = new_case()
    response = client_for(officer).post(reverse("case_transition", args=[case.pk]), {
        "version": case.version, "to_status": "awaiting_response", "reason": "Skipping ahead",
    })
    assert response.status_code == 409
    page = html(response)
    assert "cannot go from “Received” to “Awaiting response”" in page
    assert "Under assessment" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED and case.status_changes.count() == 1


def test_second_officer_saving_a_stale_case_is_refused_and_nothing_is_saved(
    officer: User, officer2: User, new_case: Any
) -> None:
    case = new_case()
    loaded_version = case.version
    # The first officer saves while the second still has the old form open.
    services.case_update(actor=officer, case=case, expected_version=loaded_version, title="Renamed by officer 1")
    response = client_for(officer2).post(reverse("case_edit", args=[case.pk]), {
        "version": loaded_version, "title": "Renamed by officer 2", "country": "BHR", "summary": "Mine",
        "risk_level": "urgent", "risk_notes": "",
    })
    assert response.status_code == 409
    page = html(response)
    assert "Someone else changed this record since you opened it" in page
    assert f'href="{reverse("case_detail", args=[case.pk])}"' in page and "Reload the case" in page
    case.refresh_from_db()
    assert (case.title, case.summary, case.risk_level) == ("Renamed by officer 1", "", "ordinary")


def test_stale_transition_is_refused_too(officer: User, new_case: Any) -> None:
    case = new_case()
    response = client_for(officer).post(reverse("case_transition", args=[case.pk]), {
        "version": case.version - 1, "to_status": "under_assessment", "reason": "Checked",
    })
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_edit_keeps_protected_risk_notes_unless_replaced(officer: User, new_case: Any) -> None:
    case = new_case()
    services.case_update(actor=officer, case=case, expected_version=None, risk_notes="Followed by police")
    case.refresh_from_db()
    client = client_for(officer)
    assert "Followed by police" not in html(client.get(reverse("case_edit", args=[case.pk])))
    response = client.post(reverse("case_edit", args=[case.pk]), {
        "version": case.version, "title": "New title", "country": "BHR", "summary": "", "risk_level": "urgent",
        "risk_notes": "",
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.title, case.risk_level, case.risk_notes) == ("New title", "urgent", "Followed by police")


# ---------------------------------------------------------------- bad input: 4xx naming the field


def test_unknown_state_code_names_the_field(officer: User) -> None:
    response = record_allegation(client_for(officer), country="QZZ")
    assert response.status_code == 422
    assert 'id="id_country_error"' in html(response) and "State concerned" in html(response)
    assert not Allegation.objects.exists()


def test_impossible_incident_date_names_the_field_and_saves_nothing(officer: User, new_case: Any) -> None:
    case = new_case()
    before = case.incidents.count()
    response = client_for(officer).post(reverse("incident_add", args=[case.pk]), {
        "date": "2016-13-45", "forms": ["threats"], "place": "", "country": "", "perpetrator": "", "description": "",
    })
    assert response.status_code == 422
    page = html(response)
    assert 'id="incident_date_error"' in page and "month must be between 1 and 12" in page
    assert 'aria-invalid="true"' in page
    assert case.incidents.count() == before


def test_unknown_vocabulary_code_names_the_field(officer: User, new_case: Any) -> None:
    case = new_case()
    response = client_for(officer).post(reverse("party_add", args=[case.pk]), party_data(roles=["astronaut"]))
    assert response.status_code == 422
    assert 'id="party_roles_error"' in html(response)
    assert case.parties.count() == 1


def test_future_received_date_is_refused_by_name(officer: User) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = record_allegation(client_for(officer), received_on=tomorrow)
    assert response.status_code == 422
    assert 'id="id_received_on_error"' in html(response) and "the date is in the future" in html(response)


def test_over_long_narrative_is_refused_by_name(officer: User) -> None:
    response = record_allegation(client_for(officer), narrative="x" * 100_001)
    assert response.status_code == 422
    assert 'id="id_narrative_error"' in html(response)
    assert not Allegation.objects.exists()


def test_ten_megabyte_narrative_is_a_client_error_not_a_crash(officer: User) -> None:
    response = record_allegation(client_for(officer), narrative="x" * (10 * 1024 * 1024))
    assert 400 <= response.status_code < 500
    assert not Allegation.objects.exists()


def test_anonymous_party_with_a_public_name_is_refused(officer: User, new_case: Any) -> None:
    case = new_case()
    response = client_for(officer).post(reverse("party_add", args=[case.pk]),
                                        party_data(is_anonymous="on", name="Should not be public"))
    assert response.status_code == 422
    assert 'id="party_name_error"' in html(response)


def test_missing_case_is_a_404_page(officer: User) -> None:
    response = client_for(officer).get(reverse("case_detail", args=[999999]))
    assert response.status_code == 404
    assert "Not found" in html(response)


# ---------------------------------------------------------------- the list: filters, search, pages


def test_list_filters_and_full_text_search_find_the_case(officer: User, new_case: Any) -> None:
    target = new_case(title="Reprisal against Ahmed", name="Ahmed Ben Salah", country=Country.objects.get(iso3="TUN"))
    other = new_case(title="Other case", name="Someone Else")
    client = client_for(officer)

    def found(**params: Any) -> tuple[bool, bool]:
        response = client.get(reverse("case_list"), params)
        assert response.status_code == 200, (params, html(response))
        page = html(response)
        return target.reference in page, other.reference in page

    assert found() == (True, True)
    assert found(q="ahmed") == (True, False)
    assert found(q="Salah") == (True, False)
    assert found(q="airport") == (True, True)  # narratives are searched too
    assert found(country="TUN") == (True, False)
    assert found(regional_group="AFRICAN") == (True, False)
    assert found(regional_group="ASIA_PACIFIC") == (False, True)
    assert found(status="received", open="on") == (True, True)
    assert found(status="verified") == (False, False)
    assert found(un_body="HRC", form="travel_ban", role="human_rights_defender") == (True, True)
    assert found(form="killing") == (False, False)
    assert found(role="journalist") == (False, False)
    assert found(year="2016") == (True, True)
    assert found(year="2017") == (False, False)
    assert found(risk_level="ordinary") == (True, True)


@pytest.mark.parametrize(("params", "label"), [
    ({"country": "QZZ"}, "State"),
    ({"year": "abc"}, "Year"),
    ({"status": "lost"}, "Status"),
    ({"form": "nonsense"}, "Form of reprisal"),
    ({"un_body": "NOPE"}, "UN body"),
    ({"regional_group": "MARS"}, "UN regional group"),
])
def test_unknown_filter_values_give_a_message_naming_the_field(officer: User, params: dict[str, str],
                                                               label: str) -> None:
    response = client_for(officer).get(reverse("case_list"), params)
    assert response.status_code == 400
    page = html(response)
    assert "These filters cannot be used" in page
    assert re.search(rf'<a class="alert-link" href="#id_{next(iter(params))}">{label}</a>', page)


def test_list_pages_by_keyset(officer: User, bahrain: Country) -> None:
    for n in range(52):
        allegation = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2020, 1, 1),
                                                narrative=f"Narrative {n}")
        services.case_open(actor=officer, title=f"Case number {n}", country=bahrain, allegation=allegation)
    client = client_for(officer)
    first = html(client.get(reverse("case_list"), {"q": "narrative"}))
    rows = first.split('<tbody id="case-rows">')[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 50
    older = re.search(r'id="older-link"[^>]*href="\?q=narrative&amp;before=(\d+)"', first)
    assert older
    second = html(client.get(reverse("case_list"), {"q": "narrative", "before": older.group(1)}))
    assert "Case number 0<" in second and "Case number 1<" in second and "Case number 51<" not in second
    assert 'id="older-link"' not in second


# ---------------------------------------------------------------- escaping, CSP and protected details


def test_html_and_script_in_names_is_escaped(officer: User, new_case: Any) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    case = new_case(title=evil, name=evil)
    page = html(client_for(officer).get(reverse("case_detail", args=[case.pk])))
    assert evil not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    listing = html(client_for(officer).get(reverse("case_list")))
    assert evil not in listing


def test_pages_have_no_inline_script_style_or_handlers(officer: User, new_case: Any) -> None:
    case = new_case()
    client = client_for(officer)
    allegation = services.allegation_record(actor=officer, country=case.country, received_on=dt.date(2016, 1, 1),
                                            narrative="Waiting in triage")
    urls = [reverse("dashboard"), reverse("case_list"), reverse("allegation_triage"), reverse("allegation_record"),
            reverse("case_open", args=[allegation.pk]), reverse("case_detail", args=[case.pk]),
            *(reverse(name, args=[case.pk]) for name in CASE_PAGES[1:])]
    pages = [(url, html(client.get(url))) for url in urls]
    pages.append(("login", html(Client().get(reverse("login")))))
    pages.append(("revealed", html(client.post(reverse("case_reveal", args=[case.pk])))))
    for url, page in pages:
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert not re.search(r"\sstyle=", page), url
        assert not re.search(r"\son[a-z]+=", page), url
        assert '<html lang="en" dir="ltr">' in page, url


def test_arabic_pages_are_right_to_left(officer: User) -> None:
    client = client_for(officer)
    client.post(reverse("set_language"), {"language": "ar", "next": reverse("dashboard")})
    page = html(client.get(reverse("dashboard")))
    assert '<html lang="ar" dir="rtl">' in page and "bootstrap.rtl.min.css" in page


def test_protected_details_are_hidden_until_revealed_and_the_reveal_is_audited(officer: User,
                                                                               new_case: Any) -> None:
    case = new_case()
    services.party_add(actor=officer, case=case, is_anonymous=True, description="a woman journalist",
                       protected_name="Hidden Real Name", contact="+000 secret phone")
    services.case_update(actor=officer, case=case, expected_version=None, risk_notes="Under police watch")
    secrets = ["Hidden Real Name", "+000 secret phone", "Source Alpha", "alpha@example.org", "Under police watch"]
    client = client_for(officer)

    page = html(client.get(reverse("case_detail", args=[case.pk])))
    assert "a woman journalist" in page
    for secret in secrets:
        assert secret not in page, secret
    assert not AuditEntry.objects.filter(action="protected.read").exists()

    assert client.get(reverse("case_reveal", args=[case.pk])).status_code == 405
    revealed = html(client.post(reverse("case_reveal", args=[case.pk])))
    for secret in secrets:
        assert secret in revealed, secret
    # One audit entry for the disclosure, naming every object and field shown, never a value.
    read = AuditEntry.objects.get(action="protected.read", actor_id=officer.pk)
    assert read.object_type == "cases.case"
    assert {o["type"] for o in read.payload["objects"]} == {"cases.case", "cases.affectedparty", "cases.allegation"}
    assert not any(secret in str(read.payload) for secret in secrets)


def test_error_pages_render_without_a_request_or_database(officer: User) -> None:
    from django.template.loader import render_to_string

    assert "Something went wrong" in render_to_string("500.html")
    assert "This form has expired" in render_to_string("403_csrf.html")
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    refused = client.post(reverse("allegation_record"), {"narrative": "no token"})
    assert refused.status_code == 403 and "This form has expired" in html(refused)
    for page in (render_to_string("500.html"), html(refused)):  # the site's own icon, as on every other page
        assert 'rel="icon"' in page and "img/favicon.svg" in page
