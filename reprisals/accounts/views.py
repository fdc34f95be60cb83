"""Signing in and out, and choosing the interface language.

Django's own views do the work; they are declared public here (anyone may reach the sign-in page) so
that the role matrix test finds a declaration on every view. Signing out is a POST.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language

from reprisals.accounts.forms import LoginForm
from reprisals.core.access import public

login = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
logout = public(auth_views.LogoutView.as_view())


@public
def language(request: HttpRequest) -> HttpResponse:
    """Remember the chosen language in a cookie and go back (POST, CSRF-protected)."""
    return set_language(request)
