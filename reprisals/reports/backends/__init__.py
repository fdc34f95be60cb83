"""The document back-ends (DOCX, PDF through HTML, HTML). Each lays out a ``render.DocumentView`` after
``printable_view``, so no stored text (a name with a control character typed before inputs refused them)
can make a document fail: what XML cannot hold is left out (``core.text.printable``)."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from reprisals.core.text import printable

T = TypeVar("T")


def printable_view(value: T) -> T:
    """A copy of ``value`` (a view, its dataclasses, lists and dicts) with every string made printable;
    bytes (the charts' PNG) and numbers are kept as they are."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: object) -> object:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _clean(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value
