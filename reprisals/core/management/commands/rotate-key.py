"""``reprisals rotate-key``: re-encrypt every protected value under the current data key and re-seal the
audit chain under it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reprisals.core.audit import ChainBrokenError, audit_head, audit_record
from reprisals.core.rotation import rotate_key


class Command(BaseCommand):
    help = (
        "Re-encrypt protected fields under REPRISALS_DATA_KEY and re-seal the audit log under it. First set the "
        "new key as REPRISALS_DATA_KEY and the old one in REPRISALS_DATA_KEYS_OLD; afterwards the old key can be "
        "retired. Refuses to change anything when the audit chain is broken."
    )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            changed, reseal = rotate_key()
        except ChainBrokenError as exc:
            raise CommandError(f"{exc}; nothing was re-encrypted or re-sealed") from exc
        audit_record(actor=None, action="key.rotate", payload={"rows": changed, "audit_entries": reseal.entries})
        total = sum(changed.values())
        self.stdout.write(f"re-encrypted {total} rows" + "".join(f"\n  {k}: {v}" for k, v in changed.items()))
        if not reseal.entries:
            self.stdout.write(f"the audit chain was already sealed under key {reseal.key_id}")
            return
        old_seq, old_hash = reseal.old_head
        new_seq, new_hash = audit_head()
        self.stdout.write(
            f"re-sealed {reseal.entries} audit entries under key {reseal.key_id}. The head before was "
            f"{old_seq}:{old_hash} (recorded in the log, where `audit verify --anchor` still accepts it); "
            f"other anchors taken before now no longer match. Keep the new head off-site: {new_seq}:{new_hash}"
        )
