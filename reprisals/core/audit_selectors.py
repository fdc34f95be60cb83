"""Reading the audit log, for auditors: newest first, filtered by what happened, who did it, to which
object and when. Entries hold no protected values (see ``core.audit``), so what is shown here is safe
for the auditor role, which sees no case file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from reprisals.core.models import AuditEntry


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""  # "case.transition" exactly, or "case." for every action on cases
    actor: str = ""  # the account's username as recorded, or "system"
    object_type: str = ""  # e.g. "cases.case"
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_entries(filters: AuditFilters) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.order_by("-seq")
    if filters.action:
        qs = qs.filter(action__startswith=filters.action) if filters.action.endswith(".") else \
            qs.filter(action=filters.action)
    if filters.actor:
        qs = qs.filter(actor_label=filters.actor)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.date_from:
        qs = qs.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to and filters.date_to < dt.date.max:  # the last day there is bounds nothing
        qs = qs.filter(at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return qs


def audit_page(filters: AuditFilters, *, before: int | None = None,
               limit: int = 100) -> tuple[list[AuditEntry], int | None]:
    """One page of entries, newest first, older than sequence number ``before``; and the ``before`` of
    the next page, or None on the last."""
    qs = audit_entries(filters)
    if before:
        qs = qs.filter(seq__lt=before)
    rows = list(qs[: limit + 1])
    return rows[:limit], (rows[limit - 1].seq if len(rows) > limit else None)


def audit_actions() -> list[str]:
    """Every action recorded so far, for the filter's list."""
    return sorted(AuditEntry.objects.order_by().values_list("action", flat=True).distinct())
