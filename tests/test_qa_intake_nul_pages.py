"""A NUL character in a web form or address gets a 400 page in the site's style naming the field (the API
keeps its JSON error); a web form over the size limit gets a 413 page saying the limit."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(officer):
    client = Client()
    client.force_login(officer)
    return client


def _is_styled_page(response) -> str:
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "<!doctype html>" in text and 'class="app-footer' in text
    return text


def test_a_nul_in_a_web_form_gets_an_html_page_naming_the_field(client):
    response = client.post(reverse("allegation_record"), "narrative=nul%20%00%20here",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    text = _is_styled_page(response)
    assert "Character not allowed" in text and "“narrative” contains a NUL character" in text
    assert "\x00" not in text


def test_a_nul_in_a_query_gets_an_html_page_naming_the_field(client):
    response = client.get("/cases/?q=%00")
    assert response.status_code == 400
    text = _is_styled_page(response)
    assert "“q” in the address contains a NUL character" in text


def test_the_nul_page_is_in_the_readers_language_and_signed_in(officer):
    client = Client(headers={"accept-language": "fr"})
    client.force_login(officer)
    response = client.get("/cases/?q=%00")
    assert response.status_code == 400
    assert '<html lang="fr"' in response.content.decode()
    assert "officer" in response.content.decode() or reverse("dashboard") in response.content.decode()


def test_the_api_keeps_its_json_error(api_as, officer):
    response = api_as(officer).get("/api/v1/cases", q="a\x00")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert "q" in response.json()["error"]["fields"]


def test_a_public_json_file_answers_a_nul_in_json_too(reference):
    response = Client().get("/san-jose-guidelines.json?on=%00")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["fields"] == {"on": ["must not contain NUL characters"]}


def test_an_over_size_web_form_gets_a_413_page_saying_the_limit(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = "narrative=" + "a" * 2000
    response = client.post(reverse("allegation_record"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    text = _is_styled_page(response)
    assert "larger than the limit of 1000\xa0bytes" in text or "larger than the limit of 1000 bytes" in text
    multipart = client.post(reverse("allegation_record"), {"narrative": "a" * 2000})
    assert multipart.status_code == 413 and "larger than the limit" in multipart.content.decode()
