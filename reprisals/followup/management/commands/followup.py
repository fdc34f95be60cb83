"""``reprisals followup remind [--days N] [--base-url URL]``: e-mail responsible officers about
communications overdue or due soon. Safe to run more than once a day: each communication is included
at most once a day per officer."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.followup import rules, services


class Command(BaseCommand):
    help = "Follow-up with States: reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="e-mail officers about overdue and due-soon communications")
        remind.add_argument("--days", type=int, default=rules.DUE_SOON_DAYS,
                            help=f"due-soon window in days (default {rules.DUE_SOON_DAYS})")
        remind.add_argument("--base-url", default="", help="prefix for links in the e-mails, e.g. "
                            "https://tracker.example (default: REPRISALS_SITE_URL)")

    def handle(self, *args: Any, **opts: Any) -> None:
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
