"""``{% load reference_i18n %}{{ case.country|localized }}``: reference names in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from reprisals.reference.i18n import localized_group, localized_name

register = template.Library()


@register.filter
def localized(obj: Any) -> str:
    """A country, UN body, entity or vocabulary term, named in the active language (English fallback)."""
    return localized_name(obj)


@register.filter
def localized_term_group(group: str) -> str:
    return localized_group(group)


@register.filter
def country_name(iso3: str, fallback: str = "") -> str:
    """A country named by its ISO alpha-3 code (for rows of aggregated queries), in the active language."""
    from django.utils import translation

    from reprisals.reference.i18n import country_names, language_column

    names = country_names().get(iso3 or "", {})
    return names.get(language_column(translation.get_language())) or fallback or iso3


@register.filter
def un_body_name(code: str, fallback: str = "") -> str:
    """A UN body named by its code (for plain rows read without model instances), in the active language."""
    from reprisals.reference.i18n import un_body_name as name

    return name(code or "", fallback or code)
