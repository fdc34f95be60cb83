"""``reprisals audit verify [--anchor SEQ:HASH]...``: check the chain; exit 1 naming the first bad entry.
``reprisals audit head``: print the chain head as ``SEQ:HASH``, an anchor to keep off-site."""

from __future__ import annotations

import argparse
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.core.audit import LEGACY, audit_head, audit_verify
from reprisals.core.models import AuditEntry

ANCHOR = re.compile(r"(\d+):([0-9a-fA-F]{64})")


def anchor(value: str) -> tuple[int, str]:
    match = ANCHOR.fullmatch(value.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not SEQ:HASH, as printed by `reprisals audit head`")
    return int(match[1]), match[2].lower()


class Command(BaseCommand):
    help = "Work with the tamper-evident audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check that no entry was edited, deleted or reordered")
        verify.add_argument(
            "--anchor", action="append", type=anchor, default=[], metavar="SEQ:HASH",
            help="also check that entry SEQ still carries HASH (a head printed earlier by `audit head` and "
                 "kept off-site); repeatable. A key rotation re-seals the chain: anchors taken before it "
                 "match only if they are the head the rotation recorded",
        )
        verify.add_argument(
            "--keyed-only", action="store_true",
            help="also fail when an entry is sealed without the key (legacy plain SHA-256): once `rotate-key` "
                 "has re-sealed the entries written before keyed sealing, none should be",
        )
        sub.add_parser("head", help="print the chain head as SEQ:HASH, to keep off-site as an anchor")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "head":
            seq, value = audit_head()
            self.stdout.write(f"{seq}:{value}")
            return
        broken = audit_verify(opts["anchor"])
        if broken is not None:
            raise CommandError(f"audit chain broken at entry #{broken.seq} (row {broken.entry_id}): {broken.reason}")
        total, legacy = AuditEntry.objects.count(), AuditEntry.objects.filter(key_id=LEGACY).count()
        if legacy and opts["keyed_only"]:
            first = AuditEntry.objects.filter(key_id=LEGACY).order_by("id").first()
            raise CommandError(f"audit entry #{first.seq} (row {first.pk}) and {legacy - 1} more are sealed "
                               "with plain SHA-256, without the key, and --keyed-only was given")
        seq, value = audit_head()
        self.stdout.write(f"audit chain verified: {total} entries; head {seq}:{value}")
        if opts["anchor"]:
            self.stdout.write(f"anchors matched: {len(opts['anchor'])}")
        if legacy:
            self.stdout.write(f"{legacy} entries are sealed with plain SHA-256, without the key (written before "
                              "keyed sealing): `reprisals rotate-key` re-seals them under the data key")
