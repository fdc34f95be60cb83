"""``reprisals audit verify``: check the hash chain; exit 1 naming the first bad entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.core.audit import audit_verify
from reprisals.core.models import AuditEntry


class Command(BaseCommand):
    help = "Work with the tamper-evident audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check that no entry was edited, deleted or reordered")

    def handle(self, *args: Any, **opts: Any) -> None:
        broken = audit_verify()
        if broken is not None:
            raise CommandError(f"audit chain broken at entry #{broken.seq} (row {broken.entry_id}): {broken.reason}")
        self.stdout.write(f"audit chain verified: {AuditEntry.objects.count()} entries")
