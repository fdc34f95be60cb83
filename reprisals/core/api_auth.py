"""The API half of the permission layer: bearer tokens, and routers whose operations declare the
capability they need.

``CapRouter.get(path, capability=Cap.X, ...)`` (and post/patch/put/delete) authenticates the token,
then refuses with 403 before any input is parsed when the account's role lacks the capability, and
records the capability in the OpenAPI schema as ``x-capability``, where the role matrix test finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.security import HttpBearer

from reprisals.accounts.models import ApiToken
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
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        if self.capability is not None and not has_cap(found.user, self.capability):
            raise Forbidden()
        return found.user


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
