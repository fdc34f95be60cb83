"""The one place where errors become HTML pages: domain errors raised by views, and Django's handlers.

API errors are handled in ``reprisals.api``; everything else lands here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from reprisals.accounts.twofactor import is_verified
from reprisals.core.access import capabilities
from reprisals.core.errors import DomainError


def error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """An error page in the look of whoever asks: the staff navigation for a signed-in user who has proved
    the second factor, no menu for one who has not yet, and the public pages' look (footer, links) for an
    anonymous visitor, who is never shown a staff link or the staff-only note."""
    context: dict[str, Any] = {"status": status, "title": title, "message": message}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["base"] = "base.html"
        context["can"] = capabilities(user) if is_verified(request) else {}
    else:
        context["base"] = "public/base_public.html"
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return error_page(request, 400, _("Bad request"), _("The request could not be understood."))


def too_large(request: HttpRequest) -> HttpResponse:
    """A form whose fields (files aside) exceed ``DATA_UPLOAD_MAX_MEMORY_SIZE``: 413, saying the limit."""
    return error_page(request, 413, _("Too large"), _(
        "What you sent is larger than the limit of %(limit)s, so nothing was saved. Shorten the text and send "
        "it again.") % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)})


def nul_refused(request: HttpRequest, field: str) -> HttpResponse:
    """A web request holding a NUL character (which the database cannot store): 400 naming the field."""
    name = field[:60] or "?"
    if request.method == "GET":
        message = _("The field “%(field)s” in the address contains a NUL character (character code 0), which "
                    "cannot be used. Remove it and try again.") % {"field": name}
    else:
        message = _("The field “%(field)s” contains a NUL character (character code 0), which cannot be stored, "
                    "so nothing was saved. Go back to the form, remove the character (it can come with text pasted "
                    "from another program) and send the form again.") % {"field": name}
    return error_page(request, 400, _("Character not allowed"), message)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, _("Not allowed"), _("You do not have permission to see this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, _("Not found"), _("There is nothing here, or you may not see it."))


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


class DomainErrorMiddleware:
    """Turns a ``DomainError`` escaping a view into a page with its status and message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            # A view that takes only a form's POST (sign out, reveal, decide…) opened as a link: Django's
            # answer is an empty page; say what happened, in the site's look, keeping the Allow header.
            page = error_page(request, 405, _("Not available from a link"), _(
                "This address only takes what a form on the site sends, for example when you press its button. "
                "Go back to the page you came from and use the button there."))
            if "Allow" in response:
                page["Allow"] = response["Allow"]
            return page
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            titles = {403: _("Not allowed"), 404: _("Not found"), 409: _("Changed or not allowed now")}
            title = titles.get(exception.status, _("This could not be done"))
            return error_page(request, exception.status, title, exception.message)
        return None
