"""Encrypted, verified backups of the whole register, and restore onto an empty database.

Format (``reprisals-backup/2``): a JSON header line, then length-prefixed chunks sealed with
AES-256-GCM under the data key. Each chunk's associated data binds the backup id, the chunk index,
whether it is the last one and the SHA-256 of the header line, so chunks cannot be dropped, reordered or
spliced between backups and the header cannot be edited. The header records the schema the rows were
written with: the latest applied migration of each backed-up app. The
plaintext is JSON Lines, one database row per line (protected fields in clear inside the sealed
stream, so a restore re-encrypts them under whatever key is current); the last chunk holds a trailer
with the SHA-256 of all row lines and the row count per model.

A restore loads everything in one transaction, re-serialises the restored rows in the same order (on the
columns the backup has) and compares their SHA-256 with the trailer's, then verifies the audit chain: any
difference rolls back.

Schema versions (``_SchemaState``): a backup written by a newer version (a migration this code does not know)
is refused. A backup from an older schema is restored as the migrations since would have left it: a column
added since takes the default its ``AddField`` gave existing rows. Migrations since the backup that
change stored values (``RunPython``/``RunSQL``, except those listed in ``SCHEMA_ONLY_MIGRATIONS``) are not
run by a restore, so such a backup is refused naming the migration. Backups in format ``/1`` (written
before the schema was recorded) are placed by the columns and models they hold and ``LEGACY_ORDER``.
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
from django.db import connection, migrations, models, transaction
from django.db.migrations.loader import MigrationLoader

from reprisals.core import crypto
from reprisals.core.audit import audit_verify

FORMAT = "reprisals-backup/2"
LEGACY_FORMAT = "reprisals-backup/1"  # no schema state, header not bound to the chunks
CHUNK_BYTES = 1 << 20
APP_LABELS = ("reference", "accounts", "core", "cases", "followup", "intake", "linkage", "trackers", "reports")
SKIPPED_FIELDS = {"accounts.user": {"groups", "user_permissions"}}

# Migrations with RunPython/RunSQL that change no value a backup holds (indexes, search tables, sessions,
# which are not backed up). Any other such migration applied since a backup was written makes a restore
# of that backup refuse: its rows would not be what the migration left. Data migrations of backed-up
# tables so far: cases.0008_system_reasons_language_neutral (rewrites status reasons),
# cases.0012_drop_anonymous_parties_other_spellings (empties anonymous parties' other spellings),
# accounts.0005_loginfailure_username_hmac (HMACs the user names of sign-in failures) and
# core.0004_audit_content_hash (computes the audit entries' content hashes).
SCHEMA_ONLY_MIGRATIONS = frozenset({
    ("cases", "0002_search_index"),                    # full-text index / FTS5 table
    ("cases", "0004_search_triggers"),                 # FTS5 triggers
    ("cases", "0007_search_vector"),                   # PostgreSQL generated column, not a model field
    ("cases", "0011_search_vector_splits_punctuation"),
    ("core", "0003_hash_session_keys"),                # sessions are not in backups
})

# The migrations added while backups had no schema state (format /1), in the order they were committed:
# a /1 backup holding a column or model that one of them added was written by code that had applied every
# migration before it in this list as well.
LEGACY_ORDER = (
    ("cases", "0003_erasurerequest"), ("cases", "0004_search_triggers"),
    ("accounts", "0002_loginfailure_recoverycode_totpdevice"), ("cases", "0005_case_list_indexes"),
    ("cases", "0006_reference_sequence"), ("trackers", "0001_initial"), ("linkage", "0001_initial"),
    ("reports", "0001_initial"), ("followup", "0001_initial"), ("followup", "0002_record_index"),
    ("intake", "0001_initial"), ("cases", "0007_search_vector"), ("linkage", "0002_duplicate_allegations"),
    ("cases", "0008_system_reasons_language_neutral"), ("cases", "0009_statistics_indexes"),
    ("cases", "0010_erasure_decision_reason"), ("cases", "0011_search_vector_splits_punctuation"),
    ("intake", "0002_pendingupload_batch"), ("accounts", "0003_api_token_labels"),
    ("cases", "0012_drop_anonymous_parties_other_spellings"), ("core", "0002_audit_key_id"),
    ("core", "0003_hash_session_keys"), ("accounts", "0004_address_throttle"),
)


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


def _row_lines(columns: dict[str, set[str]] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every row as one canonical JSON line: concrete columns by attribute name (protected fields
    decrypted), many-to-many links as sorted id lists. ``columns`` (model label -> column and link names)
    keeps only those of a backup being compared with, which may predate columns added since."""
    for model in backed_up_models():
        label = model._meta.label_lower
        skipped = SKIPPED_FIELDS.get(label, set())
        kept = None if columns is None else columns.get(label, set())
        attnames = [f.attname for f in model._meta.concrete_fields
                    if kept is None or f.attname in kept or f.primary_key]
        links: dict[str, dict[Any, list[Any]]] = {}
        for field in _m2m_fields(model):
            if field.name in skipped or (kept is not None and field.name not in kept):
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


def _aad(backup_id: str, index: int, final: bool, header_digest: str | None = None) -> bytes:
    """Associated data of a chunk; ``header_digest`` None is the legacy format, whose header is not bound."""
    if header_digest is None:
        return f"{LEGACY_FORMAT}|{backup_id}|{index}|{int(final)}".encode()
    return f"{FORMAT}|{backup_id}|{index}|{int(final)}|{header_digest}".encode()


Key = tuple[str, str]


class _SchemaState:
    """The migrations of the backed-up apps: those this code knows (``graph``) and those applied to this
    database (``applied``). Built from Django's migration loader, or from a hand-made graph in tests."""

    def __init__(self, graph: Any, applied: Iterable[Key]) -> None:
        self.graph = graph
        self.applied = {key for key in applied if key[0] in APP_LABELS}
        # (model label, attname) -> (migration, field as the migration added it); model label -> migration
        self.column_origin: dict[tuple[str, str], tuple[Key, models.Field]] = {}
        self.model_origin: dict[str, Key] = {}
        for key in sorted(k for k in graph.nodes if k[0] in APP_LABELS):
            for op in getattr(graph.nodes[key], "operations", []):
                if isinstance(op, migrations.CreateModel):
                    label = f"{key[0]}.{op.name_lower}"
                    self.model_origin.setdefault(label, key)
                    for name, field in op.fields:
                        self._add_column(label, name, field, key)
                elif isinstance(op, migrations.AddField):
                    self._add_column(f"{key[0]}.{op.model_name_lower}", op.name, op.field, key)

    def _add_column(self, label: str, name: str, field: models.Field, key: Key) -> None:
        field = field.clone()
        field.set_attributes_from_name(name)
        self.column_origin[(label, field.attname)] = (key, field)

    @classmethod
    def current(cls) -> _SchemaState:
        loader = MigrationLoader(connection, ignore_no_migrations=True)
        return cls(loader.graph, loader.applied_migrations)

    def ancestors(self, key: Key) -> set[Key]:
        return {k for k in self.graph.forwards_plan(key) if k[0] in APP_LABELS}

    def leaves(self) -> dict[str, list[str]]:
        """Per backed-up app, the applied migrations no other applied one of that app depends on."""
        leaves: dict[str, list[str]] = {}
        for key in sorted(self.applied):
            children = self.graph.node_map[key].children if key in self.graph.node_map else set()
            if not any(child[0] == key[0] and child in self.applied for child in children):
                leaves.setdefault(key[0], []).append(key[1])
        return leaves

    def recorded_applied(self, recorded: Any) -> set[Key]:
        """The migrations a backup's recorded schema had applied; refuses a newer or unknown schema."""
        if not isinstance(recorded, dict):
            raise BackupError("the backup's header holds no readable schema state")
        applied: set[Key] = set()
        for app, names in sorted(recorded.items()):
            for name in names if isinstance(names, list) else [names]:
                key = (str(app), str(name))
                if key not in self.graph.nodes:
                    raise BackupError(f"this backup was written by a newer version: {key[0]}.{key[1]}; "
                                      "restore it with that version")
                if key not in self.applied:
                    raise BackupError(f"this database lacks migration {key[0]}.{key[1]}, which the backup's "
                                      "schema has: run `reprisals migrate` first")
                applied |= self.ancestors(key)
        return applied

    def legacy_applied(self, columns: dict[str, set[str]]) -> set[Key]:
        """The migrations a backup without schema state must have had applied, from the columns and models
        it holds (``columns``: model label -> attnames of its rows) and the order of ``LEGACY_ORDER``."""
        evidence: set[Key] = set()
        for label, names in columns.items():
            if label in self.model_origin:
                evidence.add(self.model_origin[label])
            evidence |= {self.column_origin[(label, n)][0] for n in names if (label, n) in self.column_origin}
        latest = max((LEGACY_ORDER.index(k) for k in evidence if k in LEGACY_ORDER), default=-1)
        evidence |= {k for k in LEGACY_ORDER[:latest + 1] if k in self.graph.nodes}
        applied: set[Key] = set()
        for key in evidence:
            applied |= self.ancestors(key)
        return applied

    def check_restorable(self, backup_applied: set[Key], columns: dict[str, set[str]],
                         expected: dict[str, set[str]]) -> None:
        """Refuse a backup whose rows the migrations applied since it was written would have changed, or
        whose columns do not match its schema. ``columns``: model label -> the column and link names of the
        backup's rows; ``expected``: the same for this version's models."""
        since = self.applied - backup_applied
        for key in sorted(since):
            operations = getattr(self.graph.nodes[key], "operations", [])
            if key not in SCHEMA_ONLY_MIGRATIONS and any(
                    isinstance(op, migrations.RunPython | migrations.RunSQL) for op in operations):
                raise BackupError(
                    f"this backup was written before migration {key[0]}.{key[1]}, which changes stored values "
                    "that a restore cannot recompute: restore it with the version that wrote it, then upgrade")
        for label, names in sorted(columns.items()):
            origin = self.model_origin.get(label)
            if origin in since:
                raise BackupError(f"the backup holds rows of {label}, which its schema did not have yet")
            for name in sorted(expected.get(label, set()) - names):
                if (label, name) not in self.column_origin:
                    raise BackupError(f"the backup's rows of {label} have no column {name}, and no migration "
                                      "added it")
                key = self.column_origin[(label, name)][0]
                if key not in since:
                    raise BackupError(f"the backup's rows of {label} have no column {name}, which migration "
                                      f"{key[0]}.{key[1]} added before the backup was written")

    def added_default(self, label: str, attname: str) -> Any:
        """The value a column added since the backup takes in its old rows: its migration's default."""
        origin = self.column_origin.get((label, attname))
        if origin is None:
            raise BackupError(f"the backup's rows of {label} have no column {attname}, and no migration added it")
        field = origin[1]
        if field.is_relation:
            # The migration's field names its model by label, which Field.get_default cannot check a default
            # against: take the default as given (a key, a row or a callable), or none for a nullable link.
            default = field.default
            if default is models.NOT_PROVIDED:
                if field.null:
                    return None
                raise BackupError(f"the backup's rows of {label} have no column {attname}, which migration "
                                  f"{origin[0][0]}.{origin[0][1]} added with no default")
            value = default() if callable(default) else default
            return getattr(value, "pk", value)
        return field.get_default()


def backup_write(out: IO[bytes]) -> BackupSummary:
    """Write an encrypted backup of every row to ``out``; returns what was written."""
    key = crypto.keyring()[0]
    aead = AESGCM(key.secret)
    backup_id = uuid.uuid4().hex
    header = {"format": FORMAT, "id": backup_id, "key_id": key.key_id,
              "created": dt.datetime.now(dt.UTC).isoformat(), "database": connection.vendor,
              "schema": _SchemaState.current().leaves()}
    header_line = json.dumps(header, sort_keys=True).encode()
    header_digest = hashlib.sha256(header_line).hexdigest()
    out.write(header_line + b"\n")
    digest, counts, index, buffer = hashlib.sha256(), {}, 0, bytearray()

    def seal(data: bytes, final: bool) -> None:
        nonce = os.urandom(12)
        sealed = aead.encrypt(nonce, data, _aad(backup_id, index, final, header_digest))
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
    header_line = stream.readline()
    try:
        header = json.loads(header_line)
    except ValueError as exc:
        raise BackupError("not a Reprisals Tracker backup (unreadable header)") from exc
    if not isinstance(header, dict):
        raise BackupError("not a Reprisals Tracker backup (its first line is not a backup header)")
    if header.get("format") not in (FORMAT, LEGACY_FORMAT):
        raise BackupError(f"unsupported backup format {header.get('format')!r}")
    header_digest = None
    if header["format"] == FORMAT:
        header_digest = hashlib.sha256(header_line.rstrip(b"\n")).hexdigest()
    else:
        header.pop("schema", None)  # a legacy header is not authenticated: nothing in it is trusted
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
                    data = aead.decrypt(nonce, sealed, _aad(header["id"], index, final, header_digest))
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


def _expected_columns() -> dict[str, set[str]]:
    """Per backed-up model, the column and link names a backup of this version holds for its rows."""
    expected = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        skipped = SKIPPED_FIELDS.get(label, set())
        expected[label] = ({f.attname for f in model._meta.concrete_fields}
                           | {f.name for f in _m2m_fields(model) if f.name not in skipped})
    return expected


def _database_is_empty() -> bool:
    return not any(m._default_manager.exists() for m in backed_up_models() if m._meta.app_label != "reference")


def backup_restore(stream: IO[bytes]) -> BackupSummary:
    """Restore a backup onto an empty database (reference data may already be loaded)."""
    if not _database_is_empty():
        raise BackupError("the database is not empty: restore only onto a freshly migrated database")
    header, chunks = _read_chunks(stream)
    schema = _SchemaState.current()
    # A newer schema is refused before anything is loaded; a legacy backup is placed by its columns.
    recorded = schema.recorded_applied(header.get("schema")) if header["format"] == FORMAT else None
    digest, counts, trailer = hashlib.sha256(), {}, None
    columns: dict[str, set[str]] = {}
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
            names = set(row["fields"]) | set(row["m2m"])
            if columns.setdefault(row["model"], names) != names:
                raise BackupError(f"the backup's rows of {row['model']} do not all have the same columns")
            pending.append(row)
            if len(pending) >= 2000:
                _load(pending, schema)
                pending = []
        _load(pending, schema)
        if trailer is None:
            raise BackupError("the backup has no trailer")
        if digest.hexdigest() != trailer["sha256"] or counts != trailer["counts"]:
            raise BackupError("the rows read do not match the backup's checksum")
        backup_applied = recorded if recorded is not None else schema.legacy_applied(columns)
        schema.check_restorable(backup_applied, columns, _expected_columns())
        _after_load()
        # Compared on the columns the backup has: a column added since holds its default, not a backed-up value.
        restored = hashlib.sha256()
        for _label, line in _row_lines(columns):
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


def _load(rows: list[dict[str, Any]], schema: _SchemaState) -> None:
    """Insert rows model by model with bulk inserts; many-to-many links follow their objects. A column the
    backup's rows lack (added since) takes the default its migration gave existing rows."""
    by_model: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_model.setdefault(row["model"], []).append(row)
    for label, model_rows in by_model.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise BackupError(f"the backup holds rows of {label}, which this version does not have") from exc
        if model._meta.app_label not in APP_LABELS or model._meta.proxy:
            raise BackupError(f"the backup holds rows of {label}, which this version does not back up")
        fields = {f.attname: f for f in model._meta.concrete_fields}
        objs = []
        for row in model_rows:
            values = {}
            for name in fields.keys() - row["fields"].keys():
                values[name] = schema.added_default(label, name)
            for name, value in row["fields"].items():
                field = fields.get(name)
                if field is None:
                    raise BackupError(f"the backup's rows of {label} have a column {name}, which this version "
                                      "does not have")
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
