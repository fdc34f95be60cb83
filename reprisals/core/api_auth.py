"""The API half of the permission layer: bearer tokens, and routers whose operations declare the
capability they need.

``CapRouter.get(path, capability=Cap.X, ...)`` (and post/patch/put/delete) authenticates the token,
then refuses with 403 before any input is parsed when the account's role lacks the capability, and
records the capability in the OpenAPI schema as ``x-capability``, where the role matrix test finds it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import HttpBearer

from reprisals.accounts.models import TOKEN_IDLE_DAYS, ApiToken, User, idle_since, token_lapse
from reprisals.accounts.roles import has_cap
from reprisals.core.audit import AuditEntry, audit_record
from reprisals.core.errors import DomainError, Forbidden
from reprisals.core.prepared import converted_rows


class TokenExpired(DomainError):
    """A known, unrevoked token past its expiry or idle for too long: 401, saying so."""

    status = 401
    code = "token_expired"


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; with a capability, also checks the account's role."""

    def __init__(self, capability: str | None = None) -> None:
        super().__init__()
        self.capability = capability

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        user = token_user(token)
        if user is None:
            return None
        request.user = user
        if self.capability is not None and not has_cap(user, self.capability):
            raise Forbidden()
        return user


TOKEN_COLUMNS = ("id", "created_at", "renewed_at", "last_used_at", "expires_at")


@functools.cache
def _token_query() -> tuple[str, tuple[str, ...], tuple[Any, ...]]:
    """The token look-up, written out once: every column of the account by name, then the token's id,
    creation, renewal, last use and expiry, with the columns' expressions for the database's converters.
    Named columns let the row become a ``User`` through ``from_db`` without asking the driver to describe
    the result (a raw queryset's column mapping cost PostgreSQL more than the query itself)."""
    fields = User._meta.concrete_fields
    quote = connection.ops.quote_name
    user, tok = User._meta.db_table, ApiToken._meta.db_table
    columns = ", ".join(f"u.{quote(field.column)}" for field in fields)
    token_fields = tuple(ApiToken._meta.get_field(name) for name in TOKEN_COLUMNS)
    token_columns = ", ".join(f"t.{quote(field.column)}" for field in token_fields)
    sql = (f"SELECT {columns}, {token_columns} FROM {user} u JOIN {tok} t ON t.user_id = u.id "
           "WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active")
    expressions = tuple(field.get_col("u") for field in fields) + tuple(f.get_col("t") for f in token_fields)
    return sql, tuple(field.attname for field in fields), expressions


def token_user(secret: str) -> Any:
    """The active account holding an unrevoked token, or None; ``TokenExpired`` when the token is past
    its expiry or has been idle more than ``TOKEN_IDLE_DAYS``. Every API request passes here, so it is
    one indexed query written out once (not compiled by the ORM each time); ``last_used_at`` is written
    at most every five minutes, so reading never turns into a write."""
    sql, attnames, expressions = _token_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, [ApiToken.digest_of(secret)])
        rows = cursor.fetchall()
    if not rows:
        return None
    *values, token_pk, created, renewed, last_used, expires = converted_rows(rows, expressions, connection)[0]
    user = User.from_db(connection.alias, attnames, values)
    now = timezone.now()
    lapse = token_lapse(now, expires, created, renewed, last_used)
    if lapse is not None:
        _refuse_lapsed(token_pk, user, lapse, expires, idle_since(created, renewed, last_used))
    if last_used is None or (now - last_used).total_seconds() > 300:
        ApiToken.objects.filter(pk=token_pk).update(last_used_at=now)
    return user


def _refuse_lapsed(token_pk: int, user: User, lapse: str, expires: Any, idle_from: Any) -> None:
    """Audit the first refusal of an expired or idle token (once per token, not at every retry of an
    integration that still holds it), then refuse with a message that says why."""
    object_type = ApiToken._meta.label_lower
    if not AuditEntry.objects.filter(object_type=object_type, object_id=str(token_pk),
                                     action="token.expired").exists():
        audit_record(actor=None, action="token.expired", object_type=object_type, object_id=str(token_pk),
                     payload={"user": user.pk, "reason": lapse})
    if lapse == "expired":
        message = _("API token expired on %(date)s. Ask an administrator to renew it or create a new one.") % {
            "date": f"{expires:%Y-%m-%d}"}
    else:
        message = _("API token expired: unused since %(date)s, more than %(days)d days. Ask an administrator "
                    "to renew it or create a new one.") % {"date": f"{idle_from:%Y-%m-%d}", "days": TOKEN_IDLE_DAYS}
    raise TokenExpired(message)


class CapRouter(Router):
    def _operation(self, methods: list[str], path: str, capability: str, kwargs: dict[str, Any]) -> Callable:
        extra = {**(kwargs.pop("openapi_extra", None) or {}), "x-capability": capability}
        return self.api_operation(methods, path, auth=[BearerToken(capability)], openapi_extra=extra, **kwargs)

    def get(self, path: str, *, capability: str, **kwargs: Any) -> Callable:  # type: ignore[override]
        return self._operation(["GET"], path, capability, kwargs)

    def post(self, path: str, *, capability: str, **kwargs: Any) -> Callable:  # type: ignore[override]
        return self._operation(["POST"], path, capability, kwargs)

    def patch(self, path: str, *, capability: str, **kwargs: Any) -> Callable:  # type: ignore[override]
        return self._operation(["PATCH"], path, capability, kwargs)

    def put(self, path: str, *, capability: str, **kwargs: Any) -> Callable:  # type: ignore[override]
        return self._operation(["PUT"], path, capability, kwargs)

    def delete(self, path: str, *, capability: str, **kwargs: Any) -> Callable:  # type: ignore[override]
        return self._operation(["DELETE"], path, capability, kwargs)
