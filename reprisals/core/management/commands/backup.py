"""``reprisals backup --out FILE``: an encrypted, checksummed backup of the whole register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.core.audit import audit_record
from reprisals.core.backup import backup_to_file


class Command(BaseCommand):
    help = "Write an encrypted, verified backup of every record (restore with `reprisals restore FILE`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["out"])
        if path.is_dir() or not path.name:
            raise CommandError(f"{opts['out'] or '--out'}: is a directory; give --out a file")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such directory")
        if path.exists() and not path.is_file():  # the finished backup replaces the output: never a device or a pipe
            raise CommandError(f"{path}: is not a regular file; give --out a file")
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
