"""Odd codes typed on the second-factor pages. A code is six digits; a digit another script writes (Arabic-Indic
٠-٩, Devanagari, full-width) is the same digit and is read as such, and characters that only look like digits
(superscripts, circled numbers) are not digits: either way the page answers that the code is right or not
right, never with a server error."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from reprisals.accounts import twofactor
from reprisals.core.models import AuditEntry
from tests.conftest import PASSWORD, previous_step_code

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
NOT_DIGITS = ["²²²²²²", "①②③④⑤⑥", "12345٣x", "１２３", "123 456 789", "abcdef", "-" * 20, "0" * 20]


def enrolled(user) -> pyotp.TOTP:
    device = twofactor.device_start(user)
    assert twofactor.device_confirm(user, previous_step_code(pyotp.TOTP(device.secret)))
    return pyotp.TOTP(device.secret)


def signed_in_with_password(username: str) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("code", NOT_DIGITS)
def test_a_code_that_is_not_six_digits_is_not_right(officer, code):
    enrolled(officer)
    client = signed_in_with_password("officer")
    page = client.post(reverse("two_factor_verify"), {"code": code})
    assert page.status_code == 200
    assert "That code is not right." in page.content.decode()
    assert not AuditEntry.objects.filter(action="auth.login").exists()


def test_a_code_of_nul_characters_is_refused_on_the_form(officer):
    enrolled(officer)
    page = signed_in_with_password("officer").post(reverse("two_factor_verify"), {"code": "\x00" * 6})
    assert page.status_code == 200 and 'aria-invalid="true"' in page.content.decode()
    assert not AuditEntry.objects.filter(action="auth.login").exists()


@pytest.mark.parametrize("script", [ARABIC_INDIC, FULL_WIDTH], ids=["arabic-indic", "full-width"])
def test_the_right_code_in_the_digits_of_another_script_opens_the_session(officer, script):
    totp = enrolled(officer)
    client = signed_in_with_password("officer")
    page = client.post(reverse("two_factor_verify"), {"code": totp.now().translate(script)})
    assert page.status_code == 302
    assert AuditEntry.objects.filter(action="auth.login", actor_id=officer.pk).count() == 1


@pytest.mark.parametrize("code", ["²²²²²²", "٣٣٣٣٣٣"])
def test_enrolling_with_a_code_of_odd_digits_is_answered_on_the_form(officer, code):
    client = signed_in_with_password("officer")
    assert client.get(reverse("two_factor_setup")).status_code == 200
    page = client.post(reverse("two_factor_setup"), {"code": code})
    assert page.status_code == 200
    assert "That code is not right." in page.content.decode()


def test_reauthenticating_with_a_code_of_odd_digits_is_refused_on_the_form(officer):
    enrolled(officer)
    client = Client()
    client.force_login(officer)
    page = client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": "²²²²²²", "next": "/cases/"})
    assert page.status_code == 200
    assert "The password or the code is not right." in page.content.decode()
