"""The audit log: every write recorded, chained, and any tampering found by `reprisals audit verify`."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from reprisals.core.audit import audit_verify

pytestmark = pytest.mark.django_db


def test_an_untouched_chain_verifies(chain):
    assert audit_verify() is None
    call_command("audit", "verify")


def test_entries_record_who_what_and_which_object(chain, officer):
    last = chain[-1]
    assert (last.actor_id, last.actor_label, last.action, last.object_id) == (officer.pk, "officer", "test.event", "4")
    assert last.prev_hash == chain[-2].hash


def _raw_update(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_edited_entry_is_named(chain):
    victim = chain[2]
    _raw_update("UPDATE core_auditentry SET action = %s WHERE id = %s", ["test.forged", victim.pk])
    broken = audit_verify()
    assert broken is not None and broken.seq == victim.seq and "hash" in broken.reason
    with pytest.raises(CommandError, match=f"#{victim.seq}"):
        call_command("audit", "verify")


def test_a_deleted_entry_is_named(chain):
    _raw_update("DELETE FROM core_auditentry WHERE id = %s", [chain[1].pk])
    broken = audit_verify()
    assert broken is not None and broken.seq == chain[2].seq


def test_a_deleted_last_entry_is_found_through_the_chain_head(chain):
    _raw_update("DELETE FROM core_auditentry WHERE id = %s", [chain[-1].pk])
    broken = audit_verify()
    assert broken is not None and "missing" in broken.reason


def test_reordered_entries_are_found(chain):
    a, b = chain[1], chain[2]
    _raw_update("UPDATE core_auditentry SET seq = -1 WHERE id = %s", [a.pk])
    _raw_update("UPDATE core_auditentry SET seq = %s WHERE id = %s", [a.seq, b.pk])
    _raw_update("UPDATE core_auditentry SET seq = %s WHERE id = %s", [b.seq, a.pk])
    assert audit_verify() is not None


def test_a_rehashed_forgery_still_breaks_the_next_link(chain):
    from reprisals.core.audit import content_hash, entry_hash

    victim = chain[2]
    victim.action = "test.forged"
    new_hash, new_content = entry_hash(victim), content_hash(victim, chain[1].content_hash)
    _raw_update("UPDATE core_auditentry SET action = %s, hash = %s, content_hash = %s WHERE id = %s",
                ["test.forged", new_hash, new_content, victim.pk])
    broken = audit_verify()
    assert broken is not None and broken.seq == chain[3].seq
