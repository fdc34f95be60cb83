"""Re-authentication needs the password and a code together, and the session key changes when the second
factor is proved.

- Export, erase and restore ask for a recent re-authentication. Only the re-authentication page records
  one, and it checks the password and a code together. The sign-in's second-factor pages send a session
  that has already proved the second factor on: they take no code from it and record nothing. So a code
  alone (a recovery code from a drawer, a glance at the phone) never unlocks an export or an erasure.
- A cookie copied between the password and the code does not become the signed-in session: the key
  changes when the code is proved (at sign-in, at enrolment, or when re-authenticating a session that had
  only proved its password), and the old key is gone from the table.
"""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from reprisals.accounts import twofactor
from reprisals.accounts.models import LoginFailure, RecoveryCode, TOTPDevice
from reprisals.accounts.twofactor import SESSION_REAUTHENTICATED, SESSION_VERIFIED
from reprisals.core.models import AuditEntry
from reprisals.core.sessions import SessionStore, stored_key
from tests.conftest import PASSWORD, previous_step_code

pytestmark = pytest.mark.django_db
COOKIE = settings.SESSION_COOKIE_NAME


def enrolled(user) -> tuple[pyotp.TOTP, list[str]]:
    """An authenticator confirmed with the previous step's code (the current one stays usable), and the
    recovery codes."""
    device = twofactor.device_start(user)
    totp = pyotp.TOTP(device.secret)
    codes = twofactor.device_confirm(user, previous_step_code(totp))
    assert codes
    return totp, codes


def export_url() -> str:
    return reverse("intake_export", args=["json"])


def asks_to_reauthenticate(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("reauthenticate"))


def signed_in_long_ago(user) -> Client:
    """A session that proved both factors ten minutes ago: export and erasure ask again."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED] = session[SESSION_REAUTHENTICATED] = int(time.time()) - 600
    session.save()
    return client


def cookie_of(client: Client) -> str:
    return client.cookies[COOKIE].value


def with_cookie(value: str) -> Client:
    client = Client()
    client.cookies[COOKIE] = value
    return client


def half_signed_in(user) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("kind", ["recovery code", "app code"])
def test_the_second_factor_page_takes_no_code_from_a_signed_in_session(officer, new_case, kind):
    new_case()
    totp, codes = enrolled(officer)
    code = codes[0] if kind == "recovery code" else totp.now()
    client = signed_in_long_ago(officer)
    url = export_url()
    assert asks_to_reauthenticate(client.get(url))
    before = client.session[SESSION_REAUTHENTICATED]
    failures = LoginFailure.objects.count()

    response = client.post(reverse("two_factor_verify"), {"code": code, "next": url})
    assert response.status_code == 302 and response["Location"] == url  # sent on, the code not looked at
    assert asks_to_reauthenticate(client.get(url))  # still: a code alone is no re-authentication
    assert client.session[SESSION_REAUTHENTICATED] == before
    assert not RecoveryCode.objects.filter(user=officer, used_at__isnull=False).exists()
    assert TOTPDevice.objects.get(user=officer).last_step < int(time.time()) // 30  # the app code is unused
    assert LoginFailure.objects.count() == failures
    assert not AuditEntry.objects.filter(action__in=["auth.login", "2fa.recovery_code_used"]).exists()

    # the code is still good for a real re-authentication, with the password
    response = client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": code, "next": url})
    assert response.status_code == 302 and response["Location"] == url
    export = client.get(url)
    assert export.status_code == 200 and b"RT-" in export.content


def test_the_second_factor_pages_send_a_signed_in_session_on(officer):
    client = signed_in_long_ago(officer)  # no authenticator enrolled
    for page in ("two_factor_setup", "two_factor_verify"):
        response = client.get(reverse(page), {"next": "/cases/"})
        assert response.status_code == 302 and response["Location"] == "/cases/"
    assert not TOTPDevice.objects.filter(user=officer).exists()  # no new secret was started
    response = client.post(reverse("two_factor_setup"), {"code": "123456", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")

    enrolled(officer)
    response = client.get(reverse("two_factor_setup"), {"next": "/cases/"})
    assert response.status_code == 302 and response["Location"] == "/cases/"


def test_signing_in_with_both_factors_is_not_a_re_authentication(officer, new_case):
    new_case()
    totp, codes = enrolled(officer)
    client = half_signed_in(officer)
    url = export_url()
    response = client.post(reverse("two_factor_verify"), {"code": totp.now(), "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(reverse("case_list")).status_code == 200  # signed in
    assert asks_to_reauthenticate(client.get(url))  # but the export asks for the password again

    response = client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": codes[0], "next": url})
    assert response.status_code == 302
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="auth.reauthenticate").count() == 1


@pytest.mark.parametrize("form", [{"code": "CODE"}, {"password": PASSWORD}, {"password": "wrong", "code": "CODE"}])
def test_re_authentication_needs_the_password_and_a_code_together(officer, new_case, form):
    new_case()
    totp, _ = enrolled(officer)
    client = signed_in_long_ago(officer)
    url = export_url()
    data = {key: (totp.now() if value == "CODE" else value) for key, value in form.items()}
    response = client.post(reverse("reauthenticate"), {**data, "next": url})
    assert response.status_code == 200
    assert asks_to_reauthenticate(client.get(url))


def test_a_locked_account_cannot_re_authenticate_even_with_the_right_password_and_code(officer, new_case):
    new_case()
    totp, codes = enrolled(officer)
    client = signed_in_long_ago(officer)
    url = export_url()
    for _ in range(twofactor.MAX_FAILURES):
        response = client.post(reverse("reauthenticate"), {"password": "wrong", "code": "000000", "next": url})
        assert response.status_code == 200
    response = client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": codes[0], "next": url})
    assert response.status_code == 200 and "Try again in 15 minutes" in response.content.decode()
    assert asks_to_reauthenticate(client.get(url))
    # and the sign-in's second-factor page is no way around the lock: it takes no code from this session
    client.post(reverse("two_factor_verify"), {"code": codes[1], "next": url})
    assert asks_to_reauthenticate(client.get(url))


def test_a_cookie_copied_before_the_code_is_not_the_signed_in_session(officer):
    totp, _ = enrolled(officer)
    victim = half_signed_in(officer)
    copied = cookie_of(victim)
    attacker = with_cookie(copied)
    assert attacker.get(reverse("case_list")).status_code == 302  # the second factor is needed

    assert victim.post(reverse("two_factor_verify"), {"code": totp.now(), "next": "/cases/"}).status_code == 302
    assert cookie_of(victim) != copied
    assert victim.get(reverse("case_list")).status_code == 200  # the officer stays signed in
    response = attacker.get(reverse("case_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))  # signed out
    assert list(Session.objects.values_list("session_key", flat=True)) == [stored_key(cookie_of(victim))]


def test_the_key_changes_when_the_first_authenticator_is_confirmed(officer):
    client = half_signed_in(officer)
    page = client.get(reverse("two_factor_setup")).content.decode()
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)
    copied = cookie_of(client)
    response = client.post(reverse("two_factor_setup"), {"code": pyotp.TOTP(secret).now(), "next": "/cases/"})
    assert response.status_code == 200 and "recovery-codes" in response.content.decode()
    assert cookie_of(client) != copied
    assert client.get(reverse("case_list")).status_code == 200
    assert with_cookie(copied).get(reverse("case_list"))["Location"].startswith(reverse("login"))


def test_the_key_changes_when_a_half_signed_in_session_re_authenticates(officer):
    totp, _ = enrolled(officer)
    client = half_signed_in(officer)
    copied = cookie_of(client)
    response = client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": totp.now(), "next": "/cases/"})
    assert response.status_code == 302
    assert cookie_of(client) != copied
    assert client.get(reverse("case_list")).status_code == 200
    assert with_cookie(copied).get(reverse("case_list"))["Location"].startswith(reverse("login"))


def test_the_hashed_store_cycles_a_key_keeping_the_data_and_dropping_the_old_row():
    store = SessionStore()
    store["marker"] = "kept"
    store.save()
    old = store.session_key
    store.cycle_key()
    store.save()
    new = store.session_key
    assert new != old and store["marker"] == "kept"
    assert not store.exists(old) and store.exists(new)
    assert list(Session.objects.values_list("session_key", flat=True)) == [stored_key(new)]
    assert SessionStore(new)["marker"] == "kept"
    assert "marker" not in SessionStore(old).load()
