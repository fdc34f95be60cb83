"""Reads of reference data on hot paths: the id of a State, UN body or term by its code, from SQL
compiled once (``core.prepared``) rather than built by the ORM on every request. Every filter of the
case list API names its State, body, form or role by code, so each request resolves up to four."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from reprisals.core.prepared import PreparedQueries, StandIns

_IDS = PreparedQueries(size=64)


def reference_id(model: type[Model], **lookup: Any) -> int | None:
    """The id of the one row of ``model`` matching ``lookup`` exactly (texts and numbers; a flag such as
    ``is_active=True`` is part of the query's shape), or None."""
    flags = tuple(sorted((k, v) for k, v in lookup.items() if isinstance(v, bool)))
    values = {k: v for k, v in lookup.items() if not isinstance(v, bool)}
    shape = (model._meta.label, flags, tuple(sorted((k, type(v).__name__) for k, v in values.items())))

    def build(stand: StandIns) -> Any:
        given = {k: stand.int(k) if isinstance(v, int) else stand.text(k) for k, v in sorted(values.items())}
        return model._default_manager.filter(**given, **dict(flags)).values_list("pk")[:1]

    def ordinary() -> Any:
        return model._default_manager.filter(**lookup).values_list("pk")[:1]

    rows = _IDS.rows(shape, build, values, ordinary)
    return rows[0][0] if rows else None
