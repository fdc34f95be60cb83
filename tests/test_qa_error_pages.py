"""Error pages (400, 403, 404, 413, 429) take the look of whoever asks: the public look for an anonymous
visitor, never a staff link or the staff-only note; the staff navigation for a signed-in user."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, client_for

STAFF_NOTE = "Confidential. For authorised UN staff only"
PUBLIC_NOTE = "Public information from the Secretary-General's reports"
STAFF_PAGES = ("case_list", "allegation_triage", "intake_triage", "audit_log", "followup:deadlines",
               "reports:period_list")


def _anonymous_pages(settings) -> list:
    client = Client()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    return [
        (404, client.get("/no-such-page/")),
        (400, client.get(reverse("reports:public_cases"), {"q": "a\x00"})),
        (413, client.post(reverse("public_submit"), "what_happened=" + "a" * 2000,
                          content_type="application/x-www-form-urlencoded")),
    ]


@pytest.mark.django_db
def test_anonymous_visitors_get_the_public_look_and_no_staff_link(reference, settings):
    for status, response in _anonymous_pages(settings):
        assert response.status_code == status, (status, response.status_code)
        text = response.content.decode()
        assert STAFF_NOTE not in text and PUBLIC_NOTE in text, status
        staff_links = [f'href="{reverse(name)}"' for name in STAFF_PAGES] + ['href="/admin/"', "Sign out"]
        assert not [link for link in staff_links if link in text], status
        assert reverse("reports:public_home") in text and 'content="noindex, nofollow"' in text


@pytest.mark.django_db
def test_signed_in_staff_get_the_staff_navigation(officer):
    client = client_for(officer)
    for status, response in [(404, client.get("/no-such-page/")), (403, client.get(reverse("audit_log")))]:
        assert response.status_code == status
        text = response.content.decode()
        assert f'href="{reverse("case_list")}"' in text and f'href="{reverse("allegation_triage")}"' in text, status
        assert "Sign out" in text and STAFF_NOTE in text and PUBLIC_NOTE not in text


@pytest.mark.django_db
def test_the_navigation_follows_the_role(auditor):
    client = client_for(auditor)
    text = client.get("/no-such-page/").content.decode()
    assert f'href="{reverse("audit_log")}"' in text and f'href="{reverse("case_list")}"' not in text


@pytest.mark.django_db
def test_a_session_without_the_second_factor_gets_no_menu(officer):
    client = Client()
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Sign out" in text and f'href="{reverse("case_list")}"' not in text


@pytest.mark.django_db
def test_a_form_only_address_opened_as_a_link_says_so_in_the_sites_look(officer, reference):
    """Django answers 405 with an empty page; the site says what happened, keeping the Allow header."""
    client = client_for(officer)
    response = client.get(reverse("logout"))
    assert response.status_code == 405 and "POST" in response["Allow"]
    text = response.content.decode()
    assert "Not available from a link" in text and "use the button there" in text
    assert f'href="{reverse("case_list")}"' in text and STAFF_NOTE in text
    anonymous = Client().get(reverse("logout"))
    assert anonymous.status_code == 405 and "Not available from a link" in anonymous.content.decode()
    assert PUBLIC_NOTE in anonymous.content.decode() and STAFF_NOTE not in anonymous.content.decode()
