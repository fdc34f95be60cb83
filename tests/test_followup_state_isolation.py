"""A State user can never reach anything else.

A mission user of State A (Bahrain) walks every named web page of every app and every operation of the
API (from the OpenAPI schema), with the ids of State B's (Saudi Arabia's) objects in every path, by GET
and by POST. Each answer is a refusal (403, 404, 405), an input error, or a page of its own State's
portal; none contains a name, reference or protected value of State B, a source's identity, an
internal note, or anything of a case; and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reprisals.cases import services as case_services
from reprisals.cases.models import CaseStatus, ConsentUse
from reprisals.core.access import AUTHENTICATED, PUBLIC
from reprisals.followup import files, services
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, FollowupAttachment, StateResponse
from reprisals.reference.models import Country, Entity, UNBody
from tests.dates import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_case(consenting_case):
    """Communications name these cases, and a case is raised only with its parties' consent."""
    return consenting_case

REFUSED = {403, 404, 405}


def make_world(officer, reviewer, new_case, label: str, country: Country) -> dict[str, Any]:
    """A case of ``country`` with every kind of object, each holding a recognisable text."""
    case = new_case(country=country, title=f"{label} case title", name=f"{label} Party Name")
    case = case_services.case_update(actor=officer, case=case, expected_version=None,
                                     risk_notes=f"{label} risk note")
    party = case.parties.get()
    case_services.party_update(actor=officer, party=party, contact=f"{label}-contact@example.org")
    anonymous = case_services.party_add(actor=officer, case=case, is_anonymous=True,
                                        protected_name=f"{label} Hidden Name", description="a witness")
    case_services.consent_record(actor=officer, party=anonymous, use=ConsentUse.RAISE_WITH_STATE, granted=True,
                                 decided_on=dt.date(2016, 3, 12), note="Through a trusted contact")
    for status in (CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED):
        case = case_services.case_transition(actor=officer, case=case, to_status=status, reason="ok",
                                             expected_version=None)
    allegation = case.allegations.get()
    case_services.allegation_update(actor=officer, allegation=allegation, source_identity=f"{label} Source Identity",
                                    source_contact=f"{label}-source@example.org")
    triage = case_services.allegation_record(actor=officer, country=country, received_on=today(),
                                             narrative=f"{label} triage narrative",
                                             source_entity=Entity.objects.get(code="ISHR"))
    communication = services.communication_record(
        actor=officer, country=country, kind="sp_allegation_letter", un_body=UNBody.objects.get(code="SR-HRD"),
        sent_on=today(), summary=f"{label} letter text", cases=[case], symbol=f"AL {label} 7/2024",
        internal_notes=f"{label} internal note",
        attachments=[files.Upload(f"{label}-sent.pdf", b"%PDF-sent", True),
                     files.Upload(f"{label}-internal.pdf", b"%PDF-internal", False)],
    )
    response = services.response_record(actor=officer, communication=communication, received_on=today(),
                                        summary=f"{label} staff summary of the reply", channel="email")
    assessment = services.assessment_propose(actor=officer, communication=communication, response=response,
                                             level="partial", reason=f"{label} assessment reason")
    development = services.development_record(actor=officer, case=case, kind="release", date="2024",
                                              description=f"{label} development text")
    return {
        "case": case, "party": party, "anonymous": anonymous, "allegation": allegation, "triage": triage,
        "communication": communication, "response": response, "assessment": assessment,
        "development": development, "incident": case.incidents.get(),
        "attachment": communication.attachments.get(visible_to_state=True),
        "internal_attachment": communication.attachments.get(visible_to_state=False),
        "label": label,
    }


def secrets_of(world: dict[str, Any], *, everything: bool) -> list[str]:
    """Texts that must never reach the State user: every protected value, source and internal note; and
    for the other State, everything."""
    label = world["label"]
    never = [f"{label} risk note", f"{label}-contact@example.org", f"{label} Hidden Name", f"{label} Source Identity",
             f"{label}-source@example.org", f"{label} internal note", f"{label} staff summary of the reply",
             f"{label} assessment reason", f"{label}-internal.pdf", f"{label} case title", f"{label} Party Name",
             world["case"].reference, world["allegation"].reference, f"{label} triage narrative"]
    if everything:
        never += [f"AL {label} 7/2024", f"{label} letter text", f"{label}-sent.pdf", f"{label} development text"]
    return never


@pytest.fixture
def worlds(officer, reviewer, new_case):
    own = make_world(officer, reviewer, new_case, "Bahraini", Country.objects.get(iso3="BHR"))
    other = make_world(officer, reviewer, new_case, "Saudi", Country.objects.get(iso3="SAU"))
    return own, other


def snapshot() -> tuple[int, ...]:
    return (Communication.objects.count(), StateResponse.objects.count(), Assessment.objects.count(),
            CaseDevelopment.objects.count(), FollowupAttachment.objects.count(),
            *Communication.objects.order_by("pk").values_list("answered_on", flat=True))


def ids_for(other: dict[str, Any]) -> dict[str, Any]:
    return {
        "case_id": other["case"].pk, "communication_id": other["communication"].pk,
        "assessment_id": other["assessment"].pk, "attachment_id": other["attachment"].pk,
        "allegation_id": other["triage"].pk, "party_id": other["party"].pk, "incident_id": other["incident"].pk,
        "response_id": other["response"].pk, "development_id": other["development"].pk,
        "state": "SAU", "vocabulary": "reprisal_form",
    }


def web_patterns(resolver: Any = None, prefix: str = "", namespace: str = "") -> list[tuple[str, Any]]:
    """Every named pattern below the root, as (namespaced name, pattern); the admin site excepted."""
    resolver = resolver or get_resolver()
    found = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            route = str(p.pattern)
            if route.startswith(("admin/", "api/")):
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found += web_patterns(p, prefix + route, ns)
        elif isinstance(p, URLPattern) and p.name:
            found.append((namespace + p.name, p))
    return found


def url_for(name: str, pattern: URLPattern, ids: dict[str, Any]) -> str:
    kwargs = {}
    for key, converter in getattr(pattern.pattern, "converters", {}).items():
        value = ids.get(key, ids["case_id"])
        kwargs[key] = value if converter.regex != "[0-9]+" or isinstance(value, int) else ids["case_id"]
    return reverse(name, kwargs=kwargs)


def assert_clean(text: str, never: list[str], where: str) -> None:
    leaked = [s for s in never if s in text]
    assert not leaked, f"{where} shows {leaked}"


# ---------------------------------------------------------------- the web pages

# Pages anyone signed in may see (and pages declared @public or for any signed-in user); they show
# nothing of any case. The accounts app's pages (sign-in, second factor, one's own account) too.
OPEN_PAGES = {"login", "logout", "set_language", "dashboard"}
REDIRECTS = {301, 302, 303}
PORTAL_PAGES = {"followup:portal_list", "followup:portal_detail", "followup:portal_respond",
                "followup:portal_attachment"}


def test_a_state_user_reaches_no_page_of_another_state_or_of_the_staff(state_user, worlds):
    own, other = worlds
    never = secrets_of(other, everything=True) + secrets_of(own, everything=False)
    ids = ids_for(other)
    before = snapshot()
    patterns = web_patterns()
    assert any(name == "followup:portal_detail" for name, _p in patterns)
    for name, pattern in patterns:
        url = url_for(name, pattern, ids)
        for method in ("get", "post"):
            client = Client()
            client.force_login(state_user)
            response = getattr(client, method)(url, {"summary": "probe", "note": "probe"})
            where = f"{method.upper()} {url} ({name})"
            body = response.content.decode(errors="replace")
            assert_clean(body + response.get("Location", ""), never, where)
            if response.status_code in REFUSED or response.status_code in REDIRECTS:
                continue  # a redirect's target is itself one of the pages walked
            open_to_all = getattr(pattern.callback, "required_capability", None) in (PUBLIC, AUTHENTICATED)
            own_account = pattern.callback.__module__.startswith("reprisals.accounts.")
            assert name in OPEN_PAGES or name in PORTAL_PAGES or open_to_all or own_account, (
                f"{where} answered {response.status_code}")
    assert snapshot() == before


def test_a_state_users_own_portal_pages_show_nothing_of_cases_sources_or_notes(state_user, worlds):
    own, other = worlds
    never = secrets_of(other, everything=True) + secrets_of(own, everything=False)
    client = Client()
    client.force_login(state_user)
    pages = [reverse("followup:portal_list"), reverse("followup:portal_detail", args=[own["communication"].pk])]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content.decode(), never, url)
    detail = client.get(pages[1]).content.decode()
    assert "Bahraini letter text" in detail and "Bahraini-sent.pdf" in detail
    hidden = client.get(reverse("followup:portal_attachment", args=[own["internal_attachment"].pk]))
    assert hidden.status_code == 404


# ---------------------------------------------------------------- the API

OPEN_OPERATIONS = {("get", "/api/v1/vocabularies/{vocabulary}")}
PORTAL_OPERATIONS_PREFIX = "/api/v1/portal/"


def probe_body(ids: dict[str, Any]) -> dict[str, Any]:
    """One body with the fields most operations need, so that requests reach the access checks."""
    return {
        "summary": "probe", "received_on": today().isoformat(), "channel": "email", "level": "partial",
        "reason": "probe", "note": "probe", "kind": "release", "date": "2024", "description": "probe",
        "title": "probe", "country": "SAU", "version": 1, "to_status": "follow_up", "narrative": "probe",
        "forms": ["travel_ban"], "un_body": "HRC", "sent_on": today().isoformat(), "case_ids": [ids["case_id"]],
        "case_id": ids["case_id"], "name": "probe", "roles": [], "consequences": [],
    }


def test_a_state_user_reaches_no_api_operation_of_another_state_or_of_the_staff(api_as, state_user, worlds):
    own, other = worlds
    never = secrets_of(other, everything=True) + secrets_of(own, everything=False)
    ids = ids_for(other)
    api = api_as(state_user)
    schema = api.get("/api/v1/openapi.json").json()
    before = snapshot()
    operations = [(method, path) for path, item in schema["paths"].items() for method in item
                  if method in {"get", "post", "patch", "put", "delete"}]
    assert ("post", "/api/v1/portal/communications/{communication_id}/responses") in operations
    for method, path in operations:
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), ids["case_id"])), path)
        if method == "get":
            response = api.get(url)
        else:
            response = getattr(api.client, method)(url, data=json.dumps(probe_body(ids)),
                                                   content_type="application/json", headers=api.headers)
        where = f"{method.upper()} {url}"
        assert_clean(response.content.decode(errors="replace"), never, where)
        status = response.status_code
        if status in REFUSED:
            continue
        if status == 422:
            assert response.json()["error"]["code"] == "validation_failed", where
            continue
        assert (method, path) in OPEN_OPERATIONS or (path.startswith(PORTAL_OPERATIONS_PREFIX) and method == "get"
                                                      and "{" not in path), f"{where} answered {status}"
    assert snapshot() == before


def test_the_portal_api_shows_a_state_user_only_its_own_states_communications(api_as, state_user, worlds):
    own, other = worlds
    never = secrets_of(other, everything=True) + secrets_of(own, everything=False)
    api = api_as(state_user)
    listed = api.get("/api/v1/portal/communications")
    assert [c["id"] for c in listed.json()] == [own["communication"].pk]
    detail = api.get(f"/api/v1/portal/communications/{own['communication'].pk}")
    for response in (listed, detail):
        assert_clean(response.content.decode(), never, "portal API")
    assert [a["filename"] for a in detail.json()["attachments"]] == ["Bahraini-sent.pdf"]
