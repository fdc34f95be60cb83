"""Sign-in forms: password with lockout, second-factor code, and re-authentication."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reprisals.accounts import twofactor


class LoginForm(AuthenticationForm):
    """Django's sign-in form, refusing a locked account before checking its password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed attempts. Try again in 15 minutes."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username and twofactor.is_locked(username):
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            return super().clean()
        except ValidationError:
            if username:
                ip = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
                twofactor.record_failure(username, ip)
            raise


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

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if twofactor.is_locked(self.user.get_username()):
            raise ValidationError(_("Too many failed attempts. Try again in 15 minutes."))
        password_ok = self.user.check_password(data.get("password", ""))
        if not password_ok or not twofactor.verify(self.user, data.get("code", "")):
            raise ValidationError(_("The password or the code is not right."))
        return data
