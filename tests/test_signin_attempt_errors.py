"""An error raised while a reserved sign-in attempt is checked (a backend down, a bug) is neither a way round
the limits nor a try hidden from auditors: the failure stays counted and is audited as `auth.signin_error`
with the error's class, against the account tried. Covers the site's and the administration's sign-in,
the second factor and re-authentication."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from reprisals.accounts import twofactor
from reprisals.accounts.forms import AdminOwnPasswordForm, ReauthForm
from reprisals.accounts.models import LoginFailure
from reprisals.core.models import AuditEntry
from tests.conftest import PASSWORD, previous_step_code

pytestmark = pytest.mark.django_db

SPRAYER = "203.0.113.7"


class BackendDown(RuntimeError):
    pass


def broken(*args, **kwargs):
    raise BackendDown("the check could not be done")


def errors() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="auth.signin_error").order_by("seq"))


def post_login(path: str, username: str, password: str):
    client = Client(REMOTE_ADDR=SPRAYER, raise_request_exception=False)
    return client.post(path, {"username": username, "password": password})


def enrolled(user) -> pyotp.TOTP:
    device = twofactor.device_start(user)
    totp = pyotp.TOTP(device.secret)
    assert twofactor.device_confirm(user, previous_step_code(totp))
    return totp


@pytest.fixture
def authenticate_breaks(monkeypatch):
    import django.contrib.auth.forms as auth_forms

    monkeypatch.setattr(auth_forms, "authenticate", broken)


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_an_error_checking_a_password_is_counted_and_audited(officer, authenticate_breaks, path):
    assert post_login(path, "officer", "anything").status_code == 500
    (entry,) = errors()
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(officer.pk))
    assert entry.payload == {"locked": False, "error": "BackendDown"} and entry.ip == SPRAYER
    assert not AuditEntry.objects.filter(action="auth.failure").exists()
    assert LoginFailure.objects.filter(ip=SPRAYER).count() == 1


def test_errors_count_towards_the_lock_and_name_no_text_typed(officer, authenticate_breaks, monkeypatch):
    for _ in range(twofactor.MAX_FAILURES):
        assert post_login("/login/", "officer", "anything").status_code == 500
    assert twofactor.is_locked("officer") and errors()[-1].payload["locked"] is True
    assert post_login("/login/", "someone typed", "x").status_code == 500
    assert errors()[-1].payload == {"locked": False, "error": "BackendDown", "unknown_account": True}
    assert "someone typed" not in str([(e.object_id, e.payload) for e in errors()])
    monkeypatch.undo()
    response = post_login("/login/", "officer", PASSWORD)
    assert response.status_code == 200 and "Too many failed attempts" in response.content.decode()


def test_an_error_checking_a_second_factor_code_is_counted_and_audited(officer, monkeypatch):
    totp = enrolled(officer)
    client = Client(REMOTE_ADDR=SPRAYER, raise_request_exception=False)
    assert client.post(reverse("login"), {"username": "officer", "password": PASSWORD}).status_code == 302
    monkeypatch.setattr(twofactor, "verify", broken)
    assert client.post(reverse("two_factor_verify"), {"code": totp.now()}).status_code == 500
    (entry,) = errors()
    assert entry.object_id == str(officer.pk) and entry.payload["error"] == "BackendDown"
    assert LoginFailure.objects.filter(ip=SPRAYER).count() == 1


def test_an_error_checking_a_re_authentication_is_counted_and_audited(officer, monkeypatch):
    monkeypatch.setattr(twofactor, "verify", broken)
    form = ReauthForm(officer, {"password": PASSWORD, "code": "123456"})
    with pytest.raises(BackendDown):
        form.is_valid()
    (entry,) = errors()
    assert entry.object_id == str(officer.pk) and entry.payload["error"] == "BackendDown"
    assert LoginFailure.objects.count() == 1


def test_an_error_checking_an_administrators_current_password_is_counted_and_audited(admin_user, monkeypatch):
    monkeypatch.setattr(admin_user, "check_password", broken)
    new = "another long passphrase for the admin 2026"
    form = AdminOwnPasswordForm(admin_user, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    with pytest.raises(BackendDown):
        form.is_valid()
    (entry,) = errors()
    assert entry.object_id == str(admin_user.pk) and entry.payload["error"] == "BackendDown"
    assert LoginFailure.objects.count() == 1


def test_a_verdict_is_not_audited_again_as_an_error(officer):
    """A wrong password (a verdict) is one `auth.failure`; a right one leaves nothing behind."""
    assert post_login("/login/", "officer", "wrong").status_code == 200
    assert post_login("/login/", "officer", PASSWORD).status_code == 302
    assert errors() == [] and AuditEntry.objects.filter(action="auth.failure").count() == 1
    assert LoginFailure.objects.count() == 1
