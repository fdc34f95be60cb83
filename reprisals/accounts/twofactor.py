"""Second factor: TOTP codes from an authenticator app, one-time recovery codes, and the lockout.

Every web sign-in needs both factors. A session records when each was last proved, so that
destructive or bulk actions can ask again (``recently_authenticated``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from typing import Any

import pyotp
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from reprisals.accounts.models import LoginFailure, RecoveryCode, TOTPDevice, User
from reprisals.core.audit import audit_record

ISSUER = "Reprisals Tracker"
SESSION_VERIFIED = "2fa_verified_at"
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
REAUTH_SECONDS = 300
RECOVERY_CODES = 10


def is_locked(username: str) -> bool:
    since = timezone.now() - LOCKOUT
    return LoginFailure.objects.filter(username=username.casefold(), at__gte=since).count() >= MAX_FAILURES


def record_failure(username: str, ip: str) -> None:
    """Count a failure towards the lockout and audit it against the account tried. The text typed as the
    user name is not written to the log: it is sometimes the password, typed into the wrong box."""
    LoginFailure.objects.create(username=username.casefold()[:150], ip=ip[:45])
    accounts = list(User.objects.filter(username__iexact=username).values_list("pk", flat=True)[:2])
    known = len(accounts) == 1
    audit_record(actor=None, action="auth.failure", object_type="accounts.user",
                 object_id=str(accounts[0]) if known else "",
                 payload={"locked": is_locked(username), **({} if known else {"unknown_account": True})})


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.casefold()).delete()


def device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


@transaction.atomic
def device_start(user: User) -> TOTPDevice:
    """A fresh, unconfirmed secret for the setup page (replacing any earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed_at__isnull=True).delete()
    if device_for(user):
        raise ValueError("two-factor authentication is already set up for this account")
    return TOTPDevice.objects.create(user=user, secret=pyotp.random_base32())


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.get_username(), issuer_name=ISSUER)


def _accept_code(device: TOTPDevice, code: str) -> bool:
    """Valid for the current 30-second step or one either side; never the same step twice."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(device.secret)
    now_step = int(time.time()) // 30
    for step in (now_step - 1, now_step, now_step + 1):
        if step > device.last_step and secrets.compare_digest(totp.at(step * 30), code):
            TOTPDevice.objects.filter(pk=device.pk).update(last_step=step)
            return True
    return False


@transaction.atomic
def device_confirm(user: User, code: str) -> list[str] | None:
    """Confirm the device with a first code; returns new recovery codes (shown once) or None."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if device is None or not _accept_code(device, code):
        return None
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    audit_record(actor=user, action="2fa.enrol", obj=user)
    return recovery_codes_renew(user)


def _code_digest(code: str) -> str:
    """Keyed with the server secret: a stolen database alone does not allow guessing codes offline."""
    key = hashlib.sha256(b"recovery-codes:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, code.strip().lower().encode(), hashlib.sha256).hexdigest()


def recovery_codes_renew(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = ["-".join(secrets.token_hex(2) for _ in range(4)) for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_code_digest(c)) for c in codes])
    return codes


@transaction.atomic
def verify(user: User, code: str) -> str | None:
    """Check a TOTP code or an unused recovery code; returns "totp", "recovery" or None."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is not None and _accept_code(device, code):
        return "totp"
    digest = _code_digest(code)
    for recovery in RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True):
        if hmac.compare_digest(digest, recovery.code_hash):
            recovery.used_at = timezone.now()
            recovery.save(update_fields=["used_at"])
            audit_record(actor=user, action="2fa.recovery_code_used", obj=user)
            return "recovery"
    return None


def mark_verified(request: HttpRequest) -> None:
    request.session[SESSION_VERIFIED] = int(time.time())


def is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_VERIFIED))


def recently_authenticated(request: HttpRequest, seconds: int = REAUTH_SECONDS) -> bool:
    at: Any = request.session.get(SESSION_VERIFIED)
    return isinstance(at, int) and time.time() - at <= seconds
