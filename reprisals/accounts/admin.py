"""Accounts in the administration site: create and change users, deactivate them, see and revoke API
tokens. Every write goes through ``accounts.services`` (validated, audited); passwords are never shown
or set here except once, optionally, when an account is created."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reprisals.accounts import services
from reprisals.accounts.forms import AdminLoginForm, AdminOwnPasswordForm
from reprisals.accounts.models import ApiToken, User
from reprisals.accounts.roles import Role
from reprisals.accounts.views import throttled_status
from reprisals.core.audit import audit_record
from reprisals.core.errors import ValidationFailed

admin.site.unregister(Group)  # access is by role (accounts.roles), not by Django's groups
admin.site.login_form = AdminLoginForm  # the site's lockout applies to the administration's sign-in too
_django_admin_login = admin.site.login


def _admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """Django's administration sign-in, answering 429 when the client's address has too many failures."""
    return throttled_status(_django_admin_login(request, extra_context))


admin.site.login = _admin_login  # type: ignore[method-assign]
# The product's name, not "Django administration", in the header and the browser tab.
admin.site.site_header = admin.site.site_title = _("Reprisals Tracker administration")


class _OwnPasswordChange(PasswordChangeView):
    """The current password is checked outside any transaction, so that the attempt it reserves
    (``twofactor.Attempt``) is seen at once by the requests in flight beside it; the change and its audit
    entry are one transaction, like every other write."""

    form_class = AdminOwnPasswordForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(actor=self.request.user, action="user.update", obj=self.request.user,
                         payload={"fields": ["password"], "via": "admin"})
        return response


def _password_change_page(request: HttpRequest, extra_context: dict | None) -> HttpResponse:
    """Django's ``AdminSite.password_change`` with the site's lockout on the current password."""
    request.current_app = admin.site.name
    return _OwnPasswordChange.as_view(
        success_url=reverse("admin:password_change_done", current_app=admin.site.name),
        extra_context={**admin.site.each_context(request), **(extra_context or {})},
    )(request)


def _audited_password_change(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The administrator's own password change (Django's page, which audited nothing and counted no wrong
    current password): audited, and limited like a sign-in (``_OwnPasswordChange``)."""
    return throttled_status(_password_change_page(request, extra_context))


admin.site.password_change = _audited_password_change  # type: ignore[method-assign]


def _check_role_ties(form: forms.ModelForm) -> None:
    role, data = form.cleaned_data.get("role"), form.cleaned_data
    if role == Role.STATE and not data.get("country"):
        form.add_error("country", _("A State mission user needs a State."))
    if role in (Role.FOCAL_POINT, Role.SUBMITTER) and not data.get("entity"):
        form.add_error("entity", _("This role needs an entity."))


class UserAddForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Password"), required=False, strip=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Optional. Without one, the account can use API tokens only."))

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "role", "entity", "country")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_role_ties(self)
        if data.get("password"):
            try:
                validate_password(data["password"], User(username=data.get("username", "")))
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


class UserChangeForm(forms.ModelForm):
    actor: Any = None  # the administrator editing, set by ``UserAdmin.get_form``

    class Meta:
        model = User
        fields = services.USER_EDITABLE

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_role_ties(self)
        if self.actor is not None and self.actor.pk == self.instance.pk:
            if "role" in self.changed_data and self.initial.get("role") == Role.ADMIN:
                self.add_error("role", _("You cannot take away your own administrator role."))
            if data.get("is_active") is False:
                self.add_error("is_active", _("You cannot deactivate your own account."))
        return data


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("username", "first_name", "last_name", "role", "entity", "country", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    raw_id_fields = ("entity", "country")
    readonly_fields = ("username", "last_login", "date_joined")
    ordering = ("username",)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        kwargs["form"] = UserChangeForm if obj is not None else UserAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return (*UserAddForm.Meta.fields, "password")
        return ("username", *services.USER_EDITABLE, "last_login", "date_joined")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ()

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        data = form.cleaned_data
        if change:
            return services.user_update(actor=request.user, user=form.instance.pk,
                                        **{name: data[name] for name in form.changed_data})
        return services.user_create(
            actor=request.user, username=data["username"], role=data["role"], password=data.get("password") or None,
            country=data.get("country"), entity=data.get("entity"), email=data.get("email", ""),
            full_name=" ".join(p for p in (data.get("first_name", ""), data.get("last_name", "")) if p))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Saved by the service in ``save_form``."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """No related objects are edited here (groups and permissions are not used)."""

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        """The form checks what the service checks; a refusal that slips past it (another administrator
        changed the account meanwhile) comes back as a message on the same page, nothing saved."""
        try:
            return super().changeform_view(request, *args, **kwargs)
        except ValidationFailed as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an account that acted is in the audit log: deactivate it instead


@admin.action(description=_("Revoke the selected tokens"))
def revoke_tokens(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
    revoked = 0
    for token in queryset.filter(revoked_at__isnull=True):
        services.token_revoke(actor=request.user, prefix=token.prefix)
        revoked += 1
    modeladmin.message_user(request, _("%(n)d tokens revoked.") % {"n": revoked}, messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owner (``reprisals token create``) and shown once; here they are seen
    by prefix, with their expiry, and revoked (renewed with ``reprisals token renew``)."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    list_select_related = ("user",)
    actions = (revoke_tokens,)
    fields = ("prefix", "user", "name", "created_at", "last_used_at", "expires_at", "renewed_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
