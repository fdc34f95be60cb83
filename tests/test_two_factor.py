"""Signing in takes a password and a second factor; failures lock the account for a while."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from reprisals.accounts import twofactor
from reprisals.accounts.models import TOTPDevice
from reprisals.core.models import AuditEntry
from tests.conftest import PASSWORD, previous_step_code

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def enrolled(user) -> pyotp.TOTP:
    device = twofactor.device_start(user)
    secret = device.secret
    # Confirm with the code of the previous step, so that the current one is still usable in the test.
    device_codes = twofactor.device_confirm(user, previous_step_code(pyotp.TOTP(secret)))
    assert device_codes
    return pyotp.TOTP(secret)


def test_a_password_alone_does_not_open_the_register(officer):
    client = Client()
    enrolled(officer)
    response = sign_in(client, "officer")
    assert response.status_code == 302
    response = client.get(reverse("case_list"))
    assert response.status_code == 302 and reverse("two_factor_verify") in response["Location"]


def test_first_sign_in_sets_up_an_authenticator_and_shows_recovery_codes_once(officer):
    client = Client()
    sign_in(client, "officer")
    response = client.get(reverse("case_list"), follow=True)
    assert reverse("two_factor_setup") in response.redirect_chain[-1][0]
    page = response.content.decode()
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert 'src="data:image/svg+xml;base64,' in page
    response = client.post(reverse("two_factor_setup"), {"code": pyotp.TOTP(secret).now(), "next": "/cases/"})
    codes = re.findall(r"<code>([0-9a-f]{4}(?:-[0-9a-f]{4}){3})</code>", response.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("case_list")).status_code == 200
    assert TOTPDevice.objects.get(user=officer).confirmed_at is not None


def test_a_right_code_opens_the_session_and_a_code_cannot_be_replayed(officer):
    totp = enrolled(officer)
    client = Client()
    sign_in(client, "officer")
    code = totp.now()
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("case_list")).status_code == 200
    other = Client()
    sign_in(other, "officer")
    response = other.post(reverse("two_factor_verify"), {"code": code})
    assert response.status_code == 200 and "not right" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.login", actor_id=officer.pk).count() == 1


def test_a_recovery_code_works_once(officer):
    enrolled(officer)
    code = twofactor.recovery_codes_renew(officer)[0]
    client = Client()
    sign_in(client, "officer")
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    client2 = Client()
    sign_in(client2, "officer")
    assert client2.post(reverse("two_factor_verify"), {"code": code}).status_code == 200


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(officer):
    client = Client()
    for _ in range(5):
        assert sign_in(client, "officer", "wrong password").status_code == 200
    response = sign_in(client, "officer")
    assert response.status_code == 200 and "Too many failed attempts" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.failure").count() == 5


def test_wrong_second_factor_codes_count_towards_the_lockout(officer):
    enrolled(officer)
    client = Client()
    sign_in(client, "officer")
    for _ in range(5):
        client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert twofactor.is_locked("officer")
    assert "Too many failed attempts" in sign_in(Client(), "officer").content.decode()


def test_the_next_parameter_cannot_redirect_off_site(officer):
    totp = enrolled(officer)
    client = Client()
    sign_in(client, "officer")
    response = client.post(reverse("two_factor_verify"), {"code": totp.now(), "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard")
    client = Client()
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD,
                                              "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")


def test_reauthentication_needs_password_and_a_fresh_code(officer):
    totp = enrolled(officer)
    client = Client()
    client.force_login(officer)
    bad = client.post(reverse("reauthenticate"), {"password": "nope", "code": totp.now(), "next": "/cases/"})
    assert bad.status_code == 200
    step_after = totp.at(time.time() + 30)
    good = client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": step_after, "next": "/cases/"})
    assert good.status_code == 302 and good["Location"] == "/cases/"


def test_sessions_are_short_and_end_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE <= 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_SAVE_EVERY_REQUEST


def test_production_hashes_passwords_with_argon2():
    import reprisals.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_bulk_export_asks_for_both_factors_again_after_five_minutes(officer, new_case):
    from reprisals.accounts.twofactor import SESSION_REAUTHENTICATED

    new_case()
    client = Client()
    client.force_login(officer)
    url = reverse("intake_export", args=["json"])
    assert client.get(url).status_code == 200
    session = client.session
    session[SESSION_REAUTHENTICATED] = int(time.time()) - 600
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("reauthenticate"))
