"""Second factor: TOTP codes from an authenticator app, one-time recovery codes, and the lockout.

Every web sign-in needs both factors. A session records when each was last proved, so that
destructive or bulk actions can ask again (``recently_authenticated``).

Failures are counted twice: against the account tried (``MAX_FAILURES`` lock the account) and against
the client's address (``ADDRESS_MAX_FAILURES`` refuse every sign-in attempt from that address), so that
one password tried on many accounts from one address is stopped too. Both count over ``LOCKOUT``.
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
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from reprisals.accounts.models import LoginFailure, RecoveryCode, SignInAddressBlock, TOTPDevice, User
from reprisals.core.audit import audit_record

ISSUER = "Reprisals Tracker"
SESSION_VERIFIED = "2fa_verified_at"
MAX_FAILURES = 5
ADDRESS_MAX_FAILURES = 20
LOCKOUT = dt.timedelta(minutes=15)
REAUTH_SECONDS = 300
RECOVERY_CODES = 10


def client_address(request: HttpRequest | None) -> str:
    """The address failures are counted against: ``REMOTE_ADDR``, as the audit log records it
    (``core.middleware.RequestContextMiddleware``). Behind a proxy, the proxy must set it to the client's
    address (docs/security.md); ``X-Forwarded-For`` is not trusted."""
    return request.META.get("REMOTE_ADDR", "")[:45] if request is not None else ""


def is_locked(username: str) -> bool:
    since = timezone.now() - LOCKOUT
    return LoginFailure.objects.filter(username=username.casefold(), cleared=False,
                                       at__gte=since).count() >= MAX_FAILURES


def _address_failures(ip: str) -> int:
    return LoginFailure.objects.filter(ip=ip[:45], at__gte=timezone.now() - LOCKOUT).count()


def address_throttled(ip: str) -> bool:
    """Whether sign-in attempts from ``ip`` are refused: ``ADDRESS_MAX_FAILURES`` failures from it, on
    any accounts, in the last ``LOCKOUT``. A success from it or from elsewhere does not reset the count."""
    failures = _address_failures(ip)
    if failures < ADDRESS_MAX_FAILURES:
        return False
    _audit_throttle_once(ip, failures)
    return True


def _audit_throttle_once(ip: str, failures: int) -> None:
    """Audit that ``ip`` is refused, once per address in ``LOCKOUT``, even when failures from it arrive
    at the same time: only the writer that moves (or creates) the address's row records the entry."""
    now = timezone.now()
    with transaction.atomic():
        won = SignInAddressBlock.objects.filter(ip=ip[:45], tripped_at__lt=now - LOCKOUT).update(tripped_at=now)
        if not won:
            try:
                with transaction.atomic():
                    SignInAddressBlock.objects.create(ip=ip[:45], tripped_at=now)
                won = True
            except IntegrityError:
                won = False  # refused and audited less than LOCKOUT ago
        if won:
            audit_record(actor=None, action="auth.address_throttled", object_type="", object_id="",
                         payload={"address": ip[:45], "failures": failures})


def record_failure(username: str, ip: str) -> None:
    """Count a failure towards the account's lockout and the address's, and audit it against the account
    tried. The text typed as the user name is not written to the log: it is sometimes the password, typed
    into the wrong box. Failures older than ``LOCKOUT`` count for nothing and are dropped."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - LOCKOUT).delete()
    SignInAddressBlock.objects.filter(tripped_at__lt=now - LOCKOUT).delete()
    LoginFailure.objects.create(username=username.casefold()[:150], ip=ip[:45])
    accounts = list(User.objects.filter(username__iexact=username).values_list("pk", flat=True)[:2])
    known = len(accounts) == 1
    audit_record(actor=None, action="auth.failure", object_type="accounts.user",
                 object_id=str(accounts[0]) if known else "",
                 payload={"locked": is_locked(username), **({} if known else {"unknown_account": True})})
    failures = _address_failures(ip)
    if failures >= ADDRESS_MAX_FAILURES:
        _audit_throttle_once(ip, failures)


def clear_failures(username: str) -> None:
    """After a full sign-in: the account's failures no longer count towards its lockout, but still count
    against the addresses they came from (else signing in to one's own account would reset a sprayer's
    count)."""
    LoginFailure.objects.filter(username=username.casefold(), cleared=False).update(cleared=True)


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
