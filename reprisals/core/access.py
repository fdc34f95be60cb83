"""The view half of the permission layer: every HTML view declares what it needs.

``@requires(cap)`` sends anonymous users to the login page and refuses (403) users whose role lacks the
capability; ``@public`` marks the few views open to everyone. Both leave a ``required_capability``
attribute on the view so that the role matrix test can find any view that declares nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from reprisals.accounts.roles import has_cap

PUBLIC = "public"
AUTHENTICATED = "authenticated"

View = Callable[..., HttpResponse]


def requires(cap: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if cap != AUTHENTICATED and not has_cap(request.user, cap):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_capability = cap  # type: ignore[attr-defined]
        return wrapper

    return decorate


def public(view: View) -> View:
    view.required_capability = PUBLIC  # type: ignore[attr-defined]
    return view
