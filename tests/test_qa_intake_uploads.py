"""Upload pages answer a POST that is not multipart with the form and a clear message (4xx), never a
server error, even when a middleware has already read the form-encoded body."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _token(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.cookies["csrftoken"].value if "csrftoken" in response.cookies else client.cookies["csrftoken"].value


def _form_post(client, path):
    token = _token(client, path)
    return client.post(path, "a=b&csrfmiddlewaretoken=" + token, content_type="application/x-www-form-urlencoded")


@pytest.fixture
def case_with_incident(new_case):
    return new_case()


def test_an_ordinary_form_post_to_the_evidence_form_is_refused_with_the_form(officer, case_with_incident):
    client = _csrf_client(officer)
    path = reverse("trackers:evidence_add", kwargs={"case_id": case_with_incident.pk})
    response = _form_post(client, path)
    assert response.status_code == 422
    assert b"multipart/form-data" in response.content and b"<form" in response.content


def test_an_ordinary_form_post_to_the_ngo_import_is_refused_with_the_form(officer):
    client = _csrf_client(officer)
    path = reverse("trackers:ngo_import")
    response = _form_post(client, path)
    assert response.status_code == 422
    assert b"multipart/form-data" in response.content and b"<form" in response.content


def test_the_csrf_check_still_applies_to_a_form_post(officer, case_with_incident):
    client = _csrf_client(officer)
    for path in (reverse("trackers:evidence_add", kwargs={"case_id": case_with_incident.pk}),
                 reverse("trackers:ngo_import")):
        response = client.post(path, "a=b", content_type="application/x-www-form-urlencoded")
        assert response.status_code == 403
