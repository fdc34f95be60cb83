"""Backups are encrypted and checksummed; a restore onto an empty database gives back every record."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.cases.models import AffectedParty, Allegation, Case
from reprisals.core.audit import audit_verify
from reprisals.core.backup import BackupError, backup_restore, backup_write
from reprisals.core.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)


def _wipe() -> None:
    from reprisals.core.backup import backed_up_models

    for model in reversed(backed_up_models()):
        if model._meta.app_label != "reference":
            model._default_manager.all().delete()
    for model in backed_up_models():
        for field in model._meta.local_many_to_many:
            field.remote_field.through.objects.all().delete()


def _snapshot() -> dict:
    return {
        "cases": sorted(Case.objects.values_list("reference", "title", "status", "risk_notes", "version")),
        "parties": sorted(AffectedParty.objects.values_list("name", "protected_name", "contact", "name_variants")),
        "roles": sorted(AffectedParty.roles.through.objects.values_list("affectedparty_id", "term_id")),
        "allegations": sorted(Allegation.objects.values_list("reference", "source_identity", "source_contact")),
        "audit": list(AuditEntry.objects.order_by("seq").values_list("seq", "hash", "at")),
    }


@pytest.fixture
def register(new_case, officer):
    from reprisals.cases import services

    case = new_case(name="Алесь Бяляцкі")
    services.party_add(actor=officer, case=case, is_anonymous=True, protected_name="Hidden Zq",
                       contact="+41 hidden", description="a witness", roles=["witness"])
    case.refresh_from_db()
    services.case_update(actor=officer, case=case, expected_version=case.version, risk_notes="Safe house Kx")
    return case


def test_a_backup_restores_onto_an_empty_database_with_every_record_equal(register):
    before = _snapshot()
    buffer = io.BytesIO()
    summary = backup_write(buffer)
    assert summary.rows > 0
    _wipe()
    assert not Case.objects.exists()
    buffer.seek(0)
    backup_restore(buffer)
    assert _snapshot() == before
    assert audit_verify() is None


def test_the_backup_file_holds_no_protected_value_in_clear(register):
    buffer = io.BytesIO()
    backup_write(buffer)
    raw = buffer.getvalue()
    for planted in (b"Hidden Zq", b"+41 hidden", b"Safe house Kx", b"Source Alpha", "Бяляцкі".encode()):
        assert planted not in raw


def test_an_altered_backup_is_refused_and_nothing_is_restored(register):
    buffer = io.BytesIO()
    backup_write(buffer)
    data = bytearray(buffer.getvalue())
    data[-40] ^= 0x01
    _wipe()
    with pytest.raises(BackupError, match="authentication|truncated"):
        backup_restore(io.BytesIO(bytes(data)))
    assert not Case.objects.exists()


def test_a_truncated_backup_is_refused(register):
    buffer = io.BytesIO()
    backup_write(buffer)
    _wipe()
    with pytest.raises(BackupError):
        backup_restore(io.BytesIO(buffer.getvalue()[:-100]))


def test_restore_refuses_a_database_that_is_not_empty(register):
    buffer = io.BytesIO()
    backup_write(buffer)
    buffer.seek(0)
    with pytest.raises(BackupError, match="not empty"):
        backup_restore(buffer)


def test_the_commands_round_trip_through_a_file(register, tmp_path):
    path = tmp_path / "register.backup"
    call_command("backup", "--out", str(path), stdout=io.StringIO())
    before = _snapshot()
    _wipe()
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    assert "compares equal" in out.getvalue()
    after = _snapshot()
    assert after["cases"] == before["cases"] and after["parties"] == before["parties"]
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path), stdout=io.StringIO())
