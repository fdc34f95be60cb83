"""The administration site's share of the write path: every save made in Django admin is recorded in the
audit log like a service's write (who, which object, which fields; never the values), and nothing the
register refers to is deleted from it (retire a record with its "active" box instead)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from reprisals.core.audit import audit_record


class AuditedAdmin(admin.ModelAdmin):
    """A model admin whose saves are audited as ``<model>.create`` / ``<model>.update`` by the admin user."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(actor=request.user, action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
                         obj=obj, payload={"fields": sorted(form.changed_data), "via": "admin"})

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False
