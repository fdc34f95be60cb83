"""Re-encrypt every protected value under the current data key, recompute blind indexes, and re-seal
the audit chain.

Run after moving the old key to ``REPRISALS_DATA_KEYS_OLD``, setting the new one as
``REPRISALS_DATA_KEY`` and restarting every process with it. Values already under the current key are left
alone, so an interrupted rotation can simply be run again. ``rotate_key`` re-encrypts first, whatever the
state of the audit chain (protecting the data comes first), then re-seals the chain only when it verifies,
with the operator's anchors: re-sealing a broken chain would vouch for the tampering under the new key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction

from reprisals.core import crypto
from reprisals.core.audit import ChainBreak, ChainBrokenError, LegacyEntriesError, Reseal, audit_reseal
from reprisals.core.fields import EncryptedMixin

# Other apps that keep encrypted bytes outside the field family (attachments, evidence files) register
# a function here that re-encrypts them and returns how many values it rewrote (``rotate_blobs``).
EXTRA_ROTATIONS: list[Callable[[], int]] = []

# Blind-index columns, recomputed with the new key: model label -> {protected field: index field}.
BLIND_INDEXES: dict[str, dict[str, str]] = {"cases.affectedparty": {"protected_name": "protected_name_index"}}


def _encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]


def rotate_all(batch: int = 500) -> dict[str, int]:
    """Rewrite stale ciphertexts model by model; returns how many rows changed per model."""
    current = crypto.keyring()[0].key_id
    changed: dict[str, int] = {}
    for model in apps.get_models():
        fields = _encrypted_fields(model)
        if not fields:
            continue
        label = model._meta.label_lower
        indexes = BLIND_INDEXES.get(label, {})
        table, pk = model._meta.db_table, model._meta.pk.column
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        stale: list[int] = []
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {connection.ops.quote_name(pk)}, {columns} FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                if any(v and crypto.key_id_of(v) != current for v in row[1:]):
                    stale.append(row[0])
        for start in range(0, len(stale), batch):
            with transaction.atomic():
                objs = list(model._base_manager.filter(pk__in=stale[start:start + batch]))
                for obj in objs:
                    for source, index in indexes.items():
                        value = getattr(obj, source)
                        setattr(obj, index, crypto.blind_index(value) if value else "")
                model._base_manager.bulk_update(objs, [f.name for f in fields] + list(indexes.values()))
        if stale:
            changed[label] = len(stale)
    for rotate in EXTRA_ROTATIONS:
        count = rotate()
        if count:
            changed[rotate.__module__] = count
    return changed


@dataclass(frozen=True)
class Rotation:
    """What ``rotate_key`` did: rows re-encrypted per model, and either the re-seal or the break that
    stopped it (the chain is then not re-sealed)."""

    changed: dict[str, int]
    reseal: Reseal | None
    broken: ChainBreak | None
    # Set when the chain holds legacy entries (sealed without the key) and ``seal_legacy`` was not given:
    # the chain is then not re-sealed.
    legacy: LegacyEntriesError | None = None


def rotate_key(*, actor: object = None, anchors: Iterable[tuple[int, str]] = (), seal_legacy: bool = False) -> Rotation:
    """The whole rotation: re-encrypt (``rotate_all``), always; then re-seal the chain under the current
    key (``audit_reseal``), which verifies it with ``anchors`` with the head locked, so that writes by the
    live site meanwhile are no false alarm. A broken chain is not re-sealed: the break is returned; nor is a
    chain holding legacy entries unless ``seal_legacy``."""
    changed = rotate_all()
    try:
        return Rotation(changed, audit_reseal(actor=actor, anchors=anchors, seal_legacy=seal_legacy), None)
    except ChainBrokenError as exc:
        return Rotation(changed, None, exc.broken)
    except LegacyEntriesError as exc:
        return Rotation(changed, None, None, exc)


def rotate_blobs(model: type[models.Model], field: str, key_id_of: Callable[[bytes], str | None],
                 reseal: Callable[[models.Model, bytes], bytes], batch: int = 50) -> int:
    """Re-encrypt the sealed files of ``field`` whose key is not the current one: ``key_id_of`` reads the
    key id of a blob, ``reseal`` decrypts it (with any key of the ring) and seals it again. Files are read
    a few at a time, and each batch is written in one transaction, so an interrupted rotation is run again."""
    current = crypto.keyring()[0].key_id
    rows = model._base_manager.exclude(**{f"{field}__isnull": True}).values_list("pk", field)
    stale = [pk for pk, blob in rows.iterator(chunk_size=batch) if blob and key_id_of(bytes(blob)) != current]
    for start in range(0, len(stale), batch):
        with transaction.atomic():
            objs = list(model._base_manager.select_for_update().filter(pk__in=stale[start:start + batch]))
            for obj in objs:
                setattr(obj, field, reseal(obj, bytes(getattr(obj, field))))
            model._base_manager.bulk_update(objs, [field])
    return len(stale)
