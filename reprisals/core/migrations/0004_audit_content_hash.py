"""An unkeyed running content hash for every audit entry and for the chain head (``audit.content_hash``):
SHA-256 of the previous entry's content hash and of the entry's body without key id and seals. Anchors
(``reprisals audit head``) are taken on it, so that they survive key rotations and no key can forge them.
Existing entries get theirs computed here, in insertion order and in batches; the head gets the last one.
Also adds ``sealed_at_write``, set by the keyed code for every entry it writes and bound into its seal and
content hash: the entries stored before are all False (their body, seal and content hash leave it out).
Going back drops the columns."""

import hashlib
import json

from django.db import migrations, models

GENESIS = "0" * 64


# As in reprisals.core.audit at the time of writing, kept here so that this migration never changes.
def content_hash(entry, prev_content):
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "ip": entry.ip,
        "payload": entry.payload,
    }
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()
    return hashlib.sha256(prev_content.encode("ascii") + data).hexdigest()


def compute_content_hashes(apps, schema_editor, batch=2000):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    db = schema_editor.connection.alias
    prev, last_id, last_seq = GENESIS, 0, None
    while chunk := list(AuditEntry.objects.using(db).filter(id__gt=last_id).order_by("id")[:batch]):
        for entry in chunk:
            entry.content_hash = prev = content_hash(entry, prev)
        AuditEntry.objects.using(db).bulk_update(chunk, ["content_hash"], batch_size=500)
        last_id, last_seq = chunk[-1].pk, chunk[-1].seq
    if last_seq is not None:
        AuditChainHead.objects.using(db).filter(pk=1, seq=last_seq).update(content_hash=prev)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_hash_session_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="content_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="content_hash",
            field=models.CharField(default="0000000000000000000000000000000000000000000000000000000000000000",
                                   max_length=64),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="sealed_at_write",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(compute_content_hashes, migrations.RunPython.noop),
    ]
