"""Signing in (password, then the second factor), signing out, re-authenticating before destructive
actions, and choosing the interface language.

Every view declares what it needs (``@public``, or the second-factor pages' own marker) so that the
role matrix test finds a declaration on every view. Signing out is a POST.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language

from reprisals.accounts import twofactor
from reprisals.accounts.forms import THROTTLED, CodeForm, LoginForm, ReauthForm, is_throttled
from reprisals.accounts.middleware import SECOND_FACTOR_PAGES
from reprisals.core.access import public
from reprisals.core.audit import audit_record

TOO_MANY_REQUESTS = 429


def throttled_status(response: HttpResponse) -> HttpResponse:
    """A sign-in page whose form was refused for too many failures from the client's address answers 429."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    if is_throttled(form):
        response.status_code = TOO_MANY_REQUESTS
    return response


class LoginView(auth_views.LoginView):
    def form_invalid(self, form: Any) -> HttpResponse:
        return throttled_status(super().form_invalid(form))


login = public(
    LoginView.as_view(
        template_name="registration/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
logout = public(auth_views.LogoutView.as_view())


@public
def language(request: HttpRequest) -> HttpResponse:
    """Remember the chosen language in a cookie and go back (POST, CSRF-protected)."""
    return set_language(request)


def second_factor_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the second factor's own pages, which are never stored by the browser: they show the
    authenticator's secret and the recovery codes, or take a code."""
    wrapped = never_cache(login_required(view))
    wrapped.required_capability = SECOND_FACTOR_PAGES  # type: ignore[attr-defined]
    return wrapped


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("dashboard")


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _already_verified(request: HttpRequest) -> HttpResponse | None:
    """A session that has proved the second factor goes on to ``next``: the sign-in's second-factor pages
    take no code from it and record nothing (re-authentication, which also needs the password, is
    ``reauthenticate``'s)."""
    if twofactor.is_verified(request):
        return HttpResponseRedirect(_next_url(request))
    return None


@second_factor_page
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan, then prove it with a first code; recovery codes shown once."""
    if (done := _already_verified(request)) is not None:
        return done
    if twofactor.device_for(request.user):  # type: ignore[arg-type]
        return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.device_confirm(request.user, form.cleaned_data["code"])  # type: ignore[arg-type]
        if codes is not None:
            twofactor.mark_verified(request)
            return render(request, "registration/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("That code is not right. Check the clock of your phone and try the next code."))
    device = twofactor.device_start(request.user)  # type: ignore[arg-type]
    uri = twofactor.provisioning_uri(device)
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "qr": _qr_svg(uri), "secret": device.secret, "next": _next_url(request),
    })


@second_factor_page
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of every sign-in: a code from the app, or a recovery code."""
    if (done := _already_verified(request)) is not None:
        return done
    if twofactor.device_for(request.user) is None:  # type: ignore[arg-type]
        return HttpResponseRedirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    username = request.user.get_username()
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        # reserved before the check; an error in the check is audited as a failure
        with twofactor.Attempt(username, twofactor.client_address(request)) as attempt:
            if attempt.refused == "throttled":
                form.add_error("code", THROTTLED)
                status = TOO_MANY_REQUESTS
            elif attempt.refused == "locked":
                form.add_error("code", _("Too many failed attempts. Try again in 15 minutes."))
            elif twofactor.verify(request.user, form.cleaned_data["code"]):  # type: ignore[arg-type]
                attempt.succeeded()
                twofactor.mark_verified(request)
                twofactor.clear_failures(username)
                audit_record(actor=request.user, action="auth.login", obj=request.user)
                return HttpResponseRedirect(_next_url(request))
            else:
                attempt.failed()
                form.add_error("code", _("That code is not right."))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)},
                  status=status)


@second_factor_page
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Prove both factors again before a destructive or bulk action (export, erase, restore): the only
    page that records a re-authentication, since it checks the password and a code together."""
    form = ReauthForm(request.user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        twofactor.mark_reauthenticated(request)
        audit_record(actor=request.user, action="auth.reauthenticate", obj=request.user)
        return HttpResponseRedirect(_next_url(request))
    throttled = is_throttled(form)  # a failure was recorded by the form (ReauthForm.clean)
    return render(request, "registration/reauthenticate.html", {"form": form, "next": _next_url(request)},
                  status=TOO_MANY_REQUESTS if throttled else 200)


def recent_authentication(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For destructive or bulk actions: both factors proved on the re-authentication page in the last five
    minutes, or ask again."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not twofactor.recently_authenticated(request):
            return HttpResponseRedirect(f"{reverse('reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper
