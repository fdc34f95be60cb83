"""``reprisals trackers import-ngo FILE [--dry-run] [--user NAME]`` and ``reprisals trackers load-san-jose``.

``import-ngo`` checks every row of a CSV of ECOSOC Committee on NGOs session results (template in
docs/trackers.md) and imports them in one transaction. Exit 0 when every row is in (or, with
``--dry-run``, would be); exit 1 listing every problem by line and column, having saved nothing;
exit 2 when the file cannot be read or the user is unknown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reprisals.accounts.selectors import users_named
from reprisals.core import csvtable
from reprisals.core.errors import DomainError
from reprisals.trackers import imports, ngo_csv, services


class Command(BaseCommand):
    help = "Trackers: import ECOSOC Committee on NGOs session results; load the San José Guidelines history."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import-ngo", help="import session results of the Committee on NGOs from CSV")
        imp.add_argument("file", help="CSV file (UTF-8), see docs/trackers.md for the template")
        imp.add_argument("--dry-run", action="store_true", help="check every row and report; save nothing")
        imp.add_argument("--user", default="", help="record the import as this account (default: system)")
        sub.add_parser("load-san-jose", help="load the documented history of adoption of the San José Guidelines")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "load-san-jose":
            added = services.sanjose_load_seed(actor=services.SYSTEM)
            self.stdout.write(f"San José Guidelines: {added} decisions added")
            return
        self._import(opts)

    def _import(self, opts: dict[str, Any]) -> None:
        actor: Any = services.SYSTEM
        if opts["user"]:
            actor = users_named(opts["user"]).filter(is_active=True).first()
            if actor is None:
                self.stderr.write(f"no active user named {opts['user']}")
                raise SystemExit(2)
        path = Path(opts["file"])
        data = csvtable.read_file(path, ngo_csv.MAX_BYTES, self.stderr)
        try:
            report = imports.ngo_import(actor=actor, data=data, dry_run=opts["dry_run"])
        except DomainError as exc:
            self.stderr.write(exc.message)
            raise SystemExit(1) from None
        csvtable.exit_on_problems(report, path.name, self.stderr)
        verb = "would import" if report.dry_run else "imported"
        self.stdout.write(
            f"{verb} {report.outcomes_created} session outcome(s) and {report.applications_created} new "
            f"application(s) from {report.rows} row(s); {report.unchanged} already recorded")
