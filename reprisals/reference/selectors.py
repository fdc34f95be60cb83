"""Reads of reference data on hot paths: the id of a State, UN body or term by its code. Every filter of
the case list API names its State, body, form or role by code, so each request resolves up to four.

Ids found are remembered for a minute in this process (``REMEMBER_SECONDS``), and forgotten at once
when this process saves or deletes a row of reference data; another process's edit is seen within the
minute. Only ids found are remembered, so a code added anywhere is found at once.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

REMEMBER_SECONDS = 60.0
_found: dict[tuple[Any, ...], tuple[int, float]] = {}
_lock = threading.Lock()
_clock = time.monotonic


def reference_id(model: type[Model], **lookup: Any) -> int | None:
    """The id of the one row of ``model`` matching ``lookup`` exactly, or None."""
    key = (model._meta.label, *sorted(lookup.items()))
    now = _clock()
    with _lock:
        known = _found.get(key)
    if known is not None and known[1] > now:
        return known[0]
    pk = model._default_manager.filter(**lookup).values_list("pk", flat=True).first()
    if pk is not None:
        with _lock:
            if len(_found) > 10_000:
                _found.clear()
            _found[key] = (pk, now + REMEMBER_SECONDS)
    return pk


def forget(**_kwargs: Any) -> None:
    """Forget every remembered id (a row of reference data changed in this process)."""
    with _lock:
        _found.clear()


def connect_signals() -> None:
    from reprisals.reference.models import Country, Entity, Term, UNBody

    for model in (Country, Entity, Term, UNBody):
        post_save.connect(forget, sender=model, dispatch_uid=f"reference-ids-saved-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"reference-ids-deleted-{model.__name__}")
