"""``reprisals backup --out FILE``: an encrypted, checksummed backup of the whole register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reprisals.core.audit import audit_record
from reprisals.core.backup import backup_to_file


class Command(BaseCommand):
    help = "Write an encrypted, verified backup of every record (restore with `reprisals restore FILE`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args: Any, **opts: Any) -> None:
        audit_record(actor=None, action="backup.write", payload={"file": opts["out"].name})
        summary = backup_to_file(opts["out"])
        self.stdout.write(f"wrote {summary.rows} rows to {opts['out']} (sha256 of rows {summary.sha256[:16]}…)")
