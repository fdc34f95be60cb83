"""The API half of the permission layer: bearer tokens, and routers whose operations declare the
capability they need.

``CapRouter.get(path, capability=Cap.X, ...)`` (and post/patch/put/delete) authenticates the token,
then refuses with 403 before any input is parsed when the account's role lacks the capability, and
records the capability in the OpenAPI schema as ``x-capability``, where the role matrix test finds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import Router
from ninja.security import HttpBearer

from reprisals.accounts.models import ApiToken, User
from reprisals.accounts.roles import has_cap
from reprisals.core.errors import Forbidden


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


def _token_sql() -> str:
    user, tok = User._meta.db_table, ApiToken._meta.db_table
    return (f"SELECT u.*, t.id AS token_pk, t.last_used_at AS token_last_used_at FROM {user} u "
            f"JOIN {tok} t ON t.user_id = u.id WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active")


def token_user(secret: str) -> Any:
    """The active account holding an unrevoked token, or None. Every API request passes here, so it is
    one indexed query written out once (not compiled by the ORM each time); ``last_used_at`` is written
    at most every five minutes, so reading never turns into a write."""
    for user in User.objects.raw(_token_sql(), [ApiToken.digest_of(secret)]):
        last_used = _aware(user.token_last_used_at)
        now = timezone.now()
        if last_used is None or (now - last_used).total_seconds() > 300:
            ApiToken.objects.filter(pk=user.token_pk).update(last_used_at=now)
        return user
    return None


def _aware(value: Any) -> dt.datetime | None:
    """A raw column as an aware datetime: SQLite hands back text, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


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
