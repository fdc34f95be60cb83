"""Filter pages (GET) with a value that cannot be used say so: "These filters cannot be used", never
"Nothing was saved" (which is for forms that save)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _check(response) -> None:
    text = response.content.decode()
    assert response.status_code == 400, response.status_code
    assert "These filters cannot be used:" in text
    assert "Nothing was saved" not in text


def test_the_public_case_list_uses_the_filter_wording(reference):
    _check(Client().get("/public/cases/", {"page": "abc"}))


def test_followup_filter_pages_use_the_filter_wording(officer):
    client = Client()
    client.force_login(officer)
    _check(client.get("/followup/", {"days": "abc"}))
    _check(client.get("/followup/record/", {"date_from": "2016-13-45"}))
