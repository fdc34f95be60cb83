"""Encrypted model fields: the one family of field types for protected data.

Values are encrypted in ``get_prep_value`` and decrypted in ``from_db_value``, so the database, its
dumps and backups never hold the plaintext. Encrypted columns cannot be filtered or searched; use a
separate blind-index column (``core.crypto.blind_index``) for exact lookup.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from reprisals.core import crypto


class EncryptedMixin:
    """Encrypts on the way in, decrypts on the way out; empty stays empty."""

    protected = True

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if value is None or value == "":
            return "" if value == "" else value
        return crypto.decrypt(value)

    def to_python(self, value: Any) -> Any:
        """Input (forms, the API, validation, a restore) is plaintext, kept as given. Never decrypt it here: a
        ciphertext copied from a stolen database and typed into a field would come back decrypted when the
        field is revealed, and text that merely looks like a ciphertext would fail to decrypt."""
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_internal_type(self) -> str:
        return "TextField"


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedCharField(EncryptedMixin, models.TextField):
    """A short protected value; ``max_length`` is checked on the plaintext, the column is text."""

    def __init__(self, *args: Any, max_length: int = 255, **kwargs: Any) -> None:
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return forms.CharField(max_length=self.plain_max_length, required=not self.blank, **kwargs)

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if value and len(value) > self.plain_max_length:
            from django.core.exceptions import ValidationError

            raise ValidationError(
                "Ensure this value has at most %(limit)d characters.",
                code="max_length",
                params={"limit": self.plain_max_length},
            )


def protected_field_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.get_fields() if getattr(f, "protected", False)]
