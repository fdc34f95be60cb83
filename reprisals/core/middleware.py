"""Security headers and per-request context."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict

from reprisals.core.context import client_ip
from reprisals.core.views import nul_refused

# No inline scripts or styles anywhere: every script and stylesheet is a vendored static file.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if _is_api(request):
            # Case data and, on request, protected values: no browser or proxy cache may keep an answer.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class RequestContextMiddleware:
    """Makes the client address available to the audit log for the duration of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request.META.get("REMOTE_ADDR", "")[:45])
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _answers_json(request: HttpRequest) -> bool:
    """The API, and the open JSON files of the public site (``/san-jose-guidelines.json``)."""
    return _is_api(request) or request.path.endswith(".json")


def _nul_path(value: object, path: str) -> str | None:
    """The dotted path of the first string holding a NUL character, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _nul_path(str(key), path) or _nul_path(item, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found or "__all__"
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


class ApiMethodNotAllowedMiddleware:
    """django-ninja answers a method an API path does not accept with a bare text "Method not allowed"
    before any handler runs; give it the API's one error shape, keeping the ``Allow`` header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (response.status_code != 405 or not _is_api(request)
                or response.headers.get("Content-Type", "").startswith("application/json")):
            return response
        allowed = response.headers.get("Allow", "")
        body = {"error": {"code": "method_not_allowed",
                          "message": f"{request.method} is not allowed on {request.path}; it accepts {allowed}.",
                          "fields": {}}}
        shaped = JsonResponse(body, status=405)
        shaped["Allow"] = allowed
        return shaped


class RejectNulMiddleware:
    """Refuses input holding NUL characters (400 naming the field) before it reaches a query:
    PostgreSQL cannot store them and would otherwise fail with a server error.

    API requests and the public JSON files are refused at once with the API's JSON error. Web requests are
    refused in ``process_view``, once the session, language and user are known, with an HTML page in the
    site's style (and the CSRF cookie, so that the page's own forms still work)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _answers_json(request):
            field = self._field(request)
            if field is not None:
                body = {"error": {"code": "bad_request", "message": f"{field}: must not contain NUL characters",
                                  "fields": {field: ["must not contain NUL characters"]}}}
                return JsonResponse(body, status=400)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: object, args: object, kwargs: object) -> HttpResponse | None:
        if _answers_json(request):
            return None
        field = self._field(request)  # RequestDataTooBig here becomes the 413 page (core.views.bad_request)
        if field is None:
            return None
        return nul_refused(request, field)

    @classmethod
    def _field(cls, request: HttpRequest) -> str | None:
        field = cls._query_field(request.GET)
        if field is None and request.method in ("POST", "PUT", "PATCH"):
            field = cls._body_field(request)
        return field

    @staticmethod
    def _body_field(request: HttpRequest) -> str | None:
        if request.content_type == "application/json":
            try:
                raw = request.body
            except RequestDataTooBig:
                return None  # the API answers 413 for that itself
            if b"\\u0000" not in raw and b"\x00" not in raw:
                return None
            try:
                return _nul_path(json.loads(raw), "")
            except (ValueError, RecursionError):
                return None  # not JSON, or nested too deep to read: the API answers 400 for that itself
        if request.content_type == "application/x-www-form-urlencoded":
            # Multipart forms are left to the views (which choose upload handlers); Django's form fields
            # refuse NUL characters themselves.
            return RejectNulMiddleware._query_field(request.POST)
        return None

    @staticmethod
    def _query_field(params: QueryDict) -> str | None:
        for key in params:
            if "\x00" in key or any("\x00" in value for value in params.getlist(key)):
                return key.replace("\x00", "")
        return None
