"""Sign-in failures are counted against the client's address as well as the account: a password sprayer
trying one password on many accounts from one address is refused (429) after 20 failures in 15
minutes, on every page that takes a password or a code, without affecting other addresses. The
refusal is audited once, with the address and the count, never a user name or a password tried."""

from __future__ import annotations

import datetime as dt
import json
import time

import pyotp
import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from reprisals.accounts import twofactor
from reprisals.accounts.models import LoginFailure, SignInAddressBlock
from reprisals.core.models import AuditEntry
from tests.conftest import PASSWORD, previous_step_code

pytestmark = pytest.mark.django_db

SPRAYER = "203.0.113.7"
OFFICE = "198.51.100.20"
SPRAYED = "Spring2026!Spring2026!"
REFUSED = "Too many failed sign-in attempts from your network"
LIMIT = twofactor.ADDRESS_MAX_FAILURES


def from_address(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def spray(ip: str, count: int, start: int = 0) -> None:
    """``count`` wrong passwords from ``ip``, each on another account (most of them do not exist)."""
    client = from_address(ip)
    for n in range(start, start + count):
        response = client.post(reverse("login"), {"username": f"person{n}", "password": SPRAYED})
        assert response.status_code == 200 and "Please enter a correct" in response.content.decode()


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def enrolled(user) -> pyotp.TOTP:
    device = twofactor.device_start(user)
    totp = pyotp.TOTP(device.secret)
    assert twofactor.device_confirm(user, previous_step_code(totp))
    return totp


def throttle_audits() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="auth.address_throttled").order_by("seq"))


def move_back(minutes: int) -> None:
    """The clock moves on: every stored failure and refusal happened ``minutes`` earlier."""
    LoginFailure.objects.update(at=F("at") - dt.timedelta(minutes=minutes))
    SignInAddressBlock.objects.update(tripped_at=F("tripped_at") - dt.timedelta(minutes=minutes))


def test_twenty_failures_on_many_accounts_from_one_address_refuse_even_the_right_password(officer):
    spray(SPRAYER, LIMIT - 1)
    assert sign_in(from_address(SPRAYER), "officer", "wrong password").status_code == 200  # the 20th
    failures = LoginFailure.objects.count()
    client = from_address(SPRAYER)
    response = sign_in(client, "officer")
    assert response.status_code == 429
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.count() == failures  # a refused attempt is not even checked
    assert not twofactor.is_locked("officer")  # the account itself is not locked: one failure


def test_nineteen_failures_do_not_refuse(officer):
    spray(SPRAYER, LIMIT - 1)
    assert sign_in(from_address(SPRAYER), "officer").status_code == 302


def test_another_address_is_not_affected(officer):
    spray(SPRAYER, LIMIT)
    assert sign_in(from_address(SPRAYER), "officer").status_code == 429
    assert sign_in(from_address(OFFICE), "officer").status_code == 302


def test_a_success_does_not_reset_the_count_of_an_address(officer):
    """The sprayer's tries included the officer's account; the officer then signs in fully from the office
    (which clears the account's failures). The sprayer's address keeps all of its failures."""
    client = from_address(SPRAYER)
    for _ in range(4):
        assert sign_in(client, "officer", SPRAYED).status_code == 200
    spray(SPRAYER, LIMIT - 5)
    totp = enrolled(officer)
    office = from_address(OFFICE)
    assert sign_in(office, "officer").status_code == 302
    assert office.post(reverse("two_factor_verify"), {"code": totp.now()}).status_code == 302
    assert not twofactor.is_locked("officer")
    spray(SPRAYER, 1, start=100)  # the 20th from the sprayer
    assert sign_in(from_address(SPRAYER), "officer").status_code == 429
    assert sign_in(from_address(OFFICE), "officer").status_code == 302


def test_a_success_from_the_address_itself_does_not_reset_it(officer, officer2):
    """A sprayer holding one account of its own cannot clear its count by signing in to it."""
    spray(SPRAYER, LIMIT - 1)
    assert sign_in(from_address(SPRAYER), "officer2").status_code == 302
    twofactor.clear_failures("officer2")
    spray(SPRAYER, 1, start=100)
    assert sign_in(from_address(SPRAYER), "officer").status_code == 429


def test_the_refusal_ends_with_the_window(officer):
    spray(SPRAYER, LIMIT)
    assert sign_in(from_address(SPRAYER), "officer").status_code == 429
    move_back(14)
    assert sign_in(from_address(SPRAYER), "officer").status_code == 429
    move_back(2)
    assert sign_in(from_address(SPRAYER), "officer").status_code == 302


def test_the_refusal_is_audited_once_with_the_address_and_count_only(officer):
    spray(SPRAYER, LIMIT)
    for _ in range(3):
        assert sign_in(from_address(SPRAYER), "officer").status_code == 429
    (entry,) = throttle_audits()
    assert entry.payload == {"address": SPRAYER, "failures": LIMIT}
    assert entry.actor_id is None and entry.ip == SPRAYER
    text = json.dumps(entry.payload) + entry.object_type + entry.object_id
    assert "person" not in text and "officer" not in text and SPRAYED not in text and PASSWORD not in text
    assert AuditEntry.objects.filter(action="auth.failure").count() == LIMIT  # refusals are not failures
    # After the window, a new round of failures is a new refusal, audited again.
    move_back(16)
    spray(SPRAYER, LIMIT, start=100)
    assert sign_in(from_address(SPRAYER), "officer").status_code == 429
    assert len(throttle_audits()) == 2


def test_the_second_factor_step_counts_and_refuses_by_address(officer):
    totp = enrolled(officer)
    spray(SPRAYER, LIMIT - 4)
    client = from_address(SPRAYER)
    assert sign_in(client, "officer").status_code == 302
    for _ in range(4):
        response = client.post(reverse("two_factor_verify"), {"code": "000000"})
        assert response.status_code == 200 and "not right" in response.content.decode()
    assert not twofactor.is_locked("officer")
    response = client.post(reverse("two_factor_verify"), {"code": totp.now()})
    assert response.status_code == 429 and REFUSED in response.content.decode()
    assert reverse("two_factor_verify") in client.get(reverse("case_list"))["Location"]  # not signed in
    office = from_address(OFFICE)
    assert sign_in(office, "officer").status_code == 302
    assert office.post(reverse("two_factor_verify"), {"code": totp.at(time.time() + 30)}).status_code == 302


def test_the_administration_sign_in_is_refused_too(admin_user):
    spray(SPRAYER, LIMIT)
    response = from_address(SPRAYER).post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429 and REFUSED in response.content.decode()
    assert from_address(OFFICE).post("/admin/login/", {"username": "admin", "password": PASSWORD}).status_code == 302


def test_the_administration_sign_in_counts_towards_the_address(admin_user):
    client = from_address(SPRAYER)
    for n in range(LIMIT):
        assert client.post("/admin/login/", {"username": f"admin{n}", "password": SPRAYED}).status_code == 200
    assert sign_in(from_address(SPRAYER), "admin").status_code == 429


def test_re_authentication_is_refused_from_a_refused_address(officer):
    totp = enrolled(officer)
    client = from_address(SPRAYER)
    client.force_login(officer)
    spray(SPRAYER, LIMIT)
    response = client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": totp.now(), "next": "/cases/"})
    assert response.status_code == 429 and REFUSED in response.content.decode()


def test_the_administrations_password_change_is_refused_from_a_refused_address(admin_user):
    client = from_address(SPRAYER)
    client.force_login(admin_user)
    spray(SPRAYER, LIMIT)
    new = "another long passphrase for the admin 2026"
    response = client.post("/admin/password_change/", {"old_password": PASSWORD, "new_password1": new,
                                                        "new_password2": new})
    assert response.status_code == 429 and REFUSED in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)
