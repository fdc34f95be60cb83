"""The pages that show the authenticator's secret and the recovery codes, and those that take a code, are
never stored by the browser: whoever later opens the cache of a shared or stolen computer must not find
the second factor there."""

from __future__ import annotations

import re

import pyotp
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_setup_page_and_the_recovery_codes_are_not_stored(officer):
    client = Client()
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 200 and _no_store(setup)
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', setup.content.decode()).group(1)
    codes = client.post(reverse("two_factor_setup"), {"code": pyotp.TOTP(secret).now(), "next": "/cases/"})
    assert "<code>" in codes.content.decode() and _no_store(codes)


def test_the_code_pages_are_not_stored(officer):
    client = Client()
    client.force_login(officer)
    assert _no_store(client.get(reverse("reauthenticate")))
