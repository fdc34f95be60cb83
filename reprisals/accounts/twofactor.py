"""Second factor: TOTP codes from an authenticator app, one-time recovery codes, and the lockout.

Every web sign-in needs both factors. A session records when the second factor was proved
(``SESSION_VERIFIED``, set at sign-in) and, apart, when both factors were last proved again on the
re-authentication page (``SESSION_REAUTHENTICATED``), which destructive or bulk actions ask for
(``recently_authenticated``): a code alone, without the password, never counts as re-authentication.
The session key is changed each time the second factor is proved, so a cookie copied before the code
does not become a signed-in session.

Failures are counted twice: against the account tried (``MAX_FAILURES`` lock the account) and against
the client's address (``ADDRESS_MAX_FAILURES`` refuse every sign-in attempt from that address), so that
one password tried on many accounts from one address is stopped too (an IPv6 address counts by its
/64). Both count over ``LOCKOUT``. The address is ``REMOTE_ADDR``, which ``core.proxies`` sets to the
client's behind the reverse proxies listed in ``REPRISALS_TRUSTED_PROXIES``; a proxy's own address is not
counted. Each attempt is reserved before its password or code is checked (``Attempt``). A failure records
an HMAC of the user name tried, never the name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import secrets
import time
import unicodedata
from typing import Any

import pyotp
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from reprisals.accounts.models import LoginFailure, RecoveryCode, SignInAddressBlock, TOTPDevice, User
from reprisals.core.audit import audit_record
from reprisals.core.proxies import FROM_PROXY, parse_address

ISSUER = "Reprisals Tracker"
SESSION_VERIFIED = "2fa_verified_at"
SESSION_REAUTHENTICATED = "reauthenticated_at"
MAX_FAILURES = 5
ADDRESS_MAX_FAILURES = 20
LOCKOUT = dt.timedelta(minutes=15)
REAUTH_SECONDS = 300
RECOVERY_CODES = 10
ACCOUNT_KEY_SALT = "reprisals.accounts.LoginFailure.username"  # also in migration 0005: never change it


def address_key(ip: str) -> str:
    """What failures from ``ip`` are counted against: an IPv4 address by itself (an IPv4-mapped IPv6
    address as its IPv4 address), an IPv6 address by its /64 ("2001:db8:1:2::/64"), since one home
    connection or server usually holds a whole /64 and could otherwise change address at each attempt."""
    parsed = parse_address(ip)
    if parsed is None:
        return ip[:45]
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def client_address(request: HttpRequest | None) -> str:
    """The key failures from ``request`` are counted against (``address_key``) of ``REMOTE_ADDR``, which
    ``core.proxies.TrustedProxyMiddleware`` sets to the client's address behind the proxies listed in
    ``REPRISALS_TRUSTED_PROXIES``. Empty, so not counted, without a request and when the address is a
    proxy's, shared by all its clients (``core.proxies.FROM_PROXY``): the per-account limit still holds."""
    if request is None or request.META.get(FROM_PROXY):
        return ""
    return address_key(request.META.get("REMOTE_ADDR", ""))


def account_key(username: str) -> str:
    """What a failure records of the user name tried: an HMAC-SHA256 of it, casefolded, keyed from the
    secret key. The text typed is sometimes the password, typed into the wrong box: neither the table
    nor a backup holds it."""
    return salted_hmac(ACCOUNT_KEY_SALT, username.casefold(), algorithm="sha256").hexdigest()


def _account_failures(username: str) -> int:
    since = timezone.now() - LOCKOUT
    return LoginFailure.objects.filter(username=account_key(username), cleared=False, at__gte=since).count()


def is_locked(username: str) -> bool:
    return _account_failures(username) >= MAX_FAILURES


def _address_failures(ip: str) -> int:
    """Recent failures counted against ``ip``, an ``address_key``."""
    if not ip:
        return 0
    return LoginFailure.objects.filter(ip=ip, at__gte=timezone.now() - LOCKOUT).count()


def address_throttled(ip: str) -> bool:
    """Whether sign-in attempts from ``ip`` (an ``address_key``) are refused: ``ADDRESS_MAX_FAILURES``
    failures from it, on any accounts, in the last ``LOCKOUT``. A success from it or from elsewhere does
    not reset the count. An empty key (no address, or a proxy's) is never refused."""
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


PURGE_EVERY = 60.0  # seconds between two purges of stale failures and refusals, in one process
_purged_at: float | None = None  # time.monotonic() of this process's latest purge


def purge_stale() -> None:
    """Drop the failures and the address refusals older than ``LOCKOUT``, at most once a ``PURGE_EVERY`` in
    this process (not at every attempt: two DELETEs each, on the table a sprayer fills). Only housekeeping:
    every count reads the last ``LOCKOUT`` alone, and an address's refusal older than it is renewed in
    place (``_audit_throttle_once``), so a stale row left a little longer changes nothing."""
    global _purged_at
    tick = time.monotonic()
    if _purged_at is not None and 0 <= tick - _purged_at < PURGE_EVERY:
        return
    _purged_at = tick
    since = timezone.now() - LOCKOUT
    LoginFailure.objects.filter(at__lt=since).delete()
    SignInAddressBlock.objects.filter(tripped_at__lt=since).delete()


class Attempt:
    """One attempt at a password or a code, reserved before it is checked, so that attempts in flight at
    the same time cannot all pass the limits (check-then-act): the failure is written first (committed at
    once), then the limits are checked counting it and every other attempt in flight. ``refused`` is
    "throttled" (the address has ``ADDRESS_MAX_FAILURES`` failures besides this one) or "locked" (the
    account has ``MAX_FAILURES``), and then the row is gone and nothing may be checked. Otherwise the
    caller checks, then calls ``failed()`` (the row stays: it is the failure) or ``succeeded()`` (the row
    goes). Attempts in flight count against each other, so at most one attempt beyond the limit is
    checked, and a rare legitimate attempt racing a sprayer's at the limit may be refused with it.

    Use it as a context manager around the check: an exception raised before ``succeeded()`` or
    ``failed()`` (a backend down, a bug) leaves the failure counted and audits it as ``auth.signin_error``
    with the exception's class, so that an error neither withdraws an attempt nor hides it from auditors.

    Failures older than ``LOCKOUT`` count for nothing and are dropped here, at most once a ``PURGE_EVERY``
    (``purge_stale``)."""

    def __init__(self, username: str, ip: str, *, check: bool = True) -> None:
        self.username, self.ip = username, address_key(ip)
        self.refused: str | None = None
        self.judged = False  # succeeded() or failed() done
        purge_stale()
        self.row: LoginFailure | None = LoginFailure.objects.create(username=account_key(username), ip=self.ip)
        if not check:
            return
        others = _address_failures(self.ip) - 1
        if self.ip and others >= ADDRESS_MAX_FAILURES:
            self.refused = "throttled"
        elif _account_failures(username) - 1 >= MAX_FAILURES:
            self.refused = "locked"
        if self.refused:
            self._drop()
            if self.refused == "throttled":
                _audit_throttle_once(self.ip, others)

    def _drop(self) -> None:
        if self.row is not None:
            LoginFailure.objects.filter(pk=self.row.pk).delete()
            self.row = None

    def __enter__(self) -> Attempt:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if exc_type is not None and self.row is not None and not self.judged:
            self._audit_failure("auth.signin_error", {"error": exc_type.__name__})

    def succeeded(self) -> None:
        """The password or code was right: the reserved failure is withdrawn."""
        self._drop()
        self.judged = True

    def failed(self) -> None:
        """Audit the failure against the account tried. The text typed as the user name is not written to
        the log: it is sometimes the password, typed into the wrong box."""
        self._audit_failure("auth.failure", {})

    def _audit_failure(self, action: str, extra: dict[str, Any]) -> None:
        accounts = list(User.objects.filter(username__iexact=self.username).values_list("pk", flat=True)[:2])
        known = len(accounts) == 1
        audit_record(actor=None, action=action, object_type="accounts.user",
                     object_id=str(accounts[0]) if known else "",
                     payload={"locked": is_locked(self.username), **({} if known else {"unknown_account": True}),
                              **extra})
        self.judged = True
        failures = _address_failures(self.ip)
        if failures >= ADDRESS_MAX_FAILURES:
            _audit_throttle_once(self.ip, failures)


def record_failure(username: str, ip: str) -> None:
    """Count a failure towards the account's lockout and the address's (an ``address_key``), and audit it
    against the account tried, without checking the limits first (``Attempt`` does)."""
    Attempt(username, ip, check=False).failed()


def clear_failures(username: str) -> None:
    """After a full sign-in: the account's failures no longer count towards its lockout, but still count
    against the addresses they came from (else signing in to one's own account would reset a sprayer's
    count)."""
    LoginFailure.objects.filter(username=account_key(username), cleared=False).update(cleared=True)


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
    # Digits of any script are read as the digits they are (an Arabic keyboard types ٣ for 3); characters that
    # only look like digits (², ①) are dropped, never compared: the comparison accepts ASCII text only.
    code = "".join(str(unicodedata.decimal(ch)) for ch in code if ch.isdecimal())
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
    """The second factor was proved: the session is signed in. Its key changes (its data kept, the old key
    deleted from the table), so that a cookie obtained between the password and the code, which could
    reach nothing but the second-factor pages, is not the signed-in session."""
    request.session.cycle_key()
    request.session[SESSION_VERIFIED] = int(time.time())


def mark_reauthenticated(request: HttpRequest) -> None:
    """Both factors, the password and a code, were just proved again on the re-authentication page. Only
    that page calls it: the sign-in's second-factor page takes a code alone."""
    mark_verified(request)
    request.session[SESSION_REAUTHENTICATED] = int(time.time())


def is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_VERIFIED))


def recently_authenticated(request: HttpRequest, seconds: int = REAUTH_SECONDS) -> bool:
    """Whether both factors were proved again on the re-authentication page in the last ``seconds``."""
    at: Any = request.session.get(SESSION_REAUTHENTICATED)
    return isinstance(at, int) and time.time() - at <= seconds
