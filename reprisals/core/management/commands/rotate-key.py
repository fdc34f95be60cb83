"""``reprisals rotate-key``: re-encrypt every protected value under the current data key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reprisals.core.audit import audit_record
from reprisals.core.rotation import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt protected fields under REPRISALS_DATA_KEY. First set the new key as REPRISALS_DATA_KEY "
        "and the old one in REPRISALS_DATA_KEYS_OLD; afterwards the old key can be retired."
    )

    def handle(self, *args: Any, **opts: Any) -> None:
        changed = rotate_all()
        audit_record(actor=None, action="key.rotate", payload={"rows": changed})
        total = sum(changed.values())
        self.stdout.write(f"re-encrypted {total} rows" + "".join(f"\n  {k}: {v}" for k, v in changed.items()))
