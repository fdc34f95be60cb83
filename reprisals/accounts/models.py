"""Accounts: users with one role, tied to an entity (focal points, submitters) or a State (missions)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reprisals.accounts.roles import Role
from reprisals.core.fields import EncryptedCharField


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    entity = models.ForeignKey(
        "reference.Entity", verbose_name=_("entity"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("State (mission users)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mission_users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.STATE) | Q(country__isnull=False), name="state_user_has_country"
            ),
            models.CheckConstraint(
                condition=~Q(role__in=[Role.FOCAL_POINT, Role.SUBMITTER]) | Q(entity__isnull=False),
                name="entity_user_has_entity",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


TOKEN_DAYS = 90  # a new token's lifetime unless ``--days`` says otherwise
TOKEN_MAX_DAYS = 365  # the longest lifetime a token may be given, at creation or renewal
TOKEN_IDLE_DAYS = 30  # a token unused for longer stops working, whatever its expiry


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 of the secret is stored; the secret is shown once.

    A token stops working at ``expires_at`` (set at creation, moved by a renewal), and once it has been
    idle for more than ``TOKEN_IDLE_DAYS``: unused since the latest of its creation, renewal and use."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    renewed_at = models.DateTimeField(_("renewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def idle_since(self) -> dt.datetime:
        return idle_since(self.created_at, self.renewed_at, self.last_used_at)

    def lapse(self, now: dt.datetime) -> str | None:
        """``"expired"`` past its expiry, ``"idle"`` unused for too long, else None (revocation aside)."""
        return token_lapse(now, self.expires_at, self.created_at, self.renewed_at, self.last_used_at)

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def idle_since(created: dt.datetime, renewed: dt.datetime | None, used: dt.datetime | None) -> dt.datetime:
    """When a token's idle time began: the latest of its creation, renewal and last use."""
    return max(t for t in (created, renewed, used) if t is not None)


def token_lapse(now: dt.datetime, expires: dt.datetime, created: dt.datetime, renewed: dt.datetime | None,
                used: dt.datetime | None) -> str | None:
    if now >= expires:
        return "expired"
    if now - idle_since(created, renewed, used) > dt.timedelta(days=TOKEN_IDLE_DAYS):
        return "idle"
    return None


class TOTPDevice(models.Model):
    """A time-based one-time password app (RFC 6238) bound to an account; the secret is encrypted."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedCharField(_("secret"), max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0, help_text=_("Last time step accepted; older codes are replays"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("two-factor device")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} · {self.user}"



class RecoveryCode(models.Model):
    """A one-time code for when the phone is lost. Stored as a password hash; shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} · {self.user}"



class LoginFailure(models.Model):
    """A failed sign-in (password or second factor), counted for the lockout of the account tried and of
    the address it came from. ``cleared`` once the account signed in: it then counts for the address only.
    ``username`` holds ``twofactor.account_key`` of the name tried (an HMAC keyed from the secret key),
    never the text typed; ``ip`` holds ``twofactor.address_key`` (an IPv6 address's /64)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=45, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    cleared = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("failed sign-in")
        indexes = [models.Index(fields=["ip", "at"], name="loginfailure_ip_at")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} · {self.ip} · {self.at:%Y-%m-%d %H:%M}"


class SignInAddressBlock(models.Model):
    """When sign-in attempts from an address were last refused for too many failures (audited then):
    the refusal is audited once per address in the lockout's window."""

    ip = models.CharField(max_length=45, unique=True)
    tripped_at = models.DateTimeField()

    class Meta:
        verbose_name = _("refused sign-in address")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} · {self.ip} · {self.tripped_at:%Y-%m-%d %H:%M}"
