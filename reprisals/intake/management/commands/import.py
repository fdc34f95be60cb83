"""``reprisals import FILE [--format csv|xlsx|json|uwazi-csv] [--source CODE] [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.accounts.selectors import users_named
from reprisals.intake.formats import FORMATS
from reprisals.intake.importer import import_run
from reprisals.intake.parsers import FileProblem

EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".jsonl": "json", ".ndjson": "json"}


class Command(BaseCommand):
    help = ("Import submissions from a file. Every row is checked first; if any row is bad, every problem is "
            "listed with its line, field and reason, nothing is imported and the exit status is 1.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", choices=FORMATS, help="default: from the file's extension")
        parser.add_argument("--source", help="code of the entity that sent the file (default for uwazi-csv: ISHR)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, import nothing")
        parser.add_argument("--encoding", help="the file's encoding when it is not UTF-8, e.g. latin-1")
        parser.add_argument("--delimiter", choices=[",", ";", "tab"], help="default: found from the header row")
        parser.add_argument("--user", help="record the import as done by this account (default: the system)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.is_dir():
            raise CommandError(f"{path}: is a directory, not a file", returncode=2)
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        fmt = options["format"] or EXTENSIONS.get(path.suffix.lower())
        if fmt is None:
            raise CommandError(f"{path}: say which format with --format ({', '.join(FORMATS)})", returncode=2)
        source = (options["source"] or ("ISHR" if fmt == "uwazi-csv" else "")).upper() or None
        actor = None
        if options["user"]:
            actor = users_named(options["user"]).filter(is_active=True).first()
            if actor is None:
                raise CommandError(f"no active account named {options['user']}", returncode=2)
        delimiter = {"tab": "\t"}.get(options["delimiter"] or "", options["delimiter"])

        def problem(line: str) -> None:
            self.stderr.write(f"{path.name}: {line}")

        try:
            report = import_run(actor=actor, opener=lambda: path.open("rb"), fmt=fmt, file_name=path.name,
                                source=source, encoding=options["encoding"], delimiter=delimiter,
                                dry_run=options["dry_run"], on_error=problem)
        except FileProblem as exc:
            where = f"line {exc.line}, " if exc.line else ""
            raise CommandError(f"{path.name}: {where}{exc.field}: {exc.message}; nothing was imported",
                               returncode=1) from exc
        except OSError as exc:  # the file cannot be opened or read (no permission, a disk error): one transaction
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc}); nothing was imported",
                               returncode=2) from exc
        if not report.ok:
            raise CommandError(f"{path.name}: {report.error_count} of {report.rows_read} rows are not valid; "
                               "nothing was imported", returncode=1)
        if report.dry_run:
            self.stdout.write(f"{path.name}: {report.rows_read} rows checked, all valid (dry run: nothing imported)")
            return
        self.stdout.write(f"{path.name}: imported {report.created} rows, {report.skipped} already present "
                          f"(import #{report.batch_id})")
