"""``reprisals followup remind [--days N] [--base-url URL]``: e-mail responsible officers about
communications overdue or due soon. Safe to run more than once a day: each communication is included
at most once a day per officer.

``reprisals followup import FILE --user NAME [--dry-run]``: load past communications and responses from
CSV (``followup.importer``). Exit 0 when every row is in, 1 listing every problem with nothing
imported, 2 when the file or the account cannot be used."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.accounts.selectors import users_named
from reprisals.core import csvtable
from reprisals.core.errors import DomainError
from reprisals.followup import importer, rules, services


class Command(BaseCommand):
    help = "Follow-up with States: reminders; import past communications."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="e-mail officers about overdue and due-soon communications")
        remind.add_argument("--days", type=int, default=rules.DUE_SOON_DAYS,
                            help=f"due-soon window in days (default {rules.DUE_SOON_DAYS})")
        remind.add_argument("--base-url", default="", help="prefix for links in the e-mails, e.g. "
                            "https://tracker.example (default: REPRISALS_SITE_URL)")
        imp = sub.add_parser("import", help="load past communications and responses from CSV")
        imp.add_argument("file", help="CSV file (UTF-8); the template is in docs/followup.md")
        imp.add_argument("--user", required=True, help="a case officer's account: the import sees and records as it")
        imp.add_argument("--dry-run", action="store_true", help="check every row and report; save nothing")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "import":
            self._import(opts)
            return
        if opts["days"] < 0 or opts["days"] > 365:
            raise CommandError("--days must be between 0 and 365")
        base_url = (opts["base_url"] or settings.SITE_URL).rstrip("/")
        if base_url and not re.fullmatch(r"https?://[^/\s]+(/\S*)?", base_url):
            raise CommandError(f"--base-url (or REPRISALS_SITE_URL) must start with https:// or http://: {base_url!r}")
        if not base_url:
            self.stderr.write("links in the e-mails have no address of the site: set REPRISALS_SITE_URL or give "
                              "--base-url, e.g. https://reprisals.example.org")
        mails, reminded, skipped = services.reminders_send(window=opts["days"], base_url=base_url)
        self.stdout.write(f"sent {mails} reminder e-mail(s) about {reminded} communication(s)")
        for username in skipped:
            self.stderr.write(f"not reminded: {username} has no e-mail address")

    def _import(self, opts: dict[str, Any]) -> None:
        actor = users_named(opts["user"]).filter(is_active=True).first()
        if actor is None:
            self.stderr.write(f"no active user named {opts['user']}")
            raise SystemExit(2)
        path = Path(opts["file"])
        data = csvtable.read_file(path, importer.MAX_BYTES, self.stderr)
        try:
            report = importer.import_communications(actor=actor, data=data, dry_run=opts["dry_run"])
        except DomainError as exc:
            self.stderr.write(exc.message)
            raise SystemExit(2) from None
        csvtable.exit_on_problems(report, path.name, self.stderr)
        verb = "would import" if report.dry_run else "imported"
        self.stdout.write(f"{verb} {report.communications} communication(s) and {report.responses} response(s) "
                          f"from {report.rows} row(s)")
