"""The HTTP API, version 1: token auth, one error shape, routers per domain.

Every error, whatever raised it, leaves as ``{"error": {"code", "message", "fields"}}``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from reprisals.core.api_auth import BearerToken
from reprisals.core.errors import DomainError

logger = logging.getLogger(__name__)


api = NinjaAPI(
    title="Reprisals Tracker API",
    version="1",
    description=(
        "Record, follow and find cases of intimidation and reprisals against people who cooperate with the "
        "UN on human rights. Authenticate with `Authorization: Bearer <token>` (`reprisals token create NAME`). "
        'Every error has the shape `{"error": {"code", "message", "fields"}}`. Lists are cursor-paginated: '
        "pass `next_cursor` back as `cursor`."
    ),
    auth=BearerToken(),
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, code: str, message: str, fields: dict | None = None) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


def _location(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters", "data")]
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        fields.setdefault(_location(list(err.get("loc", []))), []).append(str(err.get("msg", "invalid")))
    first = next(iter(fields.items()), ("__all__", ["invalid"]))
    return _error(request, 422, "validation_failed", f"{first[0]}: {first[1][0]}", fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "Authentication required: send Authorization: Bearer <token>.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        429: "throttled",
    }.get(exc.status_code, "error")
    return _error(request, exc.status_code, code, str(exc))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Not found.")


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return _error(request, 413, "too_large", f"The request body is larger than {limit} MB.")


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled error in API %s %s", request.method, request.path)
    return _error(request, 500, "server_error", "An unexpected error occurred; it has been logged.")


def unknown_endpoint(request: HttpRequest) -> HttpResponse:
    """Any path under ``/api/`` that names no operation: the one error shape, not the site's HTML page."""
    return _error(request, 404, "not_found",
                  f"No such endpoint: {request.method} {request.path}. The operations are listed at /api/v1/docs.")


from reprisals.cases.api import router as cases_router  # noqa: E402
from reprisals.core.audit_api import router as audit_router  # noqa: E402
from reprisals.followup.api import router as followup_router  # noqa: E402
from reprisals.intake.api import router as intake_router  # noqa: E402
from reprisals.linkage.api import router as linkage_router  # noqa: E402
from reprisals.reports.api import router as reports_router  # noqa: E402
from reprisals.trackers.api import router as trackers_router  # noqa: E402

api.add_router("/", cases_router)
api.add_router("/", followup_router)
api.add_router("/", intake_router)
api.add_router("/", linkage_router)
api.add_router("/", trackers_router)
api.add_router("/", reports_router)
api.add_router("/", audit_router)
