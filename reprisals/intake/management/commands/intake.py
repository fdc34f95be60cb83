"""``reprisals intake remind`` and ``reprisals intake schedule ENTITY --every N --from DATE``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.core.errors import ValidationFailed
from reprisals.core.text import text_problem
from reprisals.intake import reporting
from reprisals.reference.models import Entity


class Command(BaseCommand):
    help = "Regular reporting by entities: set schedules, list who has not reported, send reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="e-mail entities that have not reported in the current period")
        remind.add_argument("--within", type=int, default=30,
                            help="only for periods ending within this many days (default 30)")
        remind.add_argument("--today", help="pretend today is YYYY-MM-DD (for testing)")
        schedule = sub.add_parser("schedule", help="set an entity's reporting schedule")
        schedule.add_argument("entity")
        schedule.add_argument("--every", type=int, required=True, help="months between reports (1-12)")
        schedule.add_argument("--from", dest="starts_on", required=True, help="first period's start, YYYY-MM-DD")
        schedule.add_argument("--inactive", action="store_true")
        sub.add_parser("overdue", help="list entities that have not reported in the current period")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "schedule":
            problem = text_problem(options["entity"])
            if problem:
                raise CommandError(f"entity: {problem}")
            entity = Entity.objects.filter(code=options["entity"].upper()).first()
            if entity is None:
                raise CommandError(f"unknown entity code {options['entity']}")
            try:
                starts_on = dt.date.fromisoformat(options["starts_on"])
                reporting.schedule_set(actor=None, entity=entity, every_months=options["every"],
                                       starts_on=starts_on, is_active=not options["inactive"])
            except ValueError as exc:
                raise CommandError(f"--from: {exc}") from exc
            except ValidationFailed as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"{entity.code}: every {options['every']} months from {starts_on}")
        elif action == "overdue":
            for status in reporting.entities_not_reported():
                self.stdout.write(f"{status.schedule.entity.code}\t{status.period_start}\t{status.period_end}")
        else:
            today = None
            if options["today"]:
                try:
                    today = dt.date.fromisoformat(options["today"])
                except ValueError as exc:
                    raise CommandError(f"--today: {exc}") from exc
                # the years a schedule may start in: a period of a day far past them ends where no calendar goes
                if not reporting.EARLIEST_START <= today <= reporting.LATEST_START:
                    raise CommandError(f"--today: give a date between {reporting.EARLIEST_START} and "
                                       f"{reporting.LATEST_START}")
            if options["within"] < 0:
                raise CommandError("--within: give 0 or more days")
            reminded = reporting.reminders_send(today=today, within_days=options["within"])
            self.stdout.write(f"reminded {len(reminded)} entities: {', '.join(reminded) or '-'}")
