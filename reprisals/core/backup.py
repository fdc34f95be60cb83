"""Encrypted, verified backups of the whole register, and restore onto an empty database.

Format (``reprisals-backup/1``): a JSON header line, then length-prefixed chunks sealed with
AES-256-GCM under the data key. Each chunk's associated data binds the backup id, the chunk index and
whether it is the last one, so chunks cannot be dropped, reordered or spliced between backups. The
plaintext is JSON Lines, one database row per line (protected fields in clear inside the sealed
stream, so a restore re-encrypts them under whatever key is current); the last chunk holds a trailer
with the SHA-256 of all row lines and the row count per model.

A restore loads everything in one transaction, re-serialises the restored rows in the same order and
compares their SHA-256 with the trailer's, then verifies the audit chain: any difference rolls back.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import struct
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from reprisals.core import crypto
from reprisals.core.audit import audit_verify

FORMAT = "reprisals-backup/1"
CHUNK_BYTES = 1 << 20
APP_LABELS = ("reference", "accounts", "core", "cases", "followup", "intake", "linkage", "trackers", "reports")
SKIPPED_FIELDS = {"accounts.user": {"groups", "user_permissions"}}


class BackupError(Exception):
    """The backup cannot be written, read, or restored faithfully."""


@dataclass(frozen=True)
class BackupSummary:
    rows: int
    counts: dict[str, int]
    sha256: str


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model of the project's apps. Order does not matter on load: foreign keys are
    checked at commit (deferred) on both SQLite and PostgreSQL."""
    return [m for m in apps.get_models() if m._meta.app_label in APP_LABELS and not m._meta.proxy]


class _Encoder(json.JSONEncoder):
    """Keeps datetimes to the microsecond (Django's encoder drops them, which would break audit hashes)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.date | dt.time):
            return o.isoformat()
        if isinstance(o, bytes | memoryview):
            return base64.b64encode(bytes(o)).decode("ascii")
        return str(o)


def _m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    return [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


def _row_lines() -> Iterator[tuple[str, bytes]]:
    """Every row as one canonical JSON line: concrete columns by attribute name (protected fields
    decrypted), many-to-many links as sorted id lists."""
    for model in backed_up_models():
        label = model._meta.label_lower
        skipped = SKIPPED_FIELDS.get(label, set())
        attnames = [f.attname for f in model._meta.concrete_fields]
        links: dict[str, dict[Any, list[Any]]] = {}
        for field in _m2m_fields(model):
            if field.name in skipped:
                continue
            through = field.remote_field.through
            source, target = field.m2m_column_name(), field.m2m_reverse_name()
            grouped: dict[Any, list[Any]] = {}
            for a, b in through.objects.values_list(source, target).iterator(chunk_size=5000):
                grouped.setdefault(a, []).append(b)
            links[field.name] = grouped
        for values in model._default_manager.order_by("pk").values_list(*attnames).iterator(chunk_size=2000):
            row = dict(zip(attnames, values, strict=True))
            pk = row[model._meta.pk.attname]
            m2m = {name: sorted(grouped.get(pk, [])) for name, grouped in links.items()}
            line = {"model": label, "fields": row, "m2m": m2m}
            yield label, json.dumps(line, cls=_Encoder, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"


def _aad(backup_id: str, index: int, final: bool) -> bytes:
    return f"{FORMAT}|{backup_id}|{index}|{int(final)}".encode()


def backup_write(out: IO[bytes]) -> BackupSummary:
    """Write an encrypted backup of every row to ``out``; returns what was written."""
    key = crypto.keyring()[0]
    aead = AESGCM(key.secret)
    backup_id = uuid.uuid4().hex
    header = {"format": FORMAT, "id": backup_id, "key_id": key.key_id,
              "created": dt.datetime.now(dt.UTC).isoformat(), "database": connection.vendor}
    out.write(json.dumps(header).encode() + b"\n")
    digest, counts, index, buffer = hashlib.sha256(), {}, 0, bytearray()

    def seal(data: bytes, final: bool) -> None:
        nonce = os.urandom(12)
        sealed = aead.encrypt(nonce, data, _aad(backup_id, index, final))
        out.write(struct.pack(">I", len(sealed)) + nonce + sealed)

    with transaction.atomic():  # one consistent snapshot
        for label, line in _row_lines():
            digest.update(line)
            counts[label] = counts.get(label, 0) + 1
            buffer += line
            if len(buffer) >= CHUNK_BYTES:
                seal(bytes(buffer), False)
                index, buffer = index + 1, bytearray()
    summary = BackupSummary(rows=sum(counts.values()), counts=counts, sha256=digest.hexdigest())
    if buffer:
        seal(bytes(buffer), False)
        index += 1
    trailer = json.dumps({"trailer": True, "rows": summary.rows, "counts": counts, "sha256": summary.sha256})
    seal(trailer.encode(), True)
    return summary


def _read_chunks(stream: IO[bytes]) -> tuple[dict[str, Any], Iterator[tuple[bytes, bool]]]:
    try:
        header = json.loads(stream.readline())
    except ValueError as exc:
        raise BackupError("not a Reprisals Tracker backup (unreadable header)") from exc
    if not isinstance(header, dict):
        raise BackupError("not a Reprisals Tracker backup (its first line is not a backup header)")
    if header.get("format") != FORMAT:
        raise BackupError(f"unsupported backup format {header.get('format')!r}")
    _, by_id = crypto.keyring()
    key = by_id.get(str(header.get("key_id", "")))
    if key is None:
        raise BackupError(f"the backup was made with data key {header.get('key_id')}, which is not configured")
    if not isinstance(header.get("id"), str) or not header["id"]:
        raise BackupError("not a Reprisals Tracker backup (its header has no backup id)")
    aead = AESGCM(key.secret)

    def chunks() -> Iterator[tuple[bytes, bool]]:
        index = 0
        while True:
            size_bytes = stream.read(4)
            if len(size_bytes) < 4:
                raise BackupError("the backup is truncated: its final chunk is missing")
            size = struct.unpack(">I", size_bytes)[0]
            nonce, sealed = stream.read(12), stream.read(size)
            if len(sealed) != size:
                raise BackupError(f"the backup is truncated in chunk {index}")
            for final in (False, True):
                try:
                    data = aead.decrypt(nonce, sealed, _aad(header["id"], index, final))
                except InvalidTag:
                    continue
                yield data, final
                if final:
                    if stream.read(1):
                        raise BackupError("unexpected data after the final chunk")
                    return
                break
            else:
                raise BackupError(f"chunk {index} fails authentication: the backup was altered or is out of order")
            index += 1

    return header, chunks()


def _lines(chunks: Iterable[tuple[bytes, bool]]) -> Iterator[bytes | dict[str, Any]]:
    pending = b""
    for data, final in chunks:
        if final:
            if pending:
                raise BackupError("the backup ends in the middle of a row")
            yield json.loads(data)
            return
        pending += data
        *complete, pending = pending.split(b"\n")
        for line in complete:
            yield line + b"\n"


def _database_is_empty() -> bool:
    return not any(m._default_manager.exists() for m in backed_up_models() if m._meta.app_label != "reference")


def backup_restore(stream: IO[bytes]) -> BackupSummary:
    """Restore a backup onto an empty database (reference data may already be loaded)."""
    if not _database_is_empty():
        raise BackupError("the database is not empty: restore only onto a freshly migrated database")
    _, chunks = _read_chunks(stream)
    digest, counts, trailer = hashlib.sha256(), {}, None
    with transaction.atomic(), _stored_timestamps():
        # Reference rows loaded by migrate/load_reference make way for the backup's own (same codes,
        # maybe other ids). A raw delete: the backup brings back everything that points at them.
        for model in backed_up_models():
            if model._meta.app_label == "reference":
                model._base_manager.all()._raw_delete(connection.alias)
        pending: list[Any] = []
        for item in _lines(chunks):
            if isinstance(item, dict):
                trailer = item
                break
            digest.update(item)
            row = json.loads(item)
            counts[row["model"]] = counts.get(row["model"], 0) + 1
            pending.append(row)
            if len(pending) >= 2000:
                _load(pending)
                pending = []
        _load(pending)
        if trailer is None:
            raise BackupError("the backup has no trailer")
        if digest.hexdigest() != trailer["sha256"] or counts != trailer["counts"]:
            raise BackupError("the rows read do not match the backup's checksum")
        _after_load()
        restored = hashlib.sha256()
        for _label, line in _row_lines():
            restored.update(line)
        if restored.hexdigest() != trailer["sha256"]:
            raise BackupError("the restored rows do not compare equal to the backup")
        broken = audit_verify()
        if broken is not None:
            raise BackupError(f"the restored audit chain is broken at entry #{broken.seq}: {broken.reason}")
    return BackupSummary(rows=trailer["rows"], counts=counts, sha256=trailer["sha256"])


@contextmanager
def _stored_timestamps() -> Iterator[None]:
    """Keep the backup's created/updated times: auto_now fields would otherwise stamp the restore time."""
    changed = []
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                changed.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in changed:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _load(rows: list[dict[str, Any]]) -> None:
    """Insert rows model by model with bulk inserts; many-to-many links follow their objects."""
    by_model: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_model.setdefault(row["model"], []).append(row)
    for label, model_rows in by_model.items():
        model = apps.get_model(label)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        objs = []
        for row in model_rows:
            values = {}
            for name, value in row["fields"].items():
                field = fields[name]
                if value is not None and isinstance(field, models.BinaryField):
                    value = base64.b64decode(value)
                elif value is not None and not isinstance(field, models.JSONField):
                    value = field.to_python(value)
                values[name] = value
            objs.append(model(**values))
        model._default_manager.bulk_create(objs, batch_size=500)
        for field in _m2m_fields(model):
            through = field.remote_field.through
            source, target = field.m2m_column_name(), field.m2m_reverse_name()
            links = [
                through(**{source: row["fields"][model._meta.pk.attname], target: other})
                for row in model_rows
                for other in row["m2m"].get(field.name, [])
            ]
            through.objects.bulk_create(links, batch_size=1000)


def _after_load() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def backup_to_file(path: Path) -> BackupSummary:
    tmp = path.with_name(path.name + ".partial")
    with open(tmp, "wb") as out:
        os.chmod(tmp, 0o600)
        summary = backup_write(out)
    tmp.replace(path)
    return summary
