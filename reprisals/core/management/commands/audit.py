"""``reprisals audit verify [--anchor SEQ:HASH]... [--keyed-only] [--current-key-only]``: check the chain;
exit 1 naming the first bad entry; say each break accepted along the chain (``audit.accept_break``: the chain
holds since it, re-sealed from scratch then); the last line printed is ``head SEQ:HASH``, the head it verified.
``reprisals audit head``: print the chain head as ``SEQ:HASH`` (its content hash), an anchor to keep off-site.
``reprisals audit reseal --accept-break SEQ [--anchor SEQ:HASH]...``: re-seal a genuinely broken chain from
scratch, after checking that SEQ is its only break and the anchors, recording the break it accepted."""

from __future__ import annotations

import argparse
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.core.audit import (
    LEGACY,
    ChainBreak,
    ChainBrokenError,
    audit_check,
    audit_head,
    audit_reseal_broken,
)
from reprisals.core.models import AuditEntry

ANCHOR = re.compile(r"(\d+):([0-9a-fA-F]{64})")


def anchor(value: str) -> tuple[int, str]:
    match = ANCHOR.fullmatch(value.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not SEQ:HASH, as printed by `reprisals audit head`")
    return int(match[1]), match[2].lower()


ANCHOR_HELP = (
    "also check that entry SEQ still has the content hash HASH (a head printed earlier by `audit head` and "
    "kept off-site); repeatable, every one is checked. Content hashes depend on no key: anchors stay valid "
    "across key rotations"
)


def break_message(broken: ChainBreak) -> str:
    if broken.missing_key:
        return f"audit entry #{broken.seq} (row {broken.entry_id}) is {broken.reason}"
    return f"audit chain broken at entry #{broken.seq} (row {broken.entry_id}): {broken.reason}"


class Command(BaseCommand):
    help = "Work with the tamper-evident audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check that no entry was edited, deleted or reordered; the last "
                                               "line printed is `head SEQ:HASH`, the head verified")
        verify.add_argument("--anchor", action="append", type=anchor, default=[], metavar="SEQ:HASH", help=ANCHOR_HELP)
        verify.add_argument(
            "--keyed-only", action="store_true",
            help="also fail when an entry is sealed without the key (legacy plain SHA-256): once `rotate-key` "
                 "has re-sealed the entries written before keyed sealing, none should be",
        )
        verify.add_argument(
            "--current-key-only", action="store_true",
            help="also fail when an entry is not sealed with the current data key (REPRISALS_DATA_KEY): what "
                 "a completed `rotate-key` leaves; run it after removing the old key",
        )
        sub.add_parser("head", help="print the chain head as SEQ:HASH (its content hash, which no key changes), "
                                    "to keep off-site as an anchor")
        reseal = sub.add_parser(
            "reseal", help="re-seal a genuinely broken chain (disk damage, a bad restore) from scratch under the "
                           "current data key, recording the break accepted; refused when any other entry is "
                           "broken or an anchor does not match")
        reseal.add_argument("--accept-break", type=int, required=True, metavar="SEQ",
                            help="the entry where `audit verify` says the chain is broken, exactly")
        reseal.add_argument("--anchor", action="append", type=anchor, default=[], metavar="SEQ:HASH",
                            help=ANCHOR_HELP + "; checked before anything is re-sealed")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "head":
            seq, value = audit_head()
            self.stdout.write(f"{seq}:{value}")
            return
        if opts["action"] == "reseal":
            try:
                done = audit_reseal_broken(opts["accept_break"], anchors=opts["anchor"])
            except (ChainBrokenError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            seq, value = audit_head()
            self.stdout.write(f"re-sealed {done.entries} audit entries under key {done.key_id}, accepting the break "
                              f"at #{opts['accept_break']}; keep your anchors (one that no longer matches is "
                              f"evidence that content changed), and add this new head:\n{seq}:{value}")
            return
        check = audit_check(opts["anchor"], current_key_only=opts["current_key_only"])
        if check.broken is not None:
            raise CommandError(break_message(check.broken))
        if check.legacy and opts["keyed_only"]:
            first = AuditEntry.objects.filter(key_id=LEGACY).order_by("id").first()
            raise CommandError(f"audit entry #{first.seq} (row {first.pk}) and {check.legacy - 1} more are sealed "
                               "with plain SHA-256, without the key, and --keyed-only was given: `reprisals "
                               "rotate-key` re-seals them under the data key")
        self.stdout.write(f"audit chain verified: {check.entries} entries")
        if check.anchors:
            self.stdout.write(f"anchors matched: {check.anchors}")
        for accepted in check.accepted:
            self.stdout.write(f"the chain holds since an accepted break: entry #{accepted.seq} "
                              f"({accepted.at.isoformat(timespec='seconds')}, by {accepted.actor}) records that the "
                              f"break at #{accepted.break_seq} was accepted and the chain re-sealed from scratch "
                              "under the data key then; compare what it held before with the backups")
        if check.legacy:
            self.stdout.write(f"{check.legacy} entries are sealed with plain SHA-256, without the key (written before "
                              "keyed sealing): `reprisals rotate-key` re-seals them under the data key")
        seq, value = check.head
        self.stdout.write(f"head {seq}:{value}")
