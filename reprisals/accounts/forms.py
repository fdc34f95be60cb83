"""Sign-in forms: password with lockout, second-factor code, and re-authentication."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reprisals.accounts import twofactor

LOCKED = _("Too many failed attempts. Try again in 15 minutes.")
THROTTLED = _("Too many failed sign-in attempts from your network. Try again in 15 minutes.")


def refuse_throttled_address(request: Any) -> None:
    """Refuses any sign-in attempt from an address with too many recent failures (on any accounts),
    before a password or code is checked. The page answers 429 (``is_throttled``). Without a request
    (a form used outside a page) there is no address to count."""
    if request is not None and twofactor.address_throttled(twofactor.client_address(request)):
        raise ValidationError(THROTTLED, code="throttled")


def reserve(request: Any, username: str) -> twofactor.Attempt:
    """Reserve an attempt at ``username``'s password or code before it is checked (``twofactor.Attempt``),
    refusing it when the client's address or the account has too many recent failures. Check inside
    ``with`` it, so that an error raised by the check is audited as a failure."""
    attempt = twofactor.Attempt(username, twofactor.client_address(request))
    if attempt.refused == "throttled":
        raise ValidationError(THROTTLED, code="throttled")
    if attempt.refused == "locked":
        raise ValidationError(LOCKED, code="locked")
    return attempt


def is_throttled(form: Any) -> bool:
    """Whether ``form`` was refused because its address has too many recent failures."""
    return form is not None and form.is_bound and any(
        error.code == "throttled" for errors in form.errors.as_data().values() for error in errors)


class _Lockout:
    """Refuses an address with too many failures and a locked account before checking the password, and
    counts each failure towards both locks."""

    request: Any

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""  # type: ignore[attr-defined]
        if not username:  # no password is checked
            refuse_throttled_address(self.request)
            return super().clean()  # type: ignore[misc]
        with reserve(self.request, username) as attempt:
            try:
                data = super().clean()  # type: ignore[misc]
            except ValidationError:
                attempt.failed()
                raise
            attempt.succeeded()
        return data


class LoginForm(_Lockout, AuthenticationForm):
    """Django's sign-in form, refusing a locked account before checking its password."""

    error_messages = {**AuthenticationForm.error_messages, "locked": LOCKED}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class AdminLoginForm(_Lockout, AdminAuthenticationForm):
    """The administration site's sign-in, under the same lockout as the site's: without it, its page let
    anyone try passwords for an administrator's account without limit and without a trace."""

    error_messages = {**AdminAuthenticationForm.error_messages, "locked": LOCKED}


class AdminOwnPasswordForm(AdminPasswordChangeForm):
    """An administrator's own password change: a wrong current password counts towards the same lockout
    as a failed sign-in, and a locked account cannot try again (else the page would let whoever sits at a
    signed-in session guess the password without limit)."""

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        with reserve(self.request, self.user.get_username()) as attempt:
            try:
                old_password = super().clean_old_password()
            except ValidationError:
                attempt.failed()
                raise
            attempt.succeeded()
        return old_password


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20, help_text=_("The 6 digits shown by your authenticator app, or a recovery code"),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )


class ReauthForm(forms.Form):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(
        attrs={"class": "form-control", "autocomplete": "current-password"}))
    code = CodeForm.base_fields["code"]

    def __init__(self, user: Any, *args: Any, request: Any = None, **kwargs: Any) -> None:
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        with reserve(self.request, self.user.get_username()) as attempt:
            password_ok = self.user.check_password(data.get("password", ""))
            if not password_ok or not twofactor.verify(self.user, data.get("code", "")):
                attempt.failed()
                raise ValidationError(_("The password or the code is not right."))
            attempt.succeeded()
        return data
