"""The few named errors of the domain, handled in one place for HTML (``core.views``) and JSON (``api``).

Each carries a stable ``code`` for machines, a translatable ``message`` for people, and ``fields``:
a mapping of field name to the list of messages about it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_message = _("The request could not be processed.")

    def __init__(self, message: str | None = None, *, fields: Mapping[str, Sequence[str]] | None = None) -> None:
        self.message = str(message if message is not None else self.default_message)
        self.fields = {k: [str(m) for m in v] for k, v in (fields or {}).items()}
        super().__init__(self.message)

    def as_dict(self) -> dict[str, object]:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"
    default_message = _("Some fields are not valid.")

    @classmethod
    def from_django(cls, exc: ValidationError, *, prefix: str = "") -> ValidationFailed:
        if hasattr(exc, "error_dict"):
            fields = {f"{prefix}{k}": [m for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        else:
            fields = {f"{prefix}__all__" if prefix else "__all__": list(exc.messages)}
        first = next(iter(fields.items()))
        return cls(_("%(field)s: %(message)s") % {"field": first[0], "message": first[1][0]}, fields=fields)

    @classmethod
    def single(cls, field: str, message: str) -> ValidationFailed:
        return cls(_("%(field)s: %(message)s") % {"field": field, "message": message}, fields={field: [message]})


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = _("You do not have permission to do this.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("Someone else changed this record since you opened it. Reload it and try again.")


class InvalidTransition(DomainError):
    status = 409
    code = "invalid_transition"
    default_message = _("This status change is not allowed.")
