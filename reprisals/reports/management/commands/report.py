"""``reprisals report list`` and ``reprisals report build --period ID --format docx|pdf|html [--public]
--out FILE``; also ``report create``, ``report generate`` and ``report finalise``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.accounts.models import User
from reprisals.core.errors import DomainError
from reprisals.reports import services
from reprisals.reports.documents import FORMATS
from reprisals.reports.models import ReportingPeriod


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: use YYYY-MM-DD") from None


def _actor(username: str | None) -> User:
    if not username:
        raise CommandError("--user is required: the account this is done as (it is audited)")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active account named {username}")
    return user


class Command(BaseCommand):
    help = "Periodic reports: list the reporting periods, build a report as DOCX, PDF or HTML, and more."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="list|build|create|generate|finalise")
        sub.add_parser("list", help="one period a line: ID, start, end, symbol, status (tab-separated)")
        build = sub.add_parser("build", help="write the report of a period to a file")
        build.add_argument("--period", required=True, type=int, help="the period's ID (see `report list`)")
        build.add_argument("--format", required=True, choices=FORMATS)
        build.add_argument("--public", action="store_true", help="the public, redacted document (default: the "
                           "officers' draft, with what was left out and why)")
        build.add_argument("--out", required=True, help="file to write")
        build.add_argument("--language", default=settings.LANGUAGE_CODE,
                           choices=[code for code, _name in settings.LANGUAGES],
                           help="language of the document's fixed text, headings, tables and charts (default: en)")
        create = sub.add_parser("create", help="record a reporting period")
        create.add_argument("--start", required=True)
        create.add_argument("--end", required=True)
        create.add_argument("--symbol", default="")
        create.add_argument("--title", default="")
        create.add_argument("--user", help="the account this is done as")
        generate = sub.add_parser("generate", help="create the periods of the configured periodicity for a range")
        generate.add_argument("--from", dest="date_from", required=True)
        generate.add_argument("--to", dest="date_to", required=True)
        generate.add_argument("--user", help="the account this is done as")
        finalise = sub.add_parser("finalise", help="freeze a report (a senior official)")
        finalise.add_argument("--period", required=True, type=int)
        finalise.add_argument("--user", help="the senior official finalising it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "do_" + options["action"])(options)
        except DomainError as exc:
            fields = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.fields.items())
            raise CommandError(fields or exc.message) from exc

    def _period(self, pk: int) -> ReportingPeriod:
        period = ReportingPeriod.objects.filter(pk=pk).first()
        if period is None:
            raise CommandError(f"no reporting period with ID {pk} (see `reprisals report list`)")
        return period

    def do_list(self, options: dict[str, Any]) -> None:
        for p in ReportingPeriod.objects.order_by("start"):
            self.stdout.write("\t".join([str(p.pk), p.start.isoformat(), p.end.isoformat(), p.symbol, p.status]))

    def do_build(self, options: dict[str, Any]) -> None:
        period = self._period(options["period"])
        path = Path(options["out"])
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such directory")
        _name, _mime, body = services.report_build(actor=None, period=period, fmt=options["format"],
                                                   public=options["public"], language=options["language"])
        path.write_bytes(body)
        self.stderr.write(f"wrote {len(body)} bytes to {path}")

    def do_create(self, options: dict[str, Any]) -> None:
        period = services.period_create(actor=_actor(options["user"]), start=_date(options["start"]),
                                        end=_date(options["end"]), symbol=options["symbol"], title=options["title"])
        self.stdout.write(str(period.pk))

    def do_generate(self, options: dict[str, Any]) -> None:
        made = services.periods_generate(actor=_actor(options["user"]), date_from=_date(options["date_from"]),
                                         date_to=_date(options["date_to"]))
        for p in made:
            self.stdout.write("\t".join([str(p.pk), p.start.isoformat(), p.end.isoformat()]))

    def do_finalise(self, options: dict[str, Any]) -> None:
        period = services.report_finalise(actor=_actor(options["user"]), period=self._period(options["period"]))
        self.stdout.write(f"{period.pk}\t{period.symbol}\tfinal\t{period.entries.count()} entries")
