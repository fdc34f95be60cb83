"""Reference data in the administration site: States, UN bodies, submitting entities and vocabularies.

Loaded from the dated files in ``reference/data`` by ``reprisals load_reference``; edited here between
releases of those files (a loader run sets the codes the files hold back to the files' values)."""

from __future__ import annotations

from django.contrib import admin

from reprisals.core.admin import AuditedAdmin
from reprisals.reference.models import Country, Entity, Term, UNBody


@admin.register(Country)
class CountryAdmin(AuditedAdmin):
    list_display = ("iso3", "name", "un_status", "regional_group", "m49_region", "m49_subregion")
    list_filter = ("un_status", "regional_group", "m49_region")
    search_fields = ("iso3", "iso2", "m49", "name")
    ordering = ("name",)


@admin.register(UNBody)
class UNBodyAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(Entity)
class EntityAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "un_body", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    raw_id_fields = ("un_body",)
    list_select_related = ("un_body",)


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ("vocabulary", "code", "label", "group", "sort_order", "is_active")
    list_filter = ("vocabulary", "is_active")
    search_fields = ("code", "label", "group")
    ordering = ("vocabulary", "sort_order", "code")
