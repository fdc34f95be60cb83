"""Backups record the schema they were written with: a backup from an older schema restores (columns added
since take their migration's default, the restored rows are compared on the backup's columns); one from a
newer schema, or from before a migration that changed stored values, is refused naming the migration."""

from __future__ import annotations

import io
import json
import os
import struct

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import migrations, models
from django.db.migrations.graph import MigrationGraph

from reprisals.accounts import twofactor
from reprisals.accounts.models import LoginFailure, SignInAddressBlock
from reprisals.cases.models import AffectedParty, Case
from reprisals.core import backup as backup_mod
from reprisals.core import crypto
from reprisals.core.audit import audit_verify
from reprisals.core.backup import BackupError, backup_restore, backup_write
from reprisals.reference.models import Entity

pytestmark = pytest.mark.django_db(transaction=True)


def _wipe() -> None:
    for model in reversed(backup_mod.backed_up_models()):
        if model._meta.app_label != "reference":
            model._default_manager.all().delete()
    for model in backup_mod.backed_up_models():
        for field in model._meta.local_many_to_many:
            field.remote_field.through.objects.all().delete()


@pytest.fixture
def register(new_case, officer):
    new_case()
    for i in range(twofactor.ADDRESS_MAX_FAILURES):
        twofactor.record_failure(f"person{i}", "203.0.113.7")   # LoginFailure rows and a SignInAddressBlock
    LoginFailure.objects.update(cleared=True)                    # not the default: shows what a restore fills in
    return officer


def _current_schema() -> dict[str, list[str]]:
    return backup_mod._SchemaState.current().leaves()


def _write(monkeypatch, schema: dict | None = None, drop: dict[str, set[str]] | None = None,
           skip: set[str] = frozenset()) -> bytes:
    """A backup signed by the backup code itself, as a version with ``schema`` wrote it: without the
    columns in ``drop`` (model label -> attnames) and without rows of the models in ``skip``."""
    real = backup_mod._row_lines

    def old_lines(columns=None):
        for label, line in real(columns):
            if label in skip:
                continue
            row = json.loads(line)
            for name in (drop or {}).get(label, ()):
                row["fields"].pop(name, None)
            yield label, json.dumps(row, cls=backup_mod._Encoder, sort_keys=True, ensure_ascii=False).encode() + b"\n"

    with monkeypatch.context() as patch:
        patch.setattr(backup_mod, "_row_lines", old_lines)
        if schema is not None:
            patch.setattr(backup_mod._SchemaState, "leaves", lambda self: schema)
        buffer = io.BytesIO()
        backup_write(buffer)
    return buffer.getvalue()


def _as_legacy(data: bytes) -> bytes:
    """The same rows in format /1, as the version before schema states wrote it (no schema, header not bound)."""
    header, chunks = backup_mod._read_chunks(io.BytesIO(data))
    key = crypto.keyring()[0]
    aead = AESGCM(key.secret)
    legacy = {k: header[k] for k in ("id", "key_id", "created", "database")} | {"format": backup_mod.LEGACY_FORMAT}
    out = io.BytesIO()
    out.write(json.dumps(legacy).encode() + b"\n")
    for index, (chunk, final) in enumerate(chunks):
        nonce = os.urandom(12)
        sealed = aead.encrypt(nonce, chunk, backup_mod._aad(header["id"], index, final))
        out.write(struct.pack(">I", len(sealed)) + nonce + sealed)
    return out.getvalue()


def _older_accounts() -> dict[str, list[str]]:
    """This version's schema with accounts before 0004 (which added LoginFailure.cleared, default False,
    and SignInAddressBlock)."""
    return _current_schema() | {"accounts": ["0003_api_token_labels"]}


OLD_ACCOUNTS_DROP = {"accounts.loginfailure": {"cleared"}}
OLD_ACCOUNTS_SKIP = {"accounts.signinaddressblock"}


@pytest.fixture
def additive(monkeypatch):
    """Tests of the mechanism: take the accounts migrations after 0004 (data migrations of LoginFailure)
    as changing no value, so that a backup from before accounts.0004 is one from before additions only."""
    later = {key for key in backup_mod._SchemaState.current().applied
             if key[0] == "accounts" and key[1][:4] > "0004"}
    monkeypatch.setattr(backup_mod, "SCHEMA_ONLY_MIGRATIONS", backup_mod.SCHEMA_ONLY_MIGRATIONS | later)


def test_a_backup_of_this_version_records_its_schema_and_restores(register):
    buffer = io.BytesIO()
    backup_write(buffer)
    header = json.loads(buffer.getvalue().split(b"\n", 1)[0])
    assert header["schema"] == _current_schema()
    assert header["schema"]["accounts"] and header["schema"]["core"]
    assert "reference" in header["schema"] and "sessions" not in header["schema"]
    _wipe()
    buffer.seek(0)
    backup_restore(buffer)
    assert audit_verify() is None
    assert LoginFailure.objects.filter(cleared=True).count() == twofactor.ADDRESS_MAX_FAILURES
    assert SignInAddressBlock.objects.exists()


def test_the_recorded_schema_cannot_be_edited(register):
    buffer = io.BytesIO()
    backup_write(buffer)
    head, rest = buffer.getvalue().split(b"\n", 1)
    header = json.loads(head)
    header["schema"]["accounts"] = ["0003_api_token_labels"]
    _wipe()
    with pytest.raises(BackupError, match="fails authentication"):
        backup_restore(io.BytesIO(json.dumps(header, sort_keys=True).encode() + b"\n" + rest))
    assert not Case.objects.exists()


def test_a_backup_without_a_column_added_since_restores_with_its_default(register, additive, monkeypatch):
    failures = LoginFailure.objects.count()
    data = _write(monkeypatch, _older_accounts(), OLD_ACCOUNTS_DROP, OLD_ACCOUNTS_SKIP)
    _wipe()
    backup_restore(io.BytesIO(data))
    assert LoginFailure.objects.count() == failures
    assert not LoginFailure.objects.filter(cleared=True).exists()   # the default accounts.0004 gave old rows
    assert not SignInAddressBlock.objects.exists()
    assert Case.objects.exists()
    assert audit_verify() is None


def test_a_backup_from_before_a_link_was_added_restores_with_the_link_empty(register, monkeypatch):
    # cases.0016 added the parties' reported_by (a nullable link to an entity): a backup written before it
    # restores, its parties reported by no one known, as the migration left the parties it found.
    AffectedParty.objects.update(reported_by=Entity.objects.first())
    parties = AffectedParty.objects.count()
    data = _write(monkeypatch, _current_schema() | {"cases": ["0015_names_version"]},
                  {"cases.affectedparty": {"reported_by_id"}})
    _wipe()
    backup_restore(io.BytesIO(data))
    assert AffectedParty.objects.count() == parties > 0
    assert not AffectedParty.objects.filter(reported_by__isnull=False).exists()
    assert audit_verify() is None


def test_the_row_check_still_catches_an_altered_value_in_an_older_backup(register, additive, monkeypatch):
    data = _write(monkeypatch, _older_accounts(), OLD_ACCOUNTS_DROP, OLD_ACCOUNTS_SKIP)
    real_load = backup_mod._load

    def load_and_alter(rows, schema):
        real_load(rows, schema)
        LoginFailure.objects.filter(pk=LoginFailure.objects.order_by("pk").values("pk")[:1]).update(ip="198.51.100.1")

    _wipe()
    with monkeypatch.context() as patch:
        patch.setattr(backup_mod, "_load", load_and_alter)
        with pytest.raises(BackupError, match="the restored rows do not compare equal to the backup"):
            backup_restore(io.BytesIO(data))
    assert not Case.objects.exists()
    backup_restore(io.BytesIO(data))                                  # unaltered, the same backup restores
    assert Case.objects.exists()


def test_an_altered_byte_of_an_older_backup_fails_authentication(register, additive, monkeypatch):
    data = bytearray(_write(monkeypatch, _older_accounts(), OLD_ACCOUNTS_DROP, OLD_ACCOUNTS_SKIP))
    data[-40] ^= 0x01
    _wipe()
    with pytest.raises(BackupError, match="authentication|truncated"):
        backup_restore(io.BytesIO(bytes(data)))
    assert not Case.objects.exists()
    data[-40] ^= 0x01                                                  # the byte put back: it restores
    backup_restore(io.BytesIO(bytes(data)))
    assert not LoginFailure.objects.filter(cleared=True).exists()


def test_a_backup_from_a_newer_version_is_refused_naming_the_migration(register, monkeypatch):
    data = _write(monkeypatch, _current_schema() | {"core": ["9999_from_a_later_release"]})
    _wipe()
    with pytest.raises(BackupError, match=r"this backup was written by a newer version: "
                                          r"core\.9999_from_a_later_release; restore it with that version"):
        backup_restore(io.BytesIO(data))
    assert not Case.objects.exists()


def test_a_backup_from_before_a_data_migration_is_refused_naming_it(register, monkeypatch):
    data = _write(monkeypatch, _current_schema() | {"cases": ["0011_search_vector_splits_punctuation"]})
    _wipe()
    with pytest.raises(BackupError, match=r"written before migration cases\.0012_drop_anonymous_parties_other"):
        backup_restore(io.BytesIO(data))
    assert not Case.objects.exists()


def test_a_legacy_backup_is_placed_by_its_columns(register, additive, monkeypatch):
    # Written after core.0002 (its audit rows have key_id), before accounts.0004: restores.
    data = _as_legacy(_write(monkeypatch, None, OLD_ACCOUNTS_DROP, OLD_ACCOUNTS_SKIP))
    _wipe()
    backup_restore(io.BytesIO(data))
    assert not LoginFailure.objects.filter(cleared=True).exists()
    assert audit_verify() is None
    # Without key_id it may predate cases.0012, which rewrote stored values: refused, naming it. (Such a
    # backup holds no column added since either, as the parties' reported_by.)
    drop = OLD_ACCOUNTS_DROP | {"core.auditentry": {"key_id", "content_hash"}, "core.auditchainhead": {"content_hash"},
                                "cases.affectedparty": {"reported_by_id"}}
    data = _as_legacy(_write(monkeypatch, None, drop, OLD_ACCOUNTS_SKIP))
    _wipe()
    with pytest.raises(BackupError, match=r"written before migration cases\.00\d\d_"):
        backup_restore(io.BytesIO(data))
    assert not Case.objects.exists()


class _Migration(migrations.Migration):
    pass


def _graph() -> MigrationGraph:
    """core.0001 creates AuditEntry; core.0002 adds a column and computes it for existing rows (RunPython);
    core.0003 adds a column with a default only."""
    graph = MigrationGraph()
    steps = [
        ("0001_initial", [migrations.CreateModel("AuditEntry", [("id", models.BigAutoField(primary_key=True)),
                                                                ("seq", models.BigIntegerField())])]),
        ("0002_content_hash", [migrations.AddField("auditentry", "content_hash", models.CharField(default="")),
                               migrations.RunPython(migrations.RunPython.noop)]),
        ("0003_note", [migrations.AddField("auditentry", "note", models.CharField(default="none"))]),
    ]
    previous = None
    for name, operations in steps:
        migration = _Migration(name, "core")
        migration.operations = operations
        graph.add_node(("core", name), migration)
        if previous:
            graph.add_dependency(migration, ("core", name), previous)
        previous = ("core", name)
    return graph


def test_a_missing_column_computed_by_a_data_migration_is_refused_naming_it():
    state = backup_mod._SchemaState(_graph(), [("core", "0001_initial"), ("core", "0002_content_hash"),
                                               ("core", "0003_note")])
    expected = {"core.auditentry": {"id", "seq", "content_hash", "note"}}
    old = state.recorded_applied({"core": ["0001_initial"]})
    assert old == {("core", "0001_initial")}
    with pytest.raises(BackupError, match=r"written before migration core\.0002_content_hash"):
        state.check_restorable(old, {"core.auditentry": {"id", "seq"}}, expected)
    # After it, a column with a plain default is filled in, as its migration did.
    after = state.recorded_applied({"core": ["0002_content_hash"]})
    state.check_restorable(after, {"core.auditentry": {"id", "seq", "content_hash"}}, expected)
    assert state.added_default("core.auditentry", "note") == "none"
    # A backup with no schema state and no content_hash column: placed before 0002, refused too.
    with pytest.raises(BackupError, match=r"core\.0002_content_hash"):
        state.check_restorable(state.legacy_applied({"core.auditentry": {"id", "seq"}}),
                               {"core.auditentry": {"id", "seq"}}, expected)
    # A column the backup's own schema had, missing from its rows: refused as inconsistent.
    with pytest.raises(BackupError, match="have no column content_hash, which migration core.0002_content_hash"):
        state.check_restorable(after, {"core.auditentry": {"id", "seq"}}, expected)
