"""The role matrix: every role against every page and every API operation.

Each HTML view declares the capability it needs (``@requires`` / ``@public``); each API operation
declares it in the OpenAPI schema (``x-capability``). This test walks them all, so a new page or
operation without a rule fails here, and checks that each role gets in exactly where its
capabilities say: denied is 403 (or the sign-in page for anonymous visitors), allowed is anything
but 403 (a page, a redirect, 404 for an id that does not exist, 405, 422 for missing input).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from reprisals.accounts.middleware import SECOND_FACTOR_PAGES
from reprisals.accounts.roles import CAPABILITIES, Role
from reprisals.core.access import AUTHENTICATED, PUBLIC

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = {
    Role.SUBMITTER: "submitter", Role.FOCAL_POINT: "focal", Role.CASE_OFFICER: "officer",
    Role.REVIEWER: "reviewer", Role.SENIOR_OFFICIAL: "senior", Role.STATE: "state_user",
    Role.AUDITOR: "auditor", Role.ADMIN: "admin_user",
}
# Django's admin and the API (with its JSON 404 for paths naming no operation) live under their own
# permission systems, tested separately.
SKIPPED_PREFIXES = ("admin/", "api/v1/", "^api/")


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def concrete(route: str) -> str:
    route = re.sub(r"<(?:int:)?\w+>", "999999", route)
    route = re.sub(r"<(?:str|slug):\w+>", "zzz", route)
    route = re.sub(r"<path:\w+>", "zzz", route)
    return "/" + route.lstrip("^").rstrip("$")


def html_routes() -> list[tuple[str, Any]]:
    routes = []
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or route.startswith("static/"):
            continue
        routes.append((concrete(route), pattern.callback))
    return routes


def test_every_page_declares_who_may_use_it():
    undeclared = [path for path, view in html_routes() if not hasattr(view, "required_capability")]
    assert undeclared == [], f"pages without @requires/@public: {undeclared}"


def expected_allowed(cap: str, role: str) -> bool:
    if cap in (PUBLIC, AUTHENTICATED, SECOND_FACTOR_PAGES):
        return True
    return cap in CAPABILITIES[role]


@pytest.mark.parametrize("role", list(ROLE_FIXTURES))
def test_each_role_reaches_exactly_the_pages_its_capabilities_allow(role, request):
    user = request.getfixturevalue(ROLE_FIXTURES[role])
    client = Client()
    client.force_login(user)
    wrong = []
    for path, view in html_routes():
        cap = view.required_capability
        status = client.get(path).status_code
        if expected_allowed(cap, role):
            if status == 403:
                wrong.append(f"{path} ({cap}) should be allowed, got 403")
        elif status != 403:
            wrong.append(f"{path} ({cap}) should be 403, got {status}")
    assert wrong == []


def test_anonymous_visitors_reach_only_public_pages():
    client = Client()
    wrong = []
    for path, view in html_routes():
        status = client.get(path).status_code
        if view.required_capability == PUBLIC:
            continue
        response = client.get(path)
        if not (response.status_code == 302 and "/login/" in response["Location"]):
            wrong.append(f"{path}: {status}")
    assert wrong == []


def api_operations(client: Client) -> list[tuple[str, str, dict]]:
    schema = client.get("/api/v1/openapi.json").json()
    ops = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            ops.append((method, path, op))
    return ops


def test_every_api_operation_declares_its_capability(officer, api_as):
    missing = [f"{m.upper()} {p}" for m, p, op in api_operations(api_as(officer).client) if "x-capability" not in op]
    assert missing == [], f"API operations without x-capability: {missing}"


@pytest.mark.parametrize("role", list(ROLE_FIXTURES))
def test_each_role_reaches_exactly_the_api_operations_its_capabilities_allow(role, request, api_as):
    user = request.getfixturevalue(ROLE_FIXTURES[role])
    api = api_as(user)
    wrong = []
    for method, path, op in api_operations(api.client):
        cap = op.get("x-capability")
        if cap is None:
            continue
        url = re.sub(r"\{\w+\}", "999999", path)
        response = api.get(url) if method == "get" else getattr(api, method, api.post)(url, {})
        allowed = expected_allowed(cap, role)
        if allowed and response.status_code == 403:
            wrong.append(f"{method.upper()} {path} ({cap}) should be allowed, got 403")
        if not allowed and response.status_code != 403:
            wrong.append(f"{method.upper()} {path} ({cap}) should be 403, got {response.status_code}")
    assert wrong == []
