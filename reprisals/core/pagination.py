"""Keyset cursors for API lists ordered newest first by id: opaque to clients, checked on the way in."""

from __future__ import annotations

import base64
import binascii

from reprisals.core.errors import ValidationFailed

MAX_ID = 2**63 - 1  # the largest id a 64-bit primary key holds (PostgreSQL's bigint, SQLite's integer)


def cursor_decode(cursor: str | None) -> int | None:
    """The id after which the next page starts, or None for the first page; 422 on a forged cursor."""
    if not cursor:
        return None
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode("ascii") + b"==").decode("ascii"))
    except (binascii.Error, ValueError, UnicodeError):
        raise ValidationFailed.single("cursor", "not a cursor returned by this API") from None
    if not 0 < value <= MAX_ID:  # past any id the databases hold: their drivers would fail on it
        raise ValidationFailed.single("cursor", "not a cursor returned by this API")
    return value


def cursor_encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode("ascii")).decode("ascii").rstrip("=")
