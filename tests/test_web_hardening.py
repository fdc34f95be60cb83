"""Hardening across the whole site: CSRF on every form, scripts rendered inert, injection strings in
every filter, production settings that pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.cases import services
from reprisals.cases.models import Case
from tests.test_role_matrix import html_routes

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
INJECTIONS = ["' OR '1'='1", '"; DROP TABLE cases_case; --', "1 UNION SELECT password FROM accounts_user", "%' --",
              "\\x00", "*", "NEAR(a b)", "a:*|b"]


def test_every_form_refuses_a_post_without_its_csrf_token(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    accepted = [path for path, _ in html_routes() if client.post(path, {}).status_code != 403]
    assert accepted == [], f"POST accepted without a CSRF token: {accepted}"


def test_script_in_every_text_field_is_rendered_inert_on_the_case_page(officer, new_case, bahrain):
    case = new_case()
    services.case_update(actor=officer, case=case, expected_version=case.version, title=XSS, summary=XSS)
    services.party_add(actor=officer, case=case, name=XSS, description=XSS, name_variants=[XSS])
    services.incident_add(actor=officer, case=case, date="2016", forms=["threats"], place=XSS, description=XSS)
    services.engagement_add(actor=officer, case=case, un_body=services.un_body_by_code("CAT"),
                            kind="individual_complaint", date="2015", description=XSS)
    allegation = services.allegation_record(actor=officer, country=bahrain, received_on=case.created_at.date(),
                                            narrative=XSS)
    services.allegation_attach(actor=officer, allegation=allegation, case=case)
    client = Client()
    client.force_login(officer)
    for url in (reverse("case_detail", args=[case.pk]), reverse("case_list") + "?q=alert", reverse("dashboard")):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page, url
    assert "&lt;script&gt;alert" in client.get(reverse("case_detail", args=[case.pk])).content.decode()


@pytest.mark.parametrize("param", ["q", "country", "regional_group", "un_body", "form", "role", "status", "year",
                                   "risk_level", "cursor"])
def test_injection_strings_in_every_api_filter_are_harmless(param, officer, api_as, new_case):
    new_case()
    api = api_as(officer)
    for value in INJECTIONS:
        response = api.get("/api/v1/cases", **{param: value})
        assert response.status_code in (200, 422), (param, value, response.status_code)
        if response.status_code == 200:
            assert len(response.json()["items"]) <= 1
    assert Case.objects.count() == 1


@pytest.mark.parametrize("param", ["q", "country", "regional_group", "un_body", "form", "role", "status", "year",
                                   "risk_level", "before"])
def test_injection_strings_in_every_list_filter_are_harmless(param, officer, new_case):
    new_case()
    client = Client()
    client.force_login(officer)
    for value in INJECTIONS:
        response = client.get(reverse("case_list"), {param: value})
        assert response.status_code in (200, 400), (param, value, response.status_code)
    assert Case.objects.count() == 1


def test_production_settings_pass_the_deployment_checks_with_only_the_two_keys():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPRISALS_", "DATABASE_URL"))}
    env["REPRISALS_SECRET_KEY"] = "x" * 20 + "deployment-check-secret-key-with-enough-entropy-0123456789"
    env["REPRISALS_DATA_KEY"] = os.environ["REPRISALS_DATA_KEY"]
    result = subprocess.run([sys.executable, "-m", "reprisals.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_its_keys():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPRISALS_", "DATABASE_URL"))}
    result = subprocess.run([sys.executable, "-m", "reprisals.cli", "check"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode != 0 and "REPRISALS_SECRET_KEY" in result.stderr


def test_security_headers_are_sent(officer):
    client = Client()
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_nul_characters_are_refused_by_name_in_queries_bodies_and_forms(officer, api_as):
    api = api_as(officer)
    response = api.post("/api/v1/cases", {"title": "x", "country": "BHR", "assigned_to": "a\u0000b"})
    assert response.status_code == 400 and "assigned_to" in response.json()["error"]["fields"]
    response = api.get("/api/v1/cases", country="B\x00R")
    assert response.status_code == 400 and "country" in response.json()["error"]["fields"]
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("case_list"), {"q": "a\x00"}).status_code == 400
    # Multipart forms: Django's form fields refuse the NUL character on the field itself.
    assert client.post(reverse("allegation_record"), {"narrative": "x\x00"}).status_code == 422
    urlencoded = client.post(reverse("allegation_record"), "narrative=x%00",
                             content_type="application/x-www-form-urlencoded")
    assert urlencoded.status_code == 400
