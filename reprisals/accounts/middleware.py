"""Every signed-in web session must prove the second factor before it reaches anything but the
public pages, the two-factor pages themselves and signing out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from reprisals.accounts.twofactor import device_for, is_verified
from reprisals.core.access import PUBLIC

SECOND_FACTOR_PAGES = "second_factor"


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if request.path.startswith("/api/") or not request.user.is_authenticated or is_verified(request):
            return None
        if getattr(view, "required_capability", None) in (PUBLIC, SECOND_FACTOR_PAGES):
            return None
        target = "two_factor_verify" if device_for(request.user) else "two_factor_setup"  # type: ignore[arg-type]
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
