"""The audit chain's head row is what shows that entries were cut off the end of the log: deleting it
together with the last entries must not make `reprisals audit verify` pass."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from reprisals.core.audit import audit_verify
from reprisals.core.models import AuditChainHead, AuditEntry


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_deleting_the_last_entries_and_the_chain_head_is_found(chain):
    last = AuditEntry.objects.order_by("-seq").first()
    _raw(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [last.pk])
    _raw(f"DELETE FROM {AuditChainHead._meta.db_table}")
    broken = audit_verify()
    assert broken is not None and "head" in broken.reason
    with pytest.raises(CommandError, match="head"):
        call_command("audit", "verify")


def test_an_empty_log_without_a_head_still_verifies(reference):
    assert not AuditEntry.objects.exists()
    assert audit_verify() is None
