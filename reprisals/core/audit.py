"""The tamper-evident audit log: every write and every read of a protected field is recorded.

``audit_record`` appends one entry inside the caller's transaction, chained to the previous one: its
hash is an HMAC-SHA256, over a canonical JSON form that includes the previous entry's hash, under the
audit key derived from the data key (``crypto.audit_key``). Whoever can write to the database but does
not hold the data key cannot seal an edited entry, nor re-chain the entries after it. Each entry names
the data key that sealed it (``key_id``); entries written before keyed sealing have key id "" and a plain
SHA-256, and are accepted only before the first keyed entry.

``audit_verify`` recomputes the chain and names the first entry whose content, order, predecessor or
seal does not match; given anchors (sequence numbers and hashes kept off-site from ``audit_head``) it
also checks that those entries still carry those hashes, which catches a log cut short together with its
head. ``audit_reseal`` re-seals the chain under the current key (``reprisals rotate-key``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from reprisals.core import crypto
from reprisals.core.context import client_ip
from reprisals.core.models import AuditChainHead, AuditEntry

GENESIS = "0" * 64
LEGACY = ""  # key id of the entries sealed with plain SHA-256, before keyed sealing
RESEAL_ACTION = "audit.reseal"


class AuditKeyMissing(Exception):
    """An entry names a data key that is not configured, so its seal cannot be checked."""


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
    if entry.key_id != LEGACY:
        # Legacy entries keep the body they were hashed over; keyed ones also bind the key's id.
        body["key_id"] = entry.key_id
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _audit_key(key_id: str) -> bytes:
    try:
        return crypto.audit_key(key_id)[1]
    except KeyError:
        raise AuditKeyMissing(
            f"sealed with data key {key_id}, which is not configured (set it in REPRISALS_DATA_KEYS_OLD)"
        ) from None


def entry_hash(entry: AuditEntry, key: bytes | None = None) -> str:
    """The seal of ``entry``: HMAC-SHA256 under the audit key of the data key ``entry.key_id`` names
    (``key`` when the caller already derived it), or plain SHA-256 for a legacy entry."""
    if entry.key_id == LEGACY:
        return hashlib.sha256(_canonical(entry)).hexdigest()
    if key is None:
        key = _audit_key(entry.key_id)
    return hmac.new(key, _canonical(entry), hashlib.sha256).hexdigest()


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
        key_id, key = crypto.audit_key()
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
            key_id=key_id,
        )
        entry.hash = entry_hash(entry, key)
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


def audit_head() -> tuple[int, str]:
    """The chain head's sequence number and hash, for an operator to keep off-site as an anchor."""
    head = AuditChainHead.objects.filter(pk=1).first()
    return (head.seq, head.hash) if head is not None else (0, GENESIS)


def audit_verify(anchors: Iterable[tuple[int, str]] = ()) -> ChainBreak | None:
    """Walk the log in insertion order; return the first broken entry, or None when the chain holds.
    ``anchors`` are (sequence number, hash) pairs taken earlier with ``audit_head``: each entry must still
    carry its anchored hash."""
    anchored = {seq: value.lower() for seq, value in anchors}
    found: dict[int, AuditEntry] = {}
    reseals: list[AuditEntry] = []
    keys: dict[str, bytes] = {}
    expected_prev = GENESIS
    expected_seq = 1
    keyed = False
    last: AuditEntry | None = None
    for entry in _entries():
        if entry.seq != expected_seq:
            return ChainBreak(entry.seq, entry.pk, f"sequence {entry.seq} where {expected_seq} was expected")
        if entry.prev_hash != expected_prev:
            return ChainBreak(entry.seq, entry.pk, "does not follow the previous entry")
        if entry.key_id == LEGACY:
            if keyed:
                return ChainBreak(entry.seq, entry.pk, "sealed without the key after keyed entries")
            key = None
        else:
            keyed = True
            if entry.key_id not in keys:
                try:
                    keys[entry.key_id] = _audit_key(entry.key_id)
                except AuditKeyMissing as exc:
                    return ChainBreak(entry.seq, entry.pk, str(exc))
            key = keys[entry.key_id]
        if not hmac.compare_digest(entry_hash(entry, key).encode(), entry.hash.encode()):
            return ChainBreak(entry.seq, entry.pk, "content does not match its hash")
        if entry.seq in anchored:
            found[entry.seq] = entry
        if entry.action == RESEAL_ACTION and entry.key_id != LEGACY:
            # Only a keyed entry vouches for an old head: anyone can write a legacy one.
            reseals.append(entry)
        expected_prev, expected_seq, last = entry.hash, expected_seq + 1, entry
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and last is not None:
        # Every write moves the head: without it, entries cut off the end of the log would go unseen.
        return ChainBreak(last.seq + 1, 0, f"the chain head is missing, so entries after #{last.seq} may be missing")
    if head is not None and (last is None or head.hash != last.hash or head.seq != last.seq):
        seq = last.seq + 1 if last else 1
        return ChainBreak(seq, 0, f"entries after #{seq - 1} are missing (the chain head is at #{head.seq})")
    for seq, value in anchored.items():
        broken = _anchor_break(seq, value, found.get(seq), reseals, last.seq if last else 0)
        if broken is not None:
            return broken
    return None


def _anchor_break(seq: int, value: str, entry: AuditEntry | None, reseals: list[AuditEntry],
                  last_seq: int) -> ChainBreak | None:
    """Whether the verified chain still carries the anchor ``seq:value``. A key rotation re-seals every
    entry, so an anchor taken before it is also accepted when it is the head that the rotation recorded
    (under the new key) as re-sealed."""
    if seq == 0 and value == GENESIS:
        return None
    if any(r.payload.get("old_head_seq") == seq and r.payload.get("old_head_hash") == value for r in reseals):
        return None
    if entry is None:
        return ChainBreak(seq, 0, f"the anchor {seq}:{value} names an entry that is not in the log "
                                  f"(it ends at #{last_seq}): entries were removed")
    if entry.hash == value:
        return None
    reason = f"does not carry the anchored hash {value} (it carries {entry.hash})"
    later = [r for r in reseals if r.seq > seq]
    if later:
        rotation = later[0]
        reason += (f"; the chain was re-sealed by a key rotation at entry #{rotation.seq}, and anchors taken "
                   f"before a rotation no longer match: compare yours with the head the rotation recorded, "
                   f"{rotation.payload.get('old_head_seq')}:{rotation.payload.get('old_head_hash')}")
    return ChainBreak(seq, entry.pk, reason)


class ChainBrokenError(Exception):
    """The chain does not verify, so it is not re-sealed."""

    def __init__(self, broken: ChainBreak) -> None:
        self.broken = broken
        super().__init__(f"the audit chain is broken at entry #{broken.seq} (row {broken.entry_id}): {broken.reason}")


@dataclass(frozen=True)
class Reseal:
    entries: int
    key_id: str
    old_head: tuple[int, str]


def audit_reseal(*, actor: Any = None, batch: int = 2000) -> Reseal:
    """Re-seal the chain under the current data key, in one transaction with the head locked: first
    verify it under the keys its entries name (a broken chain raises ``ChainBrokenError`` and nothing
    changes), then re-seal every entry not yet under the current key (legacy ones too) and every entry
    after it, move the head, and record the re-seal with the head it replaced. A chain already wholly
    under the current key is left as it is (nothing recorded), so a rotation can be run again."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        broken = audit_verify()
        if broken is not None:
            raise ChainBrokenError(broken)
        key_id, key = crypto.audit_key()
        old_head = audit_head()
        prev, resealed, last_id = GENESIS, 0, 0
        while chunk := list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch]):
            changed = []
            for entry in chunk:
                if resealed == 0 and not changed and entry.key_id == key_id:
                    prev = entry.hash  # already sealed under this key, and so is everything before it
                    continue
                entry.key_id, entry.prev_hash = key_id, prev
                entry.hash = prev = entry_hash(entry, key)
                changed.append(entry)
            AuditEntry.objects.bulk_update(changed, ["key_id", "prev_hash", "hash"], batch_size=500)
            resealed += len(changed)
            last_id = chunk[-1].pk
        if resealed:
            head.hash = prev
            head.save(update_fields=["hash"])
            audit_record(actor=actor, action=RESEAL_ACTION, payload={
                "entries": resealed, "key_id": key_id, "old_head_seq": old_head[0], "old_head_hash": old_head[1]})
        return Reseal(resealed, key_id, old_head)
