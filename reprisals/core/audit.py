"""The tamper-evident audit log: every write and every read of a protected field is recorded.

``audit_record`` appends one entry inside the caller's transaction, chained to the previous one by
SHA-256 over a canonical JSON form. ``audit_verify`` recomputes the chain and names the first entry
whose content, order or predecessor does not match.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from reprisals.core.context import client_ip
from reprisals.core.models import AuditChainHead, AuditEntry

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "ip": entry.ip,
        "payload": entry.payload,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _object_ref(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. ``actor`` is a user or None (the system). Call inside the write's transaction."""
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"hash": GENESIS})
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        entry = AuditEntry(
            seq=head.seq + 1,
            # Stored to the microsecond; truncation by the database would change the hash.
            at=timezone.now(),
            actor_id=actor.pk if authenticated else None,
            actor_label=actor.get_username() if authenticated else "system",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            ip=client_ip.get(),
            payload=payload or {},
            prev_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    entry_id: int
    reason: str


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("id").iterator(chunk_size=2000)


def audit_verify() -> ChainBreak | None:
    """Walk the log in insertion order; return the first broken entry, or None when the chain holds."""
    expected_prev = GENESIS
    expected_seq = 1
    last: AuditEntry | None = None
    for entry in _entries():
        if entry.seq != expected_seq:
            return ChainBreak(entry.seq, entry.pk, f"sequence {entry.seq} where {expected_seq} was expected")
        if entry.prev_hash != expected_prev:
            return ChainBreak(entry.seq, entry.pk, "does not follow the previous entry")
        if entry_hash(entry) != entry.hash:
            return ChainBreak(entry.seq, entry.pk, "content does not match its hash")
        expected_prev, expected_seq, last = entry.hash, expected_seq + 1, entry
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and last is not None:
        # Every write moves the head: without it, entries cut off the end of the log would go unseen.
        return ChainBreak(last.seq + 1, 0, f"the chain head is missing, so entries after #{last.seq} may be missing")
    if head is not None and (last is None or head.hash != last.hash or head.seq != last.seq):
        seq = last.seq + 1 if last else 1
        return ChainBreak(seq, 0, f"entries after #{seq - 1} are missing (the chain head is at #{head.seq})")
    return None
