"""The trackers' web pages: every view declares what it needs, who may see and change what, the strict
CSP rules for templates, and the API's schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "reprisals" / "templates" / "trackers"
STAFF_PAGES = ["trackers:index", "trackers:sanjose_staff", "trackers:ngo_list", "trackers:ngo_deferred",
               "trackers:ngo_waiting", "trackers:ngo_by_state", "trackers:ngo_by_session", "trackers:online_statistics"]
EDIT_PAGES = ["trackers:ngo_add", "trackers:ngo_import"]


def test_every_trackers_view_declares_what_it_needs():
    missing = [p.name for p in get_resolver("reprisals.trackers.urls").url_patterns
               if isinstance(p, URLPattern) and not hasattr(p.callback, "required_capability")]
    assert missing == []
    public = {p.name for p in get_resolver("reprisals.trackers.urls").url_patterns
              if getattr(p.callback, "required_capability", "") == "public"}
    assert public == {"sanjose_public", "sanjose_public_json"}


def test_anonymous_visitors_are_sent_to_sign_in_except_on_the_public_page(reference):
    for name in STAFF_PAGES + EDIT_PAGES:
        response = Client().get(reverse(name))
        assert response.status_code == 302 and "/login" in response["Location"], name
    assert Client().get(reverse("trackers:sanjose_public")).status_code == 200


def test_staff_see_every_page(officer):
    client = client_for(officer)
    for name in STAFF_PAGES + EDIT_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"], name


def test_focal_points_see_trackers_but_cannot_change_them(focal):
    client = client_for(focal)
    assert client.get(reverse("trackers:ngo_list")).status_code == 200
    for name in EDIT_PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    assert client.post(reverse("trackers:sanjose_adoption_add"), {"treaty_body": "CAT"}).status_code == 403


def test_auditors_and_state_users_see_no_tracker_page(auditor, state_user):
    for user in (auditor, state_user):
        client = client_for(user)
        for name in STAFF_PAGES:
            assert client.get(reverse(name)).status_code == 403, (user, name)


def test_templates_follow_the_strict_csp():
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path.name
        assert not re.search(r"\sstyle=", text), path.name
        assert not re.search(r"\son[a-z]+=", text), path.name
        assert "|safe" not in text and "autoescape off" not in text, path.name


def test_user_text_is_escaped(officer):
    from reprisals.trackers import services

    services.ngo_application_create(actor=officer, ngo_name="<script>alert(1)</script> NGO", country="PAK",
                                    applied_on=__import__("datetime").date(2020, 1, 1))
    text = client_for(officer).get(reverse("trackers:ngo_list")).content.decode()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_api_schema_lists_the_trackers_endpoints(api_as, officer):
    paths = api_as(officer).get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/trackers/san-jose/adoptions", "/api/v1/trackers/san-jose/state",
                 "/api/v1/trackers/ngo/applications", "/api/v1/trackers/ngo/import",
                 "/api/v1/trackers/incidents/{incident_id}/evidence", "/api/v1/trackers/online/statistics"):
        assert path in paths, path
