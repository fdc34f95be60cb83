"""Shared helpers for services: validation into the one error shape, capability checks, and the
protected-field disclosure that every view, API operation and export goes through."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F
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
    """``full_clean`` with Django's messages turned into ``ValidationFailed`` naming each field.

    A model constraint over several fields fails "on the record as a whole" in Django (``__all__``);
    here its message goes to the fields the constraint is about (``constraint_fields``), so that the
    API names them and a form shows the message beside them.
    """
    excluded = list(exclude or [])
    try:
        instance.full_clean(exclude=excluded)
    except ValidationError as exc:
        raise ValidationFailed.from_django(_on_constraint_fields(instance, exc, excluded), prefix=prefix) from exc


def constraint_fields(constraint: models.BaseConstraint) -> list[str]:
    """The model fields a constraint is about: a unique constraint's fields, or those its condition names."""
    named = list(getattr(constraint, "fields", ()) or ())
    condition = getattr(constraint, "condition", None)
    if named or condition is None:
        return named
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, tuple):  # a Q child: ("deadline__gte", F("sent_on"))
            found.append(node[0].split("__")[0])
            walk(node[1])
        elif isinstance(node, F):
            found.append(node.name.split("__")[0])
        for child in getattr(node, "children", None) or getattr(node, "source_expressions", None) or ():
            walk(child)

    walk(condition)
    return list(dict.fromkeys(found))


def _constraint_of(instance: models.Model, error: ValidationError) -> models.BaseConstraint | tuple[str, ...] | None:
    """The constraint that raised ``error``: Django names a unique check's fields, or the message tells it."""
    unique_check = (error.params or {}).get("unique_check")
    if unique_check:
        return tuple(unique_check)
    for constraint in instance._meta.constraints:
        if str(error.message) == str(constraint.get_violation_error_message()):
            return constraint
    return None


def _plain_message(instance: models.Model, constraint: models.BaseConstraint, fields: list[str]) -> ValidationError:
    """Django's default "Constraint “x” is violated." names a database object, not what the user did."""
    labels = ", ".join(str(instance._meta.get_field(f).verbose_name) for f in fields)
    if isinstance(constraint, models.UniqueConstraint):
        return ValidationError(_("another record already has the same %(fields)s") % {"fields": labels})
    return ValidationError(_("these values do not fit together: %(fields)s") % {"fields": labels})


def _on_constraint_fields(instance: models.Model, exc: ValidationError, excluded: list[str]) -> ValidationError:
    if not hasattr(exc, "error_dict") or NON_FIELD_ERRORS not in exc.error_dict:
        return exc
    moved: dict[str, list[ValidationError]] = {k: list(v) for k, v in exc.error_dict.items() if k != NON_FIELD_ERRORS}
    for error in exc.error_dict[NON_FIELD_ERRORS]:
        found = _constraint_of(instance, error)
        about = list(found) if isinstance(found, tuple) else constraint_fields(found) if found is not None else []
        fields = [f for f in about if f not in excluded]
        if not fields:
            moved.setdefault(NON_FIELD_ERRORS, []).append(error)
            continue
        if isinstance(found, models.BaseConstraint) and \
                found.violation_error_message == found.default_violation_error_message:
            error = _plain_message(instance, found, fields)
        for field in fields:
            moved.setdefault(field, []).append(error)
    return ValidationError(moved)


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
