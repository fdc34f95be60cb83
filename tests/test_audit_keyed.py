"""The audit chain is sealed with a key derived from the data key: whoever can write to the database but
does not hold the key cannot rewrite history and re-chain it. Legacy entries (plain SHA-256, written
before keyed sealing) keep verifying; `rotate-key` re-seals the chain; anchors (content hashes) kept
off-site catch a log cut short together with its head, and a rewrite by whoever holds the key."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from reprisals.cases.models import Allegation
from reprisals.core import crypto
from reprisals.core.audit import (
    GENESIS,
    _canonical,
    audit_head,
    audit_record,
    audit_verify,
    content_hash,
    entry_hash,
)
from reprisals.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db


def plain_sha256(entry: AuditEntry) -> str:
    """How entries were hashed before keyed sealing (a copy, so that a change of the legacy form shows)."""
    body = {"seq": entry.seq, "at": entry.at.isoformat(timespec="microseconds"), "actor_id": entry.actor_id,
            "actor_label": entry.actor_label, "action": entry.action, "object_type": entry.object_type,
            "object_id": entry.object_id, "ip": entry.ip, "payload": entry.payload, "prev_hash": entry.prev_hash}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                                     default=str).encode()).hexdigest()


def rewrite(hasher, *, edit=None, edit_seq=None, start_seq=None, key_id=None, sealed_at_write=None):
    """What someone with write access to the database does: ``edit(entry)`` the entry ``edit_seq``, then
    recompute with ``hasher`` the hash of every entry from ``start_seq`` (the edited one, else the first)
    on, chain them again, recompute their content hashes (no key needed) and move the head. ``key_id`` is
    written into every rewritten entry when given; ``sealed_at_write`` too, and for a legacy ``key_id`` ("")
    it is cleared unless given (the log as it was before keyed sealing, or a downgrade to it)."""
    if sealed_at_write is None and key_id == "":
        sealed_at_write = False
    start_seq = start_seq or edit_seq or 1
    prev = prev_content = GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        if entry.seq < start_seq:
            prev, prev_content = entry.hash, entry.content_hash
            continue
        if entry.seq == edit_seq:
            edit(entry)
        if key_id is not None:
            entry.key_id = key_id
        if sealed_at_write is not None:
            entry.sealed_at_write = sealed_at_write
        entry.prev_hash = prev
        entry.hash = prev = hasher(entry)
        entry.content_hash = prev_content = content_hash(entry, prev_content)
        AuditEntry.objects.filter(pk=entry.pk).update(action=entry.action, payload=entry.payload,
                                                      prev_hash=entry.prev_hash, hash=entry.hash, key_id=entry.key_id,
                                                      content_hash=entry.content_hash,
                                                      sealed_at_write=entry.sealed_at_write)
    AuditChainHead.objects.filter(pk=1).update(hash=prev, content_hash=prev_content)


def forge(entry: AuditEntry) -> None:
    entry.action, entry.payload = "test.forged", {"i": "nothing happened"}


def test_new_entries_are_sealed_with_an_hmac_under_the_current_key(chain):
    key_id, key = crypto.audit_key()
    assert {e.key_id for e in chain} == {key_id} and len(key_id) == 8
    last = chain[-1]
    assert last.hash == hmac.new(key, _canonical(last), hashlib.sha256).hexdigest() != plain_sha256(last)
    # The audit key is derived from the data key under its own label: neither the data key nor the
    # blind-index key.
    data_key = crypto.keyring()[0].secret
    assert key not in (data_key, hmac.new(data_key, b"blind-index", hashlib.sha256).digest())
    assert audit_verify() is None


def test_the_audit_key_is_derived_once_not_per_entry(officer):
    audit_record(actor=officer, action="test.event")
    misses = crypto._derived.cache_info().misses
    for i in range(20):
        audit_record(actor=officer, action="test.event", object_id=str(i))
    assert crypto._derived.cache_info().misses == misses


def keyless_sha256(entry: AuditEntry) -> str:
    """Plain SHA-256 over the very form a keyed entry is sealed over: all an attacker can do without the key."""
    return hashlib.sha256(_canonical(entry)).hexdigest()


@pytest.mark.parametrize("hasher", [keyless_sha256, plain_sha256], ids=["keyed-form", "legacy-form"])
def test_an_edited_entry_rechained_with_plain_sha256_is_caught(chain, hasher):
    """The attack the key stops: edit an entry, recompute every later hash and the head."""
    victim = chain[2]
    rewrite(hasher, edit=forge, edit_seq=victim.seq)
    broken = audit_verify()
    assert broken is not None and broken.seq == victim.seq and "hash" in broken.reason
    with pytest.raises(CommandError, match=f"#{victim.seq} "):
        call_command("audit", "verify")


def test_an_edited_entry_rechained_as_legacy_entries_is_caught(chain):
    victim = chain[2]
    rewrite(plain_sha256, edit=forge, edit_seq=victim.seq, key_id="")
    broken = audit_verify()
    assert broken is not None and broken.seq == victim.seq
    assert broken.reason == "sealed without the key after keyed entries"


def test_an_edited_entry_resealed_with_a_wrong_key_is_caught(chain):
    wrong = os.urandom(32)
    current = crypto.audit_key()[0]
    victim = chain[1]
    rewrite(lambda e: hmac.new(wrong, _canonical(e), hashlib.sha256).hexdigest(), edit=forge,
            edit_seq=victim.seq, key_id=current)
    broken = audit_verify()
    assert broken is not None and broken.seq == victim.seq and "does not match its hash" in broken.reason


def test_legacy_entries_verify_and_keyed_ones_follow_them(chain, officer):
    rewrite(plain_sha256, key_id="")  # the log as it was before keyed sealing
    assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {""}
    assert audit_verify() is None
    audit_record(actor=officer, action="test.after")
    entries = list(AuditEntry.objects.order_by("seq"))
    assert entries[-1].key_id == crypto.audit_key()[0] and entries[-1].prev_hash == entries[-2].hash
    assert audit_verify() is None
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert f"{len(entries) - 1} entries are sealed with plain SHA-256" in out.getvalue()
    with pytest.raises(CommandError, match=r"#1 .*--keyed-only"):
        call_command("audit", "verify", "--keyed-only")


def test_a_legacy_entry_after_keyed_ones_is_caught(chain):
    last = chain[-1]
    rewrite(plain_sha256, start_seq=last.seq, key_id="")
    broken = audit_verify()
    assert broken is not None and broken.seq == last.seq and "without the key after keyed" in broken.reason
    with pytest.raises(CommandError, match="sealed without the key after keyed entries"):
        call_command("audit", "verify")


def test_a_key_that_is_not_configured_is_named(chain, settings):
    sealed_with = crypto.audit_key()[0]
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[]):
        broken = audit_verify()
        assert broken is not None and broken.seq == 1
        assert broken.missing_key
        assert broken.reason == (f"sealed with data key {sealed_with}, which is not configured: set it in "
                                 "REPRISALS_DATA_KEYS_OLD (a configuration problem, not a break)")
        with pytest.raises(CommandError, match=rf"^audit entry #1 \(row \d+\) is sealed with data key {sealed_with}, "
                                               "which is not configured") as raised:
            call_command("audit", "verify")
        assert "broken" not in str(raised.value)
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[settings.DATA_KEY]):
        assert audit_verify() is None


def test_rotation_reseals_the_chain_so_the_old_key_can_be_retired(chain, officer, settings):
    rewrite(plain_sha256, key_id="")  # a legacy prefix
    audit_record(actor=officer, action="test.old-key")  # and entries under the old key
    old_head = audit_head()
    earlier = (chain[1].seq, AuditEntry.objects.get(seq=chain[1].seq).content_hash)
    contents = list(AuditEntry.objects.order_by("seq").values_list("seq", "action", "payload", "at"))
    old_key, new_key = settings.DATA_KEY, crypto.generate_key()
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[old_key]):
        new_id = crypto.audit_key()[0]
        out = io.StringIO()
        with pytest.raises(CommandError, match="--seal-legacy"):
            call_command("rotate-key", "--anchor", f"{old_head[0]}:{old_head[1]}", stdout=io.StringIO())
        call_command("rotate-key", "--seal-legacy", "--anchor", f"{old_head[0]}:{old_head[1]}", stdout=out)
        assert f"re-sealed {old_head[0] + 1} audit entries under key {new_id}" in out.getvalue()
        assert "anchors taken before stay valid" in out.getvalue()
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[]):
        entries = list(AuditEntry.objects.order_by("seq"))
        assert {e.key_id for e in entries} == {new_id}
        assert audit_verify() is None
        call_command("audit", "verify", "--keyed-only", stdout=io.StringIO())
        # Only the seals changed; the history is the same, followed by the re-seal and the rotation.
        assert list(AuditEntry.objects.order_by("seq").values_list("seq", "action", "payload", "at")
                    )[:len(contents)] == contents
        reseal, rotate = entries[-2:]
        assert (reseal.action, rotate.action) == ("audit.reseal", "key.rotate")
        assert reseal.payload == {"entries": old_head[0] + 1, "key_id": new_id, "legacy": old_head[0] - 1,
                                  "head_seq": old_head[0] + 1, "head_content_hash": reseal.payload["head_content_hash"]}
        assert audit_head() == (rotate.seq, rotate.content_hash)
        # A re-seal changes no content hash: every anchor taken before the rotation still matches.
        call_command("audit", "verify", "--current-key-only", "--anchor", f"{old_head[0]}:{old_head[1]}",
                     "--anchor", f"{earlier[0]}:{earlier[1]}", stdout=io.StringIO())
        # Running it again changes nothing in the chain but records the rotation.
        out = io.StringIO()
        call_command("rotate-key", stdout=out)
        assert "already sealed under key" in out.getvalue()
        assert [e.hash for e in AuditEntry.objects.order_by("seq")][:len(entries)] == [e.hash for e in entries]
        assert audit_verify() is None


def test_rotation_re_encrypts_but_does_not_reseal_a_broken_chain(new_case, settings):
    """One damaged audit row (no key needed) must not keep the protected data under a leaked key: the data
    is re-encrypted, the chain is not re-sealed, the command fails naming the break and records it."""
    new_case()
    victim = AuditEntry.objects.order_by("seq")[2]
    rewrite(plain_sha256, edit=forge, edit_seq=victim.seq)
    entries_before = list(AuditEntry.objects.order_by("seq").values_list("seq", "key_id", "prev_hash", "hash"))
    head_before = audit_head()
    with connection.cursor() as cursor:
        cursor.execute("SELECT source_identity FROM cases_allegation")
        tokens_before = [r[0] for r in cursor.fetchall()]
    old_id = crypto.keyring()[0].key_id
    assert tokens_before and {crypto.key_id_of(t) for t in tokens_before} == {old_id}
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[settings.DATA_KEY]):
        new_id = crypto.keyring()[0].key_id
        with pytest.raises(CommandError, match=rf"broken at entry #{victim.seq} .*re-encrypted, but the audit log "
                                               "was NOT re-sealed") as raised:
            call_command("rotate-key", stdout=io.StringIO())
        assert raised.value.returncode == 1
        # The chain is as it was, followed by the record of the rotation, which names the break.
        entries = list(AuditEntry.objects.order_by("seq"))
        assert [(e.seq, e.key_id, e.prev_hash, e.hash) for e in entries[:-1]] == entries_before
        rotate = entries[-1]
        assert rotate.seq == head_before[0] + 1 and rotate.action == "key.rotate" and rotate.key_id == new_id
        assert rotate.payload["resealed"] is False and rotate.payload["break_seq"] == victim.seq
        with connection.cursor() as cursor:
            cursor.execute("SELECT source_identity FROM cases_allegation")
            tokens_after = [r[0] for r in cursor.fetchall()]
        assert {crypto.key_id_of(t) for t in tokens_after} == {new_id}
        assert Allegation.objects.get().source_identity == "Source Alpha"
        # Verify still names the original break first, not the rotation's entry under the new key.
        broken = audit_verify()
        assert broken is not None and broken.seq == victim.seq and "does not match its hash" in broken.reason


def test_the_head_is_printed_and_anchors_are_checked(chain):
    out = io.StringIO()
    call_command("audit", "head", stdout=out)
    last = AuditEntry.objects.order_by("-seq").first()
    assert out.getvalue().strip() == f"{last.seq}:{last.content_hash}"
    second = AuditEntry.objects.get(seq=2)
    out = io.StringIO()
    call_command("audit", "verify", "--anchor", f"{last.seq}:{last.content_hash}",
                 "--anchor", f"2:{second.content_hash.upper()}", stdout=out)
    assert "anchors matched: 2" in out.getvalue()
    assert out.getvalue().splitlines()[-1] == f"head {last.seq}:{last.content_hash}"
    wrong = "f" * 64
    with pytest.raises(CommandError, match=f"#2 .*does not have the anchored content hash {wrong}") as raised:
        call_command("audit", "verify", "--anchor", f"{last.seq}:{last.content_hash}", "--anchor", f"2:{wrong}")
    assert raised.value.returncode == 1
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("audit", "verify", "--anchor", "2:abc")


def test_an_anchor_catches_a_log_cut_short_with_its_head(chain):
    """Deleting the last entries and pointing the head at the new last one needs no key: only an anchor
    kept off-site shows it."""
    anchor = audit_head()
    keep = AuditEntry.objects.get(seq=anchor[0] - 2)
    AuditEntry.objects.filter(seq__gt=keep.seq).delete()
    AuditChainHead.objects.filter(pk=1).update(seq=keep.seq, hash=keep.hash, content_hash=keep.content_hash)
    assert audit_verify() is None
    broken = audit_verify([anchor])
    assert broken is not None and broken.seq == anchor[0] and "not in the log" in broken.reason
    with pytest.raises(CommandError, match=f"#{anchor[0]} .*entries were removed"):
        call_command("audit", "verify", "--anchor", f"{anchor[0]}:{anchor[1]}")


def test_an_anchor_catches_a_whole_log_rewritten_as_legacy_entries(chain):
    """Rewriting every entry as a legacy one needs no key either: an anchor, or --keyed-only once the
    legacy entries were re-sealed, shows it."""
    anchor = audit_head()
    rewrite(plain_sha256, edit=forge, edit_seq=chain[2].seq, start_seq=1, key_id="")
    assert audit_verify() is None
    broken = audit_verify([anchor])
    assert broken is not None and broken.seq == anchor[0] and "anchored content hash" in broken.reason
    with pytest.raises(CommandError, match="--keyed-only"):
        call_command("audit", "verify", "--keyed-only")


def test_an_anchor_catches_a_rewrite_even_by_the_holder_of_the_key(chain):
    anchor = audit_head()
    rewrite(entry_hash, edit=forge, edit_seq=chain[1].seq)  # sealed with the real key
    assert audit_verify() is None
    broken = audit_verify([anchor])
    assert broken is not None and broken.seq == anchor[0] and "anchored content hash" in broken.reason


def test_a_legacy_entry_cannot_vouch_for_an_anchor(chain):
    """Only a keyed re-seal record accepts an anchor it names; a forged legacy log could name any."""
    anchor = (chain[-1].seq, "e" * 64)

    def fake_reseal(entry: AuditEntry) -> None:
        entry.action = "audit.reseal"
        entry.payload = {"entries": 1, "key_id": "", "old_head_seq": anchor[0], "old_head_hash": anchor[1]}

    rewrite(plain_sha256, edit=fake_reseal, edit_seq=1, key_id="")
    assert audit_verify() is None
    assert audit_verify([anchor]) is not None


def test_rotating_to_the_same_key_reseals_legacy_entries(chain):
    """After upgrading, `rotate-key` with the key unchanged re-seals the entries written before keyed
    sealing, after which `--keyed-only` holds."""
    rewrite(plain_sha256, key_id="")
    legacy = AuditEntry.objects.count()
    out = io.StringIO()
    call_command("rotate-key", "--seal-legacy", stdout=out)
    assert "re-encrypted 0 rows" in out.getvalue() and f"re-sealed {legacy} audit entries" in out.getvalue()
    assert not AuditEntry.objects.filter(key_id="").exists()
    call_command("audit", "verify", "--keyed-only", stdout=io.StringIO())
