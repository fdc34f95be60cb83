"""The tamper-evident audit log: every write and every read of a protected field is recorded.

``audit_record`` appends one entry inside the caller's transaction, chained to the previous one in two
ways. Its seal (``hash``) is an HMAC-SHA256, over a canonical JSON form that includes the previous entry's
seal, under the audit key derived from the data key (``crypto.audit_key``): whoever can write to the
database but does not hold the data key cannot seal an edited entry, nor re-chain the entries after it.
Each entry names the data key that sealed it (``key_id``); entries written before keyed sealing have key
id "" and a plain SHA-256, and are accepted only before the first keyed entry. Every entry written since is
marked ``sealed_at_write``, in its seal and its content hash: such an entry sealed without a key is a break,
and clearing the mark changes its content hash, so a writer without the key cannot pass the log off as
legacy entries past an anchor. Key ids only move forward:
after an entry sealed with key K, a later entry sealed with another key J is a break unless J is the
current data key (a rotation moved forward).

Its content hash (``content_hash``) is an unkeyed running digest, SHA-256 of the previous entry's
content hash and of the entry's body without key id and seals. No key changes it and a re-seal under a
new key never rewrites it, so an anchor ``SEQ:CONTENT_HASH`` printed by ``audit_head`` and kept off-site
stays valid across key rotations and catches a rewrite even by whoever holds the data key.

``audit_check`` reads the head first, then recomputes the chain up to it (later entries are newer than
this check) and names the first entry whose content, order, predecessor, key, seal or content hash does
not match; given anchors it also checks that those entries still have those content hashes, which catches
a log cut short together with its head. It also lists the breaks accepted along the chain (its verified
``audit.accept_break`` entries): a chain that holds since one was re-sealed from scratch then.
``audit_reseal`` re-seals the chain under the current key (``reprisals rotate-key``), after checking it
with the operator's anchors, with the head locked; legacy entries only when asked (``--seal-legacy``).
``audit_reseal_broken`` accepts one genuine break, after checking every entry after it on its own and the
anchors.
"""

from __future__ import annotations

import datetime as dt
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
ACCEPT_BREAK_ACTION = "audit.accept_break"
WRITTEN_SEALED = "written sealed with the data key, now sealed without it"


class AuditKeyMissing(Exception):
    """An entry names a data key that is not configured, so its seal cannot be checked."""


def _body(entry: AuditEntry) -> dict[str, Any]:
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
    }
    if entry.sealed_at_write:
        # Written by the keyed code: bound into the seal and the content hash, so that no re-seal changes it
        # and flipping it breaks every anchor from this entry on. Entries without it keep the body they had.
        body["sealed_at_write"] = True
    return body


def _dumps(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _canonical(entry: AuditEntry) -> bytes:
    body = _body(entry)
    body["prev_hash"] = entry.prev_hash
    if entry.key_id != LEGACY:
        # Legacy entries keep the body they were hashed over; keyed ones also bind the key's id.
        body["key_id"] = entry.key_id
    return _dumps(body)


def content_hash(entry: AuditEntry, prev_content: str) -> str:
    """The unkeyed running digest of ``entry``: SHA-256 of the previous entry's content hash and of the
    entry's canonical body without key id and seals. A re-seal never changes it."""
    return hashlib.sha256(prev_content.encode("ascii") + _dumps(_body(entry))).hexdigest()


def _audit_key(key_id: str) -> bytes:
    try:
        return crypto.audit_key(key_id)[1]
    except KeyError:
        raise AuditKeyMissing(
            f"sealed with data key {key_id}, which is not configured: set it in REPRISALS_DATA_KEYS_OLD "
            f"(a configuration problem, not a break)"
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
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"hash": GENESIS, "content_hash": GENESIS})
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
            sealed_at_write=True,
        )
        entry.hash = entry_hash(entry, key)
        entry.content_hash = content_hash(entry, head.content_hash)
        entry.save(force_insert=True)
        head.seq, head.hash, head.content_hash = entry.seq, entry.hash, entry.content_hash
        head.save(update_fields=["seq", "hash", "content_hash"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    entry_id: int
    reason: str
    # True when an entry names a data key that is not configured: a configuration problem, not tampering.
    missing_key: bool = False


@dataclass(frozen=True)
class AcceptedBreak:
    """A break accepted with ``audit_reseal_broken``, as its sealed ``audit.accept_break`` entry records it:
    the chain was re-sealed from scratch then, so it holds only since."""

    seq: int  # the audit.accept_break entry
    break_seq: int | None  # the entry accepted as broken, numbered as it was then
    at: dt.datetime
    actor: str  # the user name recorded, "system" for the command line


@dataclass(frozen=True)
class Check:
    """What ``audit_check`` found: the first break (None when the chain holds), the head it verified
    (sequence number and content hash), and how many entries it walked, of which how many are legacy."""

    broken: ChainBreak | None
    head: tuple[int, str]
    entries: int = 0
    legacy: int = 0
    anchors: int = 0
    # entries sealed with a data key other than the current one: none once a rotation has finished, so any
    # while an old key is still configured may be a rewrite by whoever holds that key
    old_key: int = 0
    # the breaks accepted along the verified chain, oldest first: it holds since the latest of them
    accepted: tuple[AcceptedBreak, ...] = ()


def _key_order_break(entry: AuditEntry, last_key: str | None, current: str) -> str | None:
    """Why ``entry`` may not be sealed as it is, given the key of the latest keyed entry before it
    (``last_key``) and the current data key: an entry written sealed may not be unsealed, a legacy entry
    may not follow keyed ones, and keys only move forward, to the current one. None when it may."""
    if entry.key_id == LEGACY:
        if entry.sealed_at_write:
            return WRITTEN_SEALED
        return "sealed without the key after keyed entries" if last_key is not None else None
    if last_key is not None and entry.key_id != last_key and entry.key_id != current:
        return (f"sealed with data key {entry.key_id} after entries sealed with data key {last_key}: keys "
                f"only move forward, to the current data key {current}")
    return None


def _entries(upto: int) -> Iterator[AuditEntry]:
    return AuditEntry.objects.filter(seq__lte=upto).order_by("id").iterator(chunk_size=2000)


def _newer(head_seq: int) -> Iterator[AuditEntry]:
    return AuditEntry.objects.filter(seq__gt=head_seq).order_by("id").iterator(chunk_size=2000)


def _read_head() -> AuditChainHead | None:
    return AuditChainHead.objects.filter(pk=1).first()


def audit_head() -> tuple[int, str]:
    """The chain head's sequence number and content hash, for an operator to keep off-site as an anchor.
    The content hash does not depend on any key, so the anchor stays valid across key rotations."""
    head = _read_head()
    return (head.seq, head.content_hash) if head is not None else (0, GENESIS)


def audit_verify(anchors: Iterable[tuple[int, str]] = (), *, current_key_only: bool = False) -> ChainBreak | None:
    """The first broken entry, or None when the chain holds (see ``audit_check``)."""
    return audit_check(anchors, current_key_only=current_key_only).broken


def audit_check(anchors: Iterable[tuple[int, str]] = (), *, current_key_only: bool = False) -> Check:
    """See ``_audit_check``. On PostgreSQL, outside a transaction, the check reads one snapshot (REPEATABLE
    READ), so that a re-seal committed while it walks (``rotate-key``) is no false alarm."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return _audit_check(anchors, current_key_only=current_key_only)
    return _audit_check(anchors, current_key_only=current_key_only)


def _audit_check(anchors: Iterable[tuple[int, str]] = (), *, current_key_only: bool = False) -> Check:
    """Read the head, then walk the log up to it in insertion order (entries appended meanwhile are newer
    than this check and left for the next one) and recompute seals and content hashes. ``anchors`` are
    (sequence number, content hash) pairs taken earlier with ``audit_head``: each must still match the
    content hash recomputed for that entry. With ``current_key_only`` every entry must be sealed with the
    current data key (what a completed rotation leaves)."""
    anchored: dict[int, list[str]] = {}
    for seq, value in anchors:
        anchored.setdefault(seq, []).append(value.lower())
    head = _read_head()
    if head is None and AuditEntry.objects.exists():
        head = _read_head()  # the first write may have created it since the first read
        if head is None:
            # Every write moves the head: without it, entries cut off the end of the log would go unseen.
            last = AuditEntry.objects.order_by("-id").first()
            return Check(ChainBreak(last.seq + 1, 0, f"the chain head is missing, so entries after #{last.seq} "
                                                     "may be missing"), (0, GENESIS))
    head_seq = head.seq if head is not None else 0
    head_pair = (head_seq, head.content_hash if head is not None else GENESIS)
    current = crypto.audit_key()[0]
    computed: dict[int, tuple[AuditEntry, str]] = {}
    keys: dict[str, bytes] = {}
    expected_prev = expected_content = GENESIS
    expected_seq = 1
    last_key: str | None = None  # key id of the latest keyed entry
    count = legacy = old_key = 0
    last: AuditEntry | None = None
    accepted: list[AcceptedBreak] = []

    def result(broken: ChainBreak | None) -> Check:
        return Check(broken, head_pair, count, legacy, sum(map(len, anchored.values())), old_key, tuple(accepted))

    def step(entry: AuditEntry) -> ChainBreak | None:
        nonlocal expected_prev, expected_content, expected_seq, last_key, legacy, old_key, last
        if entry.seq != expected_seq:
            return ChainBreak(entry.seq, entry.pk, f"sequence {entry.seq} where {expected_seq} was expected")
        if entry.prev_hash != expected_prev:
            return ChainBreak(entry.seq, entry.pk, "does not follow the previous entry")
        refused = _key_order_break(entry, last_key, current)
        if refused is not None:
            return ChainBreak(entry.seq, entry.pk, refused)
        if entry.key_id == LEGACY:
            key = None
            legacy += 1
        else:
            if entry.key_id not in keys:
                try:
                    keys[entry.key_id] = _audit_key(entry.key_id)
                except AuditKeyMissing as exc:
                    return ChainBreak(entry.seq, entry.pk, str(exc), missing_key=True)
            key = keys[entry.key_id]
            last_key = entry.key_id
            old_key += entry.key_id != current
        if current_key_only and entry.key_id != current:
            sealed = f"data key {entry.key_id}" if entry.key_id else "plain SHA-256, without the key"
            return ChainBreak(entry.seq, entry.pk, (
                f"sealed with {sealed}, not with the current data key {current}, and --current-key-only was "
                f"given: run `reprisals rotate-key`"))
        if not hmac.compare_digest(entry_hash(entry, key).encode(), entry.hash.encode()):
            return ChainBreak(entry.seq, entry.pk, "content does not match its hash")
        expected_content = content_hash(entry, expected_content)
        if entry.content_hash != expected_content:
            return ChainBreak(entry.seq, entry.pk, "its stored content hash does not match its content")
        if entry.seq in anchored:
            computed[entry.seq] = (entry, expected_content)
        if entry.action == ACCEPT_BREAK_ACTION:
            # verified, so sealed by whoever held the data key: the chain was re-sealed from scratch then
            break_seq = entry.payload.get("break_seq") if isinstance(entry.payload, dict) else None
            accepted.append(AcceptedBreak(entry.seq, break_seq if isinstance(break_seq, int) else None, entry.at,
                                          entry.actor_label))
        expected_prev, expected_seq, last = entry.hash, expected_seq + 1, entry
        return None

    for entry in _entries(head_seq):
        broken = step(entry)
        if broken is not None:
            return result(broken)
        count += 1
    last_seq = last.seq if last is not None else 0
    if last_seq != head_seq:
        return result(ChainBreak(last_seq + 1, 0, f"entries after #{last_seq} are missing (the chain head is at "
                                                  f"#{head_seq})"))
    if last is not None and (head.hash != last.hash or head.content_hash != expected_content):
        return result(ChainBreak(last.seq, last.pk, "the chain head does not carry this entry's seal and "
                                                    "content hash"))
    # Entries after the head read are newer than this check, written meanwhile: each writer appends under
    # the head lock, so they must follow the head one by one, sealed. Anything else there (a row added
    # without moving the head) is a break, and would block the next write.
    for entry in _newer(head_seq):
        broken = step(entry)
        if broken is not None:
            return result(ChainBreak(broken.seq, broken.entry_id, f"after the chain head (#{head_seq}): "
                                                                  f"{broken.reason}", broken.missing_key))
    for seq in sorted(anchored):
        for value in anchored[seq]:
            broken = _anchor_break(seq, value, computed.get(seq), last_seq)
            if broken is not None:
                return result(broken)
    return result(None)


def _anchor_break(seq: int, value: str, found: tuple[AuditEntry, str] | None, last_seq: int) -> ChainBreak | None:
    """Whether the verified chain still has the content hash ``value`` at entry ``seq``."""
    if seq == 0 and value == GENESIS:
        return None
    if found is None:
        return ChainBreak(seq, 0, f"the anchor {seq}:{value} names an entry that is not in the log "
                                  f"(it ends at #{last_seq}): entries were removed")
    entry, computed = found
    if hmac.compare_digest(computed.encode(), value.encode()):
        return None
    if hmac.compare_digest(entry.hash.encode(), value.encode()):
        return ChainBreak(seq, entry.pk, f"the anchor {seq}:{value} is this entry's seal, not a content anchor "
                                         "(anchors taken before content hashes were seals): take a new one with "
                                         "`reprisals audit head`")
    return ChainBreak(seq, entry.pk, f"does not have the anchored content hash {value} (its content hash is "
                                     f"{computed}): the log was rewritten up to this entry")


class ChainBrokenError(Exception):
    """The chain does not verify, so it is not re-sealed."""

    def __init__(self, broken: ChainBreak) -> None:
        self.broken = broken
        if broken.missing_key:
            message = f"audit entry #{broken.seq} (row {broken.entry_id}) is {broken.reason}"
        else:
            message = f"the audit chain is broken at entry #{broken.seq} (row {broken.entry_id}): {broken.reason}"
        super().__init__(message)


@dataclass(frozen=True)
class Reseal:
    entries: int
    key_id: str
    old_head: tuple[int, str]
    empty: bool = False


class LegacyEntriesError(Exception):
    """The chain holds entries sealed without the key, and re-sealing them was not asked for explicitly."""

    def __init__(self, count: int, first_seq: int) -> None:
        self.count, self.first_seq = count, first_seq
        super().__init__(
            f"{count} audit entries, from #{first_seq}, are sealed with plain SHA-256, without the key: they are "
            "re-sealed only with --seal-legacy, once after upgrading and with your anchors (a database writer "
            "without the key can rewrite such entries, so check them with the anchors you keep off-site first)")


def audit_reseal(*, actor: Any = None, anchors: Iterable[tuple[int, str]] = (), seal_legacy: bool = False,
                 batch: int = 2000) -> Reseal:
    """Re-seal the chain under the current data key, in one transaction with the head locked: first
    verify it, with ``anchors``, under the keys its entries name (a broken chain raises ``ChainBrokenError``
    and nothing changes), then re-seal every entry not yet under the current key and every entry after it,
    move the head, and record the re-seal. Legacy entries (sealed without the key) are re-sealed only with
    ``seal_legacy`` (``LegacyEntriesError`` otherwise, and nothing changes). Content hashes are left as they
    are, so anchors stay valid. A chain already wholly under the current key is left as it is (nothing
    recorded), so a rotation can be run again."""
    anchors = list(anchors)
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        check = audit_check(anchors)
        if check.broken is not None:
            raise ChainBrokenError(check.broken)
        if check.legacy and not seal_legacy:
            first = AuditEntry.objects.filter(key_id=LEGACY).order_by("id").values_list("seq", flat=True).first()
            raise LegacyEntriesError(check.legacy, first or 0)
        key_id, key = crypto.audit_key()
        old_head = audit_head()
        if head is None:
            return Reseal(0, key_id, old_head, empty=True)
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
                "entries": resealed, "key_id": key_id, "head_seq": old_head[0], "head_content_hash": old_head[1],
                "legacy": check.legacy})
        return Reseal(resealed, key_id, old_head)



def _later_break(broken: ChainBreak, anchors: list[tuple[int, str]], batch: int) -> ChainBreak | None:
    """Any break other than ``broken`` (the first, to be accepted), checking each entry on its own: entries
    before it were verified by the walk; the entry at ``broken`` may differ in any way from its stored seal,
    content hash and link to its predecessor; every entry after it must carry a valid seal over its own
    stored content and ``prev_hash``, link to its predecessor's stored seal (the one right after the break:
    to the break entry's stored or recomputed seal), follow its sequence number, and have the content hash
    recomputed from its predecessor's stored one (right after the break: stored or recomputed). The head
    must carry the last entry (unless the break is about the head). Anchors at or after the break must
    match the stored content hash of their entry: one that does not, or names an entry that is not there,
    means content was changed or removed since it was taken."""
    anchored: dict[int, list[str]] = {}
    for seq, value in anchors:
        anchored.setdefault(seq, []).append(value.lower())
    keys: dict[str, bytes] = {}
    prev: AuditEntry | None = None
    prev_hashes: set[str] = set()
    prev_contents: set[str] = set()
    last_key: str | None = None
    current = crypto.audit_key()[0]
    seen: set[int] = set()

    def own_seal(entry: AuditEntry) -> str | None:
        if entry.key_id == LEGACY:
            return entry_hash(entry)
        if entry.key_id not in keys:
            try:
                keys[entry.key_id] = _audit_key(entry.key_id)
            except AuditKeyMissing:
                return None
        return entry_hash(entry, keys[entry.key_id])

    def later(entry: AuditEntry, reason: str, missing_key: bool = False) -> ChainBreak:
        return ChainBreak(entry.seq, entry.pk, f"another break after the one accepted (#{broken.seq}): {reason}",
                          missing_key)

    if broken.entry_id:
        # The entry before the break, to check the break entry's neighbours against; and the break entry.
        first = AuditEntry.objects.filter(id=broken.entry_id).first()
        if first is not None:
            before = AuditEntry.objects.filter(id__lt=first.pk).order_by("-id").first()
            before_content = before.content_hash if before is not None else GENESIS
            seal = own_seal(first)
            prev, seen = first, {first.seq}
            prev_hashes = {first.hash} | ({seal} if seal else set())
            prev_contents = {first.content_hash, content_hash(first, before_content)}
            if first.key_id != LEGACY:
                last_key = first.key_id
            last_id = first.pk
            while chunk := list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch]):
                for entry in chunk:
                    if entry.seq != prev.seq + 1:
                        return later(entry, f"sequence {entry.seq} where {prev.seq + 1} was expected")
                    if entry.prev_hash not in prev_hashes:
                        return later(entry, "does not follow the previous entry")
                    refused = _key_order_break(entry, last_key, current)
                    if refused is not None:
                        return later(entry, refused)
                    seal = own_seal(entry)
                    if seal is None:
                        return later(entry, f"sealed with data key {entry.key_id}, which is not configured: set "
                                            "it in REPRISALS_DATA_KEYS_OLD", missing_key=True)
                    if not hmac.compare_digest(seal.encode(), entry.hash.encode()):
                        return later(entry, "content does not match its hash")
                    if not any(hmac.compare_digest(content_hash(entry, p).encode(), entry.content_hash.encode())
                               for p in prev_contents):
                        return later(entry, "its stored content hash does not match its content")
                    if entry.key_id != LEGACY:
                        last_key = entry.key_id
                    prev, prev_hashes, prev_contents = entry, {entry.hash}, {entry.content_hash}
                    seen.add(entry.seq)
                    for value in anchored.get(entry.seq, ()):
                        if not hmac.compare_digest(entry.content_hash.encode(), value.encode()):
                            return later(entry, f"does not have the anchored content hash {value}: content was "
                                                "changed up to this entry since the anchor was taken")
                last_id = chunk[-1].pk
            for value in anchored.get(first.seq, ()):
                if not hmac.compare_digest(first.content_hash.encode(), value.encode()):
                    return ChainBreak(first.seq, first.pk, f"does not have the anchored content hash {value} in "
                                                           "its stored content hash column either")
            head = _read_head()
            if "chain head" not in broken.reason and (
                    head is None or (head.seq, head.hash, head.content_hash) != (prev.seq, prev.hash,
                                                                                 prev.content_hash)):
                return ChainBreak(prev.seq, prev.pk, f"another break after the one accepted (#{broken.seq}): the "
                                                     "chain head does not carry the last entry's seal and content "
                                                     "hash")
    for seq in sorted(anchored):
        if seq >= broken.seq and seq not in seen:
            return ChainBreak(seq, 0, f"the anchor {seq}:{anchored[seq][0]} names an entry that is not in the log "
                                      "after the break: entries were removed since it was taken")
    return None


def audit_reseal_broken(accept: int, *, actor: Any = None, anchors: Iterable[tuple[int, str]] = (),
                        batch: int = 2000) -> Reseal:
    """The way out of a genuinely broken chain (disk damage, a bad restore): with the head locked, check
    that the chain's first break is at entry ``accept`` exactly (``ValueError`` otherwise, and when the
    chain holds or a data key is only missing from the configuration), that the ``anchors`` before it match
    and that there is no other break after it (``_later_break``: ``ValueError`` naming it), then re-seal
    every entry from scratch under the current data key, in insertion order, renumbering them when entries
    are missing, recompute the content hashes, move the head, and record (sealed) the break accepted, the
    accepted entry's old seal and content hash, the head it replaced and how many entries were re-sealed.
    Anchors before the break keep matching, and so do those after it unless content changed at the break:
    an anchor that stops matching is evidence of that change, to keep."""
    anchors = list(anchors)
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        check = audit_check([a for a in anchors if a[0] < accept])
        broken = check.broken
        if broken is None:
            raise ValueError("the audit chain is not broken: there is no break to accept")
        if broken.missing_key:
            raise ValueError(f"audit entry #{broken.seq} is {broken.reason}; nothing was re-sealed")
        if broken.seq != accept:
            raise ValueError(f"the audit chain's first break is at entry #{broken.seq}, not #{accept} "
                             f"({broken.reason}); nothing was re-sealed")
        early = [a for a in anchors if a[0] < accept]
        if early:
            # The walk stopped at the break: check the anchors before it on the verified prefix.
            for seq, value in early:
                if seq == 0 and value.lower() == GENESIS:
                    continue
                stored = AuditEntry.objects.filter(seq=seq).values_list("content_hash", flat=True).first()
                if stored is None or not hmac.compare_digest(stored.encode(), value.lower().encode()):
                    raise ValueError(f"audit entry #{seq} does not have the anchored content hash {value}: the log "
                                     "was rewritten before the break; nothing was re-sealed")
        later = _later_break(broken, [a for a in anchors if a[0] >= accept], batch)
        if later is not None:
            raise ValueError(f"audit entry #{later.seq}: {later.reason}. Only one break can be accepted at a time: "
                             f"nothing was re-sealed")
        accepted = AuditEntry.objects.filter(id=broken.entry_id).first() if broken.entry_id else None
        old_head = (head.seq, head.hash, head.content_hash) if head is not None else None
        key_id, key = crypto.audit_key()
        numbered = True
        for position, seq in enumerate(AuditEntry.objects.order_by("id").values_list("seq", flat=True)
                                       .iterator(chunk_size=batch), start=1):
            if seq != position:
                numbered = False
                break
        if not numbered:
            # Free every number first, so that renumbering never collides with the unique constraint.
            AuditEntry.objects.update(seq=-models.F("id"))
        prev = prev_content = GENESIS
        position, last_id = 0, 0
        while chunk := list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch]):
            for entry in chunk:
                position += 1
                entry.seq, entry.key_id, entry.prev_hash = position, key_id, prev
                entry.hash = prev = entry_hash(entry, key)
                entry.content_hash = prev_content = content_hash(entry, prev_content)
            AuditEntry.objects.bulk_update(chunk, ["seq", "key_id", "prev_hash", "hash", "content_hash"],
                                           batch_size=500)
            last_id = chunk[-1].pk
        AuditChainHead.objects.update_or_create(
            pk=1, defaults={"seq": position, "hash": prev, "content_hash": prev_content})
        audit_record(actor=actor, action=ACCEPT_BREAK_ACTION, payload={
            "break_seq": broken.seq, "reason": broken.reason, "entries": position, "key_id": key_id,
            "anchors": len(anchors),
            "break_hash": accepted.hash if accepted else None,
            "break_content_hash": accepted.content_hash if accepted else None,
            "head_seq": old_head[0] if old_head else None, "head_hash": old_head[1] if old_head else None,
            "head_content_hash": old_head[2] if old_head else None})
        return Reseal(position, key_id, (old_head[0], old_head[2]) if old_head else (0, GENESIS))
