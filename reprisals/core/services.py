"""Shared helpers for services: validation into the one error shape, capability checks, and the
protected-field disclosure that every view, API operation and export goes through."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap, has_cap
from reprisals.core.access import may_reveal
from reprisals.core.audit import audit_record
from reprisals.core.errors import Forbidden, ValidationFailed
from reprisals.core.fields import protected_field_names


def require(actor: Any, cap: str) -> None:
    if not has_cap(actor, cap):
        raise Forbidden()


def validate(instance: models.Model, *, exclude: Iterable[str] | None = None, prefix: str = "") -> None:
    """``full_clean`` with Django's messages turned into ``ValidationFailed`` naming each field."""
    try:
        instance.full_clean(exclude=list(exclude or []))
    except ValidationError as exc:
        raise ValidationFailed.from_django(exc, prefix=prefix) from exc


def changed_fields(instance: models.Model, values: dict[str, Any]) -> list[str]:
    """Set ``values`` on ``instance``; return the names whose value changed (for the audit payload)."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _reveal_values(actor: Any, obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, str] | None:
    """The protected values of ``obj``, or None when ``core.access.may_reveal`` withholds them from ``actor``."""
    require(actor, Cap.PROTECTED_READ)
    if not may_reveal(actor, obj):
        return None
    protected = protected_field_names(type(obj))
    return {name: getattr(obj, name) for name in (fields or protected) if name in protected}


def protected_reveal(*, actor: Any, obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, str]:
    """Return the plaintext of protected fields for a caller allowed to read them, auditing the read.

    Only names of the revealed fields go into the audit entry, never the values. A caller who may not
    see this object's protected values (``core.access.may_reveal``) is refused.
    """
    values = _reveal_values(actor, obj, fields)
    if values is None:
        raise Forbidden(_("Only OHCHR staff may see these protected details; a focal point sees the source "
                          "details of its own entity's allegations only."))
    shown = sorted(name for name, value in values.items() if value)
    if shown:
        audit_record(actor=actor, action="protected.read", obj=obj, payload={"fields": shown})
    return values


def protected_reveal_many(
    *, actor: Any, anchor: models.Model, objs: Iterable[models.Model]
) -> dict[Any, dict[str, str] | None]:
    """Reveal the protected fields of several objects shown together (a case with its parties and
    allegations) with ONE audit entry on ``anchor`` that names every object and field revealed. An object
    whose values ``core.access.may_reveal`` withholds from ``actor`` maps to None and is not named."""
    revealed: dict[Any, dict[str, str] | None] = {}
    named = []
    for obj in objs:
        values = _reveal_values(actor, obj)
        revealed[(obj._meta.label_lower, obj.pk)] = values
        if values is None:
            continue
        shown = sorted(name for name, value in values.items() if value)
        if shown:
            named.append({"type": obj._meta.label_lower, "id": obj.pk, "fields": shown})
    if named:
        audit_record(actor=actor, action="protected.read", obj=anchor, payload={"objects": named})
    return revealed
