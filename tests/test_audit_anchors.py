"""Anchors are content hashes: no key forges them and a key rotation does not change them, so a log rewritten
(with or without a key) stays visible across rotations. `rotate-key` checks the operator's anchors before
re-sealing, always re-encrypts, and never re-seals a broken chain; key ids only move forward along the
chain; verification reads the head first, so that writes meanwhile are no false alarm; and a genuinely
broken chain has a way out (`audit reseal --accept-break SEQ`). These began as a review's reproductions."""

from __future__ import annotations

import hashlib
import hmac
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from reprisals.core import audit, crypto
from reprisals.core.audit import _canonical, audit_head, audit_record, audit_verify, entry_hash
from reprisals.core.models import AuditChainHead, AuditEntry
from tests.test_audit_keyed import forge, plain_sha256, rewrite

pytestmark = pytest.mark.django_db


def anchor_arg(anchor: tuple[int, str]) -> str:
    return f"{anchor[0]}:{anchor[1]}"


def source_key_ids() -> set[str | None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT source_identity FROM cases_allegation")
        return {crypto.key_id_of(r[0]) for r in cursor.fetchall()}


def test_rotate_key_with_the_anchor_refuses_to_launder_a_log_rewritten_as_legacy(chain, settings):
    """F1: a database writer without any key rewrites the log as legacy entries with one forged; with the
    operator's anchor, `rotate-key` does not re-seal it; without it, the re-seal still changes no content
    hash, so the anchor shows the rewrite after the rotation too."""
    real_anchor = audit_head()
    rewrite(plain_sha256, edit=forge, edit_seq=chain[2].seq, start_seq=1, key_id="")
    new_key = crypto.generate_key()
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[settings.DATA_KEY]):
        with pytest.raises(CommandError, match=rf"#{real_anchor[0]} .*anchored content hash.*NOT re-sealed"):
            call_command("rotate-key", "--anchor", anchor_arg(real_anchor), stdout=io.StringIO())
        assert set(AuditEntry.objects.filter(seq__lte=real_anchor[0]).values_list("key_id", flat=True)) == {""}
        # Without the anchor, legacy entries are not re-sealed unless asked for explicitly.
        with pytest.raises(CommandError, match="NOT re-sealed: 6 audit entries, from #1, .*--seal-legacy"):
            call_command("rotate-key", stdout=io.StringIO())
        # An operator who asks without the anchor re-seals it, but the anchor still catches it afterwards.
        call_command("rotate-key", "--seal-legacy", stdout=io.StringIO())
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[]):
        with pytest.raises(CommandError, match=rf"#{real_anchor[0]} .*does not have the anchored content hash"):
            call_command("audit", "verify", "--anchor", anchor_arg(real_anchor))


def test_rotate_key_with_the_anchor_refuses_history_forged_with_the_leaked_key(chain, settings):
    """F1b: whoever holds the leaked key rewrites history under it; the anchor stops the re-seal."""
    real_anchor = audit_head()
    rewrite(entry_hash, edit=forge, edit_seq=chain[1].seq)
    assert audit_verify() is None
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[settings.DATA_KEY]):
        with pytest.raises(CommandError, match="NOT re-sealed"):
            call_command("rotate-key", "--anchor", anchor_arg(real_anchor), stdout=io.StringIO())
        assert audit_verify([real_anchor]) is not None


def test_anchors_stay_valid_across_rotations(chain, settings):
    anchors = [audit_head(), (chain[1].seq, chain[1].content_hash)]
    key1, key2, key3 = settings.DATA_KEY, crypto.generate_key(), crypto.generate_key()
    with override_settings(DATA_KEY=key2, DATA_KEYS_OLD=[key1]):
        call_command("rotate-key", *[f"--anchor={anchor_arg(a)}" for a in anchors], stdout=io.StringIO())
        anchors.append(audit_head())
    with override_settings(DATA_KEY=key3, DATA_KEYS_OLD=[key2]):
        call_command("rotate-key", *[f"--anchor={anchor_arg(a)}" for a in anchors], stdout=io.StringIO())
    with override_settings(DATA_KEY=key3, DATA_KEYS_OLD=[]):
        out = io.StringIO()
        call_command("audit", "verify", "--current-key-only", *[f"--anchor={anchor_arg(a)}" for a in anchors],
                     stdout=out)
        assert "anchors matched: 3" in out.getvalue()


def test_a_forged_reseal_record_does_not_vouch_for_an_anchor(chain):
    """F2: the key holder rewrites history and appends an `audit.reseal` entry naming the anchor."""
    anchor = audit_head()
    rewrite(entry_hash, edit=forge, edit_seq=chain[1].seq, start_seq=chain[1].seq)
    audit_record(actor=None, action="audit.reseal",
                 payload={"entries": 1, "key_id": "x", "old_head_seq": anchor[0], "old_head_hash": anchor[1],
                          "head_seq": anchor[0], "head_content_hash": anchor[1]})
    broken = audit_verify([anchor])
    assert broken is not None and broken.seq == anchor[0] and "anchored content hash" in broken.reason
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--anchor", anchor_arg(anchor))


def test_a_content_hash_column_set_back_to_the_anchor_is_caught(chain):
    """The anchor is compared with the content hash recomputed during the walk, not with the column."""
    anchor = audit_head()
    rewrite(entry_hash, edit=forge, edit_seq=chain[1].seq, start_seq=chain[1].seq)
    for entry in chain:  # put back every stored content hash, and the head's
        AuditEntry.objects.filter(pk=entry.pk).update(content_hash=entry.content_hash)
    AuditChainHead.objects.filter(pk=1).update(content_hash=anchor[1])
    broken = audit_verify([anchor])
    assert broken is not None and broken.seq == chain[1].seq and "stored content hash" in broken.reason


def test_an_old_seal_anchor_is_named_as_such(chain):
    last = chain[-1]
    with pytest.raises(CommandError, match="is this entry's seal, not a content anchor.*`reprisals audit head`"):
        call_command("audit", "verify", "--anchor", f"{last.seq}:{last.hash}")


def test_an_entry_under_an_old_key_after_newer_ones_is_a_break(chain, settings):
    """F3: after a rotation, with the old key still configured, entries re-chained under the old key after
    entries under the new key are a break."""
    old_key, new_key = settings.DATA_KEY, crypto.generate_key()
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[old_key]):
        call_command("rotate-key", stdout=io.StringIO())
        old_id, old_audit = crypto.audit_key(crypto.parse_key(old_key).key_id)
        last = AuditEntry.objects.order_by("-seq").first()
        rewrite(lambda e: hmac.new(old_audit, _canonical(e), hashlib.sha256).hexdigest(), edit=forge,
                edit_seq=last.seq, start_seq=last.seq, key_id=old_id)
        broken = audit_verify()
        assert broken is not None and broken.seq == last.seq and "keys only move forward" in broken.reason
        with pytest.raises(CommandError, match=f"#{last.seq} .*sealed with data key {old_id} after entries"):
            call_command("audit", "verify", "--keyed-only")


def test_entries_under_the_old_key_then_the_current_one_verify(chain, settings, officer):
    """The rotation in progress: old-key entries, then entries under the new (current) key."""
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[settings.DATA_KEY]):
        audit_record(actor=officer, action="test.new-key")
        assert audit_verify() is None
        broken = audit_verify(current_key_only=True)
        assert broken is not None and broken.seq == 1 and "--current-key-only" in broken.reason
        with pytest.raises(CommandError, match="#1 .*not with the current data key"):
            call_command("audit", "verify", "--current-key-only")
        call_command("rotate-key", stdout=io.StringIO())
        call_command("audit", "verify", "--current-key-only", stdout=io.StringIO())


def test_two_anchors_for_one_seq_are_both_checked(chain):
    second = AuditEntry.objects.get(seq=2)
    with pytest.raises(CommandError, match=f"#2 .*anchored content hash {'f' * 64}"):
        call_command("audit", "verify", "--anchor", f"2:{'f' * 64}", "--anchor", f"2:{second.content_hash}")
    out = io.StringIO()
    call_command("audit", "verify", "--anchor", f"2:{second.content_hash}", "--anchor", f"2:{second.content_hash}",
                 stdout=out)
    assert "anchors matched: 2" in out.getvalue()


def test_verify_prints_the_head_it_verified_last(chain, officer, monkeypatch):
    """F10/F5: the last line is the head verified, even when the site writes meanwhile and anchors and
    legacy entries add lines."""
    rewrite(plain_sha256, start_seq=1, key_id="")
    verified = audit_head()
    real = audit._read_head

    def read_then_write():
        head = real()
        audit_record(actor=officer, action="test.meanwhile")
        return head

    monkeypatch.setattr(audit, "_read_head", read_then_write)
    out = io.StringIO()
    call_command("audit", "verify", "--anchor", anchor_arg(verified), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == f"head {anchor_arg(verified)}" and audit_head()[0] == verified[0] + 1
    assert any(line.startswith("anchors matched") for line in lines)
    assert any("plain SHA-256" in line for line in lines)


def test_a_write_between_the_head_and_the_walk_is_no_false_alarm(chain, officer, monkeypatch):
    """F5: the site writes while verify walks the log (after the walk read its rows)."""
    real = audit._entries
    written = []

    def entries_then_write(*args):
        yield from real(*args)
        if not written:
            written.append(audit_record(actor=officer, action="test.meanwhile"))

    monkeypatch.setattr(audit, "_entries", entries_then_write)
    assert audit_verify() is None and written
    assert audit_verify() is None


def test_rotate_key_is_not_refused_on_a_live_site(new_case, officer, settings, monkeypatch):
    """F5: a write during rotate-key's check is newer than the head it checks, not a missing entry."""
    new_case()
    real = audit._entries
    written = []

    def entries_then_write(*args):
        yield from real(*args)
        if not written:
            written.append(audit_record(actor=officer, action="test.meanwhile"))

    monkeypatch.setattr(audit, "_entries", entries_then_write)
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[settings.DATA_KEY]):
        out = io.StringIO()
        call_command("rotate-key", stdout=out)
        assert "re-sealed" in out.getvalue() and written
        monkeypatch.setattr(audit, "_entries", real)
        assert audit_verify(current_key_only=True) is None


def test_rotate_key_on_an_empty_log_says_there_was_nothing_to_reseal():
    assert not AuditEntry.objects.exists()
    out = io.StringIO()
    call_command("rotate-key", stdout=out)
    assert "nothing to re-seal" in out.getvalue() and "already sealed" not in out.getvalue()
    assert audit_verify() is None and AuditEntry.objects.count() == 1


def test_rotate_key_reports_a_missing_key_as_configuration(chain):
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[]):
        with pytest.raises(CommandError, match="which is not configured") as raised:
            call_command("rotate-key", stdout=io.StringIO())
        assert "chain is broken" not in str(raised.value) and "a configuration problem" in str(raised.value)
        assert "run rotate-key again" in str(raised.value)


def test_one_damaged_row_no_longer_blocks_re_encryption(new_case, settings):
    """F4: the protected data is re-encrypted whatever the state of the audit log."""
    new_case()
    AuditEntry.objects.filter(seq=2).update(payload={"tampered": True})
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[settings.DATA_KEY]):
        new_id = crypto.keyring()[0].key_id
        with pytest.raises(CommandError, match="#2 .*NOT re-sealed"):
            call_command("rotate-key", stdout=io.StringIO())
        assert source_key_ids() == {new_id}
        broken = audit_verify()
        assert broken is not None and broken.seq == 2


def test_accept_break_reseals_a_damaged_chain_from_scratch(new_case, settings):
    new_case()
    AuditEntry.objects.filter(seq=2).update(payload={"tampered": True})
    head = audit_head()
    with pytest.raises(CommandError, match="first break is at entry #2, not #3"):
        call_command("audit", "reseal", "--accept-break", "3")
    assert audit_verify().seq == 2
    out = io.StringIO()
    call_command("audit", "reseal", "--accept-break", "2", stdout=out)
    assert out.getvalue().splitlines()[-1] == anchor_arg(audit_head())
    assert audit_verify(current_key_only=True) is None
    record = AuditEntry.objects.order_by("-seq").first()
    assert record.action == "audit.accept_break" and record.payload["break_seq"] == 2
    assert record.payload["head_seq"] == head[0] and record.payload["head_content_hash"] == head[1]
    with pytest.raises(CommandError, match="not broken"):
        call_command("audit", "reseal", "--accept-break", "2")


def test_accept_break_renumbers_after_a_deleted_entry(chain):
    AuditEntry.objects.filter(seq=3).delete()
    broken = audit_verify()
    assert broken is not None and broken.seq == 4
    call_command("audit", "reseal", "--accept-break", "4", stdout=io.StringIO())
    assert audit_verify() is None
    assert list(AuditEntry.objects.order_by("id").values_list("seq", flat=True)) == list(range(1, len(chain) + 1))


@pytest.mark.django_db(transaction=True)
def test_verify_and_rotate_key_while_the_site_writes(settings):
    """F5 with a real writer in another thread and connection: no false alarm, no refused rotation."""
    import threading

    from django.db import close_old_connections

    for i in range(1000):
        audit_record(actor=None, action="test.bulk", object_id=str(i))
    stop, errors = threading.Event(), []

    def writer():
        try:
            while not stop.is_set():
                audit_record(actor=None, action="test.live")
        except BaseException as exc:  # noqa: BLE001 - asserted on
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        alarms = [broken for broken in (audit_verify() for _ in range(5)) if broken is not None]
        with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[settings.DATA_KEY]):
            call_command("rotate-key", stdout=io.StringIO())
    finally:
        stop.set()
        thread.join(timeout=60)
    assert alarms == [] and errors == []
    assert AuditEntry.objects.filter(action="test.live").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_computes_the_content_hashes_of_stored_entries(officer, monkeypatch, migrations_restored):
    """Entries stored before content hashes get theirs from migration core.0004, in insertion order and in
    batches; the chain then verifies and its anchors are those a new write would have made."""
    import importlib

    from django.db.migrations import RunPython

    migration = importlib.import_module("reprisals.core.migrations.0004_audit_content_hash")
    [run] = [op for op in migration.Migration.operations if isinstance(op, RunPython)]
    batches = []

    def in_small_batches(apps, editor):
        batches.append(True)
        migration.compute_content_hashes(apps, editor, batch=2)

    monkeypatch.setattr(run, "code", in_small_batches)
    for i in range(5):
        audit_record(actor=officer, action="test.event", object_id=str(i), payload={"i": i, "é": "ü"})
    # What a register holds before it: legacy entries, then (in a development database) entries sealed
    # with the key but not marked sealed at write.
    rewrite(plain_sha256, key_id="")
    rewrite(entry_hash, start_seq=4, key_id=crypto.audit_key()[0], sealed_at_write=False)
    expected = list(AuditEntry.objects.order_by("id").values_list("seq", "content_hash"))
    head = audit_head()
    call_command("migrate", "core", "0003", verbosity=0)
    call_command("migrate", "core", verbosity=0)
    assert list(AuditEntry.objects.order_by("id").values_list("seq", "content_hash")) == expected
    assert audit_head() == head and audit_verify([head]) is None and batches
    assert not AuditEntry.objects.filter(sealed_at_write=True).exists()


def test_accept_break_after_entries_cut_off_the_end(chain):
    AuditEntry.objects.filter(seq__gt=chain[2].seq).delete()
    broken = audit_verify()
    assert broken is not None and broken.seq == chain[2].seq + 1 and "missing" in broken.reason
    call_command("audit", "reseal", "--accept-break", str(broken.seq), stdout=io.StringIO())
    assert audit_verify() is None
    assert audit_head()[0] == chain[2].seq + 1  # the kept entries and the record of the accepted break


def test_a_row_added_after_the_head_without_moving_it_is_caught(chain):
    """Entries after the head read are taken as written meanwhile, but they must follow it, sealed: a row
    added by hand (which would also block the next write on its sequence number) is a break."""
    head = AuditChainHead.objects.get(pk=1)
    last = chain[-1]
    AuditEntry.objects.create(seq=head.seq + 3, at=last.at, action="test.junk", prev_hash=head.hash,
                              hash="a" * 64, key_id=last.key_id, content_hash="b" * 64)
    broken = audit_verify()
    assert broken is not None and broken.seq == head.seq + 3
    assert broken.reason == (f"after the chain head (#{head.seq}): sequence {head.seq + 3} where {head.seq + 1} "
                             "was expected")
    AuditEntry.objects.filter(seq=head.seq + 3).update(seq=head.seq + 1)
    broken = audit_verify()
    assert broken is not None and broken.reason.endswith("content does not match its hash")


def test_a_writer_without_the_key_cannot_downgrade_the_log_to_legacy_past_an_anchor(officer, settings):
    """Review 2, A1: a database writer without any key rewrites the whole log as legacy entries (plain
    SHA-256), keeping the content up to the anchor and forging an entry after it. Entries written by the
    keyed code are marked sealed at write, in their content hash: clearing the mark changes every content
    hash from the first such entry on, so the anchor fails; keeping it is a break by itself. `rotate-key`
    re-seals legacy entries only with --seal-legacy, and with the anchor refuses the forgery."""
    for i in range(3):
        audit_record(actor=officer, action="test.event", object_id=str(i), payload={"i": i})
    anchor = audit_head()
    for i in range(3, 6):
        audit_record(actor=officer, action="test.event", object_id=str(i), payload={"i": i})
    rewrite(plain_sha256, edit=forge, edit_seq=5, start_seq=1, key_id="")  # the mark cleared
    with pytest.raises(CommandError, match=rf"#{anchor[0]} .*does not have the anchored content hash"):
        call_command("audit", "verify", "--anchor", anchor_arg(anchor))
    new_key = crypto.generate_key()
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[settings.DATA_KEY]):
        for extra in ([], ["--seal-legacy"]):
            with pytest.raises(CommandError, match="NOT re-sealed"):
                call_command("rotate-key", "--anchor", anchor_arg(anchor), *extra, stdout=io.StringIO())
    assert set(AuditEntry.objects.filter(seq__lte=anchor[0] + 3).values_list("key_id", flat=True)) == {""}
    # Keeping the mark keeps the content hashes, but an entry written sealed may not be unsealed.
    rewrite(plain_sha256, edit=forge, edit_seq=5, start_seq=1, key_id="", sealed_at_write=True)
    assert AuditEntry.objects.get(seq=anchor[0]).content_hash == anchor[1]
    broken = audit_verify([anchor])
    assert broken is not None and broken.seq == 1 and broken.reason == audit.WRITTEN_SEALED
    with pytest.raises(CommandError, match="#1 .*written sealed with the data key, now sealed without it"):
        call_command("audit", "verify")


def test_rotate_key_reseals_legacy_entries_only_when_asked(chain):
    rewrite(plain_sha256, key_id="")
    anchor = audit_head()
    with pytest.raises(CommandError, match=r"NOT re-sealed: \d+ audit entries, from #1, .*--seal-legacy"):
        call_command("rotate-key", "--anchor", anchor_arg(anchor), stdout=io.StringIO())
    assert set(AuditEntry.objects.filter(seq__lte=anchor[0]).values_list("key_id", flat=True)) == {""}
    record = AuditEntry.objects.order_by("-seq").first()
    assert record.action == "key.rotate" and record.payload["resealed"] is False
    assert record.payload["legacy"] == anchor[0]
    call_command("rotate-key", "--seal-legacy", "--anchor", anchor_arg(anchor), stdout=io.StringIO())
    call_command("audit", "verify", "--keyed-only", "--anchor", anchor_arg(anchor), stdout=io.StringIO())


def test_accept_break_refuses_when_another_entry_is_broken_after_it(chain):
    """Review 2, A2: a writer without the key edits #4 and damages #2, so that the first break looks
    innocuous. Accepting #2 checks every entry after it on its own and names #4; nothing is re-sealed."""
    AuditEntry.objects.filter(seq=4).update(action="test.forged")
    AuditEntry.objects.filter(seq=2).update(ip="203.0.113.9")
    assert audit_verify().seq == 2
    with pytest.raises(CommandError, match=r"#4: another break after the one accepted \(#2\): content does not "
                                           "match its hash.*nothing was re-sealed"):
        call_command("audit", "reseal", "--accept-break", "2", stdout=io.StringIO())
    assert not AuditEntry.objects.filter(action="audit.accept_break").exists()
    assert audit_verify().seq == 2


def test_accept_break_refuses_a_later_entry_rechained_without_the_key(chain):
    """A later entry whose content hash or link was recomputed by hand is a second break too."""
    entry = AuditEntry.objects.get(seq=4)
    entry.action = "test.forged"
    prev_content = AuditEntry.objects.get(seq=3).content_hash
    AuditEntry.objects.filter(seq=4).update(action=entry.action, hash=plain_sha256(entry),
                                            content_hash=audit.content_hash(entry, prev_content))
    AuditEntry.objects.filter(seq=2).update(hash="f" * 64)
    with pytest.raises(CommandError, match="#4: another break"):
        call_command("audit", "reseal", "--accept-break", "2", stdout=io.StringIO())


def test_accept_break_checks_the_anchors_and_records_what_it_replaced(chain):
    """Only a seal is damaged: the anchors after it still match, the accept checks them and keeps them
    valid, and records the old head and the accepted entry's old seal and content hash. A forged anchor
    (or one that names a removed entry) is refused."""
    anchor = audit_head()
    early = (2, AuditEntry.objects.get(seq=2).content_hash)
    damaged = AuditEntry.objects.get(seq=3)
    AuditEntry.objects.filter(seq=3).update(hash="f" * 64)
    head = AuditChainHead.objects.get(pk=1)
    for wrong in (f"{anchor[0]}:{'e' * 64}", f"2:{'e' * 64}", f"{anchor[0] + 5}:{anchor[1]}"):
        with pytest.raises(CommandError, match="nothing was re-sealed"):
            call_command("audit", "reseal", "--accept-break", "3", "--anchor", wrong, stdout=io.StringIO())
    out = io.StringIO()
    call_command("audit", "reseal", "--accept-break", "3", "--anchor", anchor_arg(anchor), "--anchor",
                 anchor_arg(early), stdout=out)
    assert "one that no longer matches is evidence" in out.getvalue()
    record = AuditEntry.objects.get(action="audit.accept_break")
    assert record.payload["break_seq"] == 3 and record.payload["entries"] == len(chain)
    assert record.payload["break_hash"] == "f" * 64 and record.payload["break_content_hash"] == damaged.content_hash
    assert (record.payload["head_seq"], record.payload["head_hash"], record.payload["head_content_hash"]) == (
        head.seq, head.hash, head.content_hash)
    call_command("audit", "verify", "--anchor", anchor_arg(anchor), "--anchor", anchor_arg(early),
                 stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="REPEATABLE READ snapshot on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_reseal_committed_while_verify_walks_is_no_false_alarm(settings, monkeypatch):
    """Review 2, M1: on PostgreSQL the check reads one snapshot, so a re-seal committed by `rotate-key`
    between its reading of the head and of the entries does not look like a broken chain."""
    import threading

    for i in range(20):
        audit_record(actor=None, action="test.bulk", object_id=str(i))
    real = audit._read_head
    done, started = [], []

    def read_then_reseal():
        head = real()
        if not started:  # the re-seal reads the head too
            started.append(True)

            def reseal():
                try:
                    done.append(audit.audit_reseal())
                finally:
                    connection.close()

            thread = threading.Thread(target=reseal)
            thread.start()
            thread.join(timeout=60)
        return head

    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[settings.DATA_KEY]):
        monkeypatch.setattr(audit, "_read_head", read_then_reseal)
        assert audit_verify() is None and done and done[0].entries == 20
        monkeypatch.setattr(audit, "_read_head", real)
        assert audit_verify(current_key_only=True) is None
