"""Writes to accounts: creating users and API tokens, audited."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.models import TOKEN_DAYS, TOKEN_MAX_DAYS, ApiToken, User
from reprisals.accounts.roles import Role
from reprisals.core.audit import audit_record
from reprisals.core.errors import ValidationFailed
from reprisals.core.services import changed_fields, validate
from reprisals.core.text import refuse_control_in, refuse_control_text
from reprisals.reference.models import Country, Entity

TOKEN_PREFIX = "rt_"


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    role: str,
    password: str | None = None,
    country: Country | None = None,
    entity: Entity | None = None,
    email: str = "",
    full_name: str = "",
) -> User:
    """Create an account with one role. Without a password the account can use API tokens only."""
    if role not in Role.values:
        raise ValidationFailed.single("role", _("unknown role %(r)s; use one of %(all)s") % {
            "r": role, "all": ", ".join(Role.values)})
    if role == Role.STATE and country is None:
        raise ValidationFailed.single("state", _("a State mission user needs --state"))
    if role in (Role.FOCAL_POINT, Role.SUBMITTER) and entity is None:
        raise ValidationFailed.single("entity", _("this role needs --entity"))
    refuse_control_text("username", username)  # before the query, which could not hold broken Unicode
    if User.objects.filter(username=username).exists():
        raise ValidationFailed.single("username", _("a user with this name already exists"))
    first, _sep, last = full_name.partition(" ")
    user = User(username=username, role=role, country=country, entity=entity, email=email,
                first_name=first, last_name=last, is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    validate(user, exclude=["password"])
    if password:
        refuse_control_text("password", password)  # what no sign-in form could send (a NUL, broken Unicode)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed.single("password", " ".join(exc.messages)) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, payload={"role": role})
    return user


USER_EDITABLE = ("first_name", "last_name", "email", "role", "entity", "country", "is_active")


@transaction.atomic
def user_update(*, actor: Any, user: int | User, **values: Any) -> User:
    """Change an account's name, e-mail, role, entity, State or whether it is active. Administrators'
    site access follows the role; an administrator cannot take away their own role or account, so the
    site always keeps one. Audited with the names of the changed fields and the role, never the values."""
    unknown = sorted(set(values) - set(USER_EDITABLE))
    if unknown:
        raise ValidationFailed.single(unknown[0], _("this field cannot be changed here"))
    user = User.objects.select_for_update().get(pk=user.pk if isinstance(user, User) else user)
    if "role" in values and values["role"] not in Role.values:
        raise ValidationFailed.single("role", _("unknown role %(r)s; use one of %(all)s") % {
            "r": values["role"], "all": ", ".join(Role.values)})
    if actor is not None and actor.pk == user.pk:
        if values.get("role", user.role) != user.role and user.role == Role.ADMIN:
            raise ValidationFailed.single("role", _("you cannot take away your own administrator role"))
        if values.get("is_active", True) is False:
            raise ValidationFailed.single("is_active", _("you cannot deactivate your own account"))
    changed = changed_fields(user, values)
    if not changed:
        return user
    role = user.role
    if role == Role.STATE and user.country_id is None:
        raise ValidationFailed.single("country", _("a State mission user needs a State"))
    if role in (Role.FOCAL_POINT, Role.SUBMITTER) and user.entity_id is None:
        raise ValidationFailed.single("entity", _("this role needs an entity"))
    user.is_staff = user.is_superuser = role == Role.ADMIN
    validate(user, exclude=["password"])
    user.save()
    if "is_active" in changed and not user.is_active:
        end_sessions(user)
    audit_record(actor=actor, action="user.update", obj=user, payload={"fields": sorted(changed), "role": role})
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: int | User, password: str) -> User:
    """Give an account a new password (``reprisals user password``: an administrator locked out, a
    forgotten password). The password rules apply; every web session of the account ends; audited
    without the password."""
    user = User.objects.select_for_update().get(pk=user.pk if isinstance(user, User) else user)
    refuse_control_text("password", password)  # what no sign-in form could send (a NUL, broken Unicode)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed.single("password", " ".join(exc.messages)) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    end_sessions(user)
    audit_record(actor=actor, action="user.password", obj=user, payload={})
    return user


def end_sessions(user: User) -> int:
    """Delete every web session signed in as ``user`` (when the account is deactivated), so that none
    comes back if the account is activated again. Returns how many were ended."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _token_days(days: Any) -> int:
    """A token's lifetime in days: ``TOKEN_DAYS`` when not given, else a whole number from 1 to
    ``TOKEN_MAX_DAYS``."""
    if days is None or days == "":
        return TOKEN_DAYS
    try:
        value = int(days)
    except (TypeError, ValueError):
        value = 0
    if isinstance(days, bool) or value < 1 or value > TOKEN_MAX_DAYS or str(value) != str(days).strip():
        raise ValidationFailed.single("days", _("give a whole number of days from 1 to %(max)d") % {
            "max": TOKEN_MAX_DAYS})
    return value


@transaction.atomic
def token_create(*, actor: Any, user: User, name: str = "", days: Any = None) -> str:
    """Create an API token and return its secret, which is never stored and cannot be shown again. It
    expires after ``days`` (``TOKEN_DAYS`` by default, at most ``TOKEN_MAX_DAYS``)."""
    lifetime = _token_days(days)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=secret[:10], digest=ApiToken.digest_of(secret),
                     expires_at=timezone.now() + dt.timedelta(days=lifetime))
    # The label is the one text given: refused naming it when longer than kept or not text (a NUL, broken Unicode).
    refuse_control_in(token, ["name"])
    validate(token, exclude=[f.name for f in ApiToken._meta.concrete_fields if f.name != "name"])
    token.save()
    audit_record(actor=actor, action="token.create", obj=token,
                 payload={"user": user.pk, "expires": token.expires_at.isoformat()})
    return secret


def _live_token(prefix: str) -> ApiToken:
    """The one unrevoked token whose prefix starts with ``prefix``, locked; refused when none or several."""
    prefix = prefix.strip()
    refuse_control_text("prefix", prefix)  # a NUL or broken Unicode is no token's prefix, and no query's text
    if len(prefix) < 6:
        raise ValidationFailed.single("prefix", _("give at least the first six characters of the token"))
    live = list(ApiToken.objects.select_for_update()
                .filter(prefix__startswith=prefix[:10], revoked_at__isnull=True).order_by("pk"))
    if not live:
        raise ValidationFailed.single("prefix", _("no live token starts with %(p)s") % {"p": prefix})
    if len(live) > 1:
        raise ValidationFailed.single("prefix", _("%(n)d live tokens start with %(p)s; give more characters") % {
            "n": len(live), "p": prefix})
    return live[0]


@transaction.atomic
def token_renew(*, actor: Any, prefix: str, days: Any = None) -> ApiToken:
    """Give the unrevoked token that starts with ``prefix`` a new expiry, ``days`` from now (as at
    creation), and restart its idle time; an expired or idle token works again."""
    lifetime = _token_days(days)
    token = _live_token(prefix)
    now = timezone.now()
    token.expires_at = now + dt.timedelta(days=lifetime)
    token.renewed_at = now
    token.save(update_fields=["expires_at", "renewed_at"])
    audit_record(actor=actor, action="token.renew", obj=token,
                 payload={"user": token.user_id, "expires": token.expires_at.isoformat()})
    return token


@transaction.atomic
def token_revoke(*, actor: Any, prefix: str) -> ApiToken:
    """Revoke the token that starts with ``prefix`` (as shown by ``token list``): the next request made
    with it gets 401. Refused when the prefix matches no live token or more than one."""
    token = _live_token(prefix)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="token.revoke", obj=token, payload={"user": token.user_id})
    return token

