"""Regular reporting: each entity may have a schedule ("every 4 months from 1 May"); the register shows
which entities have not reported in the current period and reminds them by e-mail.

An entity has reported in a period when any allegation it sent (API, file, or recorded by its focal
point) was recorded in that period. ``period_of`` is pure.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.models import User
from reprisals.accounts.roles import Cap, Role
from reprisals.cases.models import Allegation
from reprisals.core.audit import audit_record
from reprisals.core.errors import ValidationFailed
from reprisals.core.services import require, validate
from reprisals.intake.models import ReminderSent, ReportingSchedule
from reprisals.reference.models import Entity

# A schedule starts in a sane range: a mistyped year (0001, 20216) would make every period meaningless.
EARLIEST_START = dt.date(1945, 1, 1)
LATEST_START = dt.date(2100, 12, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_of(starts_on: dt.date, every_months: int, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The period ``[start, end)`` containing ``today``, or None before the first period starts."""
    if today < starts_on or every_months < 1:
        return None
    months = (today.year - starts_on.year) * 12 + today.month - starts_on.month
    n = months // every_months
    start = add_months(starts_on, n * every_months)
    if start > today:
        n -= 1
        start = add_months(starts_on, n * every_months)
    return start, add_months(starts_on, (n + 1) * every_months)


@dataclass(frozen=True)
class ScheduleStatus:
    schedule: ReportingSchedule
    period_start: dt.date
    period_end: dt.date  # exclusive
    reported: int  # allegations recorded in the period

    @property
    def has_reported(self) -> bool:
        return self.reported > 0


@transaction.atomic
def schedule_set(*, actor: Any, entity: Entity, every_months: int, starts_on: dt.date,
                 is_active: bool = True) -> ReportingSchedule:
    if actor is not None:
        require(actor, Cap.TRIAGE)
    schedule = ReportingSchedule.objects.filter(entity=entity).first() or ReportingSchedule(entity=entity)
    schedule.every_months, schedule.starts_on, schedule.is_active = every_months, starts_on, is_active
    if not 1 <= every_months <= 12:
        raise ValidationFailed.single("every_months", _("between 1 and 12 months"))
    if not EARLIEST_START <= starts_on <= LATEST_START:
        raise ValidationFailed.single("starts_on", _("give a date between %(earliest)s and %(latest)s") % {
            "earliest": EARLIEST_START.isoformat(), "latest": LATEST_START.isoformat()})
    validate(schedule, exclude=["entity"])
    schedule.save()
    audit_record(actor=actor, action="reporting.schedule", obj=schedule, payload={
        "entity": entity.code, "every_months": every_months, "starts_on": starts_on.isoformat(),
        "active": is_active})
    return schedule


def schedules_status(today: dt.date | None = None) -> list[ScheduleStatus]:
    """Every active schedule with its current period and whether the entity reported in it."""
    today = today or timezone.now().date()
    out = []
    for schedule in ReportingSchedule.objects.filter(is_active=True).select_related("entity"):
        period = period_of(schedule.starts_on, schedule.every_months, today)
        if period is None:
            continue
        start, end = period
        reported = Allegation.objects.filter(
            source_entity_id=schedule.entity_id, created_at__date__gte=start, created_at__date__lt=end).count()
        out.append(ScheduleStatus(schedule, start, end, reported))
    return out


def entities_not_reported(today: dt.date | None = None) -> list[ScheduleStatus]:
    return [s for s in schedules_status(today) if not s.has_reported]


def _recipients(entity_id: int) -> list[str]:
    users = User.objects.filter(entity_id=entity_id, is_active=True, role__in=[Role.FOCAL_POINT, Role.SUBMITTER])
    return sorted({u.email for u in users if u.email})


@transaction.atomic
def reminders_send(*, actor: Any = None, today: dt.date | None = None, within_days: int = 30) -> list[str]:
    """E-mail the accounts of each entity that has not reported in a period ending within ``within_days``;
    at most one reminder per entity and period. Returns the codes of the entities reminded."""
    today = today or timezone.now().date()
    reminded = []
    emails = 0
    for status in entities_not_reported(today):
        if (status.period_end - today).days > within_days:
            continue
        if ReminderSent.objects.filter(schedule=status.schedule, period_start=status.period_start).exists():
            continue
        to = _recipients(status.schedule.entity_id)
        entity = status.schedule.entity
        if to:
            last_day = status.period_end - dt.timedelta(days=1)
            send_mail(
                _("Reprisals Tracker: allegations for the period ending %(date)s") % {"date": last_day.isoformat()},
                _("Dear colleagues,\n\nThe register has received no allegation from %(entity)s for the reporting "
                  "period %(start)s to %(end)s. Please send any allegation of intimidation or reprisal for "
                  "cooperation with the UN through the API or a file import before the period ends. If there is "
                  "nothing to report, no action is needed.\n\nReprisals Tracker") % {
                    "entity": entity.name, "start": status.period_start.isoformat(), "end": last_day.isoformat()},
                settings.DEFAULT_FROM_EMAIL, to,
            )
        ReminderSent.objects.create(schedule=status.schedule, period_start=status.period_start, recipients=len(to))
        reminded.append(entity.code)
        emails += len(to)
    audit_record(actor=actor, action="reporting.remind", object_type="intake.reportingschedule",
                 payload={"entities": reminded, "emails": emails})
    return reminded
