"""Re-encrypt every protected value under the current data key, and recompute blind indexes.

Run after moving the old key to ``REPRISALS_DATA_KEYS_OLD`` and setting the new one as
``REPRISALS_DATA_KEY``. Values already under the current key are left alone, so an interrupted
rotation can simply be run again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import connection, models, transaction

from reprisals.core import crypto
from reprisals.core.fields import EncryptedMixin

# Other apps that keep encrypted bytes outside the field family register a function here that
# re-encrypts them and returns how many values it rewrote.
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
