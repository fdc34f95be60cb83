"""``reprisals backup --out FILE``: an encrypted, checksummed backup of the whole register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.core.audit import audit_record
from reprisals.core.backup import backup_to_file
from reprisals.core.outfiles import output_refusal


class Command(BaseCommand):
    help = "Write an encrypted, verified backup of every record (restore with `reprisals restore FILE`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        refusal = output_refusal(opts["out"])
        if refusal:
            raise CommandError(refusal)
        path = Path(opts["out"])
        # Recorded first, so that the backup holds the record of itself.
        audit_record(actor=None, action="backup.write", payload={"file": path.name})
        partial = path.with_name(path.name + ".partial")
        try:
            summary = backup_to_file(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            audit_record(actor=None, action="backup.failed", payload={"file": path.name, "error": exc.strerror or ""})
            raise CommandError(f"{path}: cannot be written ({exc.strerror or exc}); no backup was written") from exc
        self.stdout.write(f"wrote {summary.rows} rows to {path} (sha256 of rows {summary.sha256[:16]}…)")
