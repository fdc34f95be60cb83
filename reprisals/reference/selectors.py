"""Reads of reference data on hot paths: the id of a State, UN body or term by its code. Every filter of
the case list API names its State, body, form or role by code, so each request resolves up to four.

Ids found are remembered for a minute in this process (``REMEMBER_SECONDS``), and forgotten at once
when this process saves or deletes a row of reference data; another process's edit is seen within the
minute. Only ids found are remembered, so a code added anywhere is found at once. A query is compiled
once (``core.prepared``), not by the ORM each time.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from reprisals.core.prepared import PreparedQueries, StandIns

REMEMBER_SECONDS = 60.0
_IDS = PreparedQueries(size=64)
_found: dict[tuple[Any, ...], tuple[int, float]] = {}
_lock = threading.Lock()
_clock = time.monotonic


def reference_id(model: type[Model], **lookup: Any) -> int | None:
    """The id of the one row of ``model`` matching ``lookup`` exactly (texts and numbers; a flag such as
    ``is_active=True`` is part of the query's shape), or None."""
    key = (model._meta.label, *sorted(lookup.items()))
    now = _clock()
    with _lock:
        known = _found.get(key)
    if known is not None and known[1] > now:
        return known[0]
    pk = _query(model, lookup)
    if pk is not None:
        with _lock:
            if len(_found) > 10_000:
                _found.clear()
            _found[key] = (pk, now + REMEMBER_SECONDS)
    return pk


def _query(model: type[Model], lookup: dict[str, Any]) -> int | None:
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


def forget(**_kwargs: Any) -> None:
    """Forget every remembered id (a row of reference data changed in this process)."""
    with _lock:
        _found.clear()


def connect_signals() -> None:
    from reprisals.reference.models import Country, Entity, Term, UNBody

    for model in (Country, Entity, Term, UNBody):
        post_save.connect(forget, sender=model, dispatch_uid=f"reference-ids-saved-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"reference-ids-deleted-{model.__name__}")
