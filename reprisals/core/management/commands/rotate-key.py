"""``reprisals rotate-key [--anchor SEQ:HASH]... [--seal-legacy]``: re-encrypt every protected value under the
current data key and re-seal the audit chain under it (legacy entries only with ``--seal-legacy``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.core.audit import ChainBrokenError, audit_head, audit_record
from reprisals.core.management.commands.audit import ANCHOR_HELP, anchor
from reprisals.core.rotation import rotate_key


class Command(BaseCommand):
    help = (
        "Re-encrypt protected fields under REPRISALS_DATA_KEY and re-seal the audit log under it. First set the "
        "new key as REPRISALS_DATA_KEY and the old one in REPRISALS_DATA_KEYS_OLD, and restart every process with "
        "them; pass the anchors you keep off-site with --anchor. Protected fields are always re-encrypted; the "
        "audit log is re-sealed only when it verifies (with the anchors), otherwise the command fails naming the "
        "break. Afterwards remove the old key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", action="append", type=anchor, default=[], metavar="SEQ:HASH",
                            help=ANCHOR_HELP + "; the chain is checked with them before it is re-sealed")
        parser.add_argument("--seal-legacy", action="store_true",
                            help="also re-seal the entries sealed without the key (written before keyed sealing): "
                                 "once, right after upgrading, with your anchors; refused otherwise, since a "
                                 "database writer without the key can rewrite such entries")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["anchor"]:
            self.stderr.write("no --anchor given: the audit chain is checked without the anchors kept off-site, "
                              "so a log rewritten before now would be re-sealed (anchors would still show it)")
        rotation = rotate_key(anchors=opts["anchor"], seal_legacy=opts["seal_legacy"])
        changed, reseal, broken = rotation.changed, rotation.reseal, rotation.broken
        total = sum(changed.values())
        self.stdout.write(f"re-encrypted {total} rows" + "".join(f"\n  {k}: {v}" for k, v in changed.items()))
        if rotation.legacy is not None:
            audit_record(actor=None, action="key.rotate", payload={
                "rows": changed, "audit_entries": 0, "resealed": False, "legacy": rotation.legacy.count})
            raise CommandError(f"The protected fields were re-encrypted, but the audit log was NOT re-sealed: "
                               f"{rotation.legacy}")
        if broken is not None:
            audit_record(actor=None, action="key.rotate", payload={
                "rows": changed, "audit_entries": 0, "resealed": False, "break_seq": broken.seq,
                "missing_key": broken.missing_key})
            if broken.missing_key:
                what = ("an audit entry names a data key that is not configured (recorded as key.rotate): set "
                        "it in REPRISALS_DATA_KEYS_OLD and run rotate-key again")
            else:
                what = (f"the audit chain is broken at entry #{broken.seq} (recorded as key.rotate). For a "
                        "genuinely broken chain, see `reprisals audit reseal --accept-break` in docs/security.md")
            raise CommandError(f"{ChainBrokenError(broken)}. The protected fields were re-encrypted, but the audit "
                               f"log was NOT re-sealed because {what}")
        assert reseal is not None
        audit_record(actor=None, action="key.rotate", payload={"rows": changed, "audit_entries": reseal.entries})
        new_seq, new_hash = audit_head()
        if reseal.empty:
            self.stdout.write("the audit log was empty: there was nothing to re-seal")
        elif not reseal.entries:
            self.stdout.write(f"the audit chain was already sealed under key {reseal.key_id}")
        else:
            self.stdout.write(f"re-sealed {reseal.entries} audit entries under key {reseal.key_id}")
        self.stdout.write(f"anchors taken before stay valid; the head is now {new_seq}:{new_hash}")
