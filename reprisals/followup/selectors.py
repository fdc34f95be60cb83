"""Reads of follow-up data that depend on who asks.

Staff who see all cases (``Cap.CASE_VIEW_ALL``) see a communication when they may see every case it
concerns: a communication about a case in a compartment they are not in is "not found". State mission
users (``Cap.STATE_PORTAL``) go through the ``portal_*`` selectors only, which return communications
addressed to their own State and nothing about cases, sources, internal notes or assessments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.models import Case, CaseStatus, StatusChange
from reprisals.cases.selectors import case_get_for_user, cases_visible_to
from reprisals.cases.workflow import OPEN_STATUSES
from reprisals.core.errors import NotFound
from reprisals.followup import rules
from reprisals.followup.models import (
    Assessment,
    CaseDevelopment,
    Communication,
    FollowupAttachment,
    StateResponse,
)
from reprisals.reference.models import Country, UNBody

READ_CAP = Cap.CASE_VIEW_ALL
Link = Communication.cases.through


def today() -> dt.date:
    return timezone.now().date()


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


# ---------------------------------------------------------------- staff: communications


def communications_visible_to(user: Any) -> QuerySet[Communication]:
    """Communications all of whose cases the user may see.

    The hidden cases of each communication are counted in a correlated subquery rather than tested with
    NOT EXISTS: PostgreSQL would turn NOT EXISTS into an anti-join that scans every case for restricted
    ones before returning the first row, whereas a count is evaluated per communication through the
    link table's index, so a page of 50 costs 50 index probes.
    """
    if not has_cap(user, READ_CAP):
        return Communication.objects.none()
    member = Case.compartment.through.objects.filter(case_id=OuterRef("case_id"), user_id=user.pk)
    hidden = (
        Link.objects.filter(communication_id=OuterRef("pk"), case__is_restricted=True).filter(~Exists(member))
        .order_by().values("communication_id").annotate(n=Count("pk")).values("n")
    )
    # "< 1" rather than "= 0": the same rows, but PostgreSQL's default estimate for an inequality keeps the
    # planned cost of a page low (an equality is guessed to match almost nothing, which makes a LIMIT look
    # expensive enough to be JIT-compiled, costing more than the query).
    return Communication.objects.alias(hidden_cases=Coalesce(Subquery(hidden), 0)).filter(hidden_cases__lt=1)


def communication_get_for_user(user: Any, communication_id: int | str) -> Communication:
    found = (
        communications_visible_to(user).select_related("country", "un_body", "recorded_by")
        .filter(pk=_pk(communication_id)).first()
    )
    if found is None:
        raise NotFound()
    return found


def communication_detail(user: Any, communication_id: int | str) -> Communication:
    """A communication with its cases, responses, assessments and attachments, in a fixed number of queries."""
    found = communication_get_for_user(user, communication_id)
    return (
        Communication.objects.filter(pk=found.pk)
        .select_related("country", "un_body", "recorded_by")
        .prefetch_related(
            Prefetch("cases", queryset=Case.objects.select_related("country", "assigned_to").order_by("id")),
            Prefetch("responses", queryset=StateResponse.objects.select_related("submitted_by")
                     .prefetch_related("attachments")),
            Prefetch("assessments", queryset=Assessment.objects.select_related("proposed_by", "decided_by",
                                                                               "response")),
            "attachments",
        )
        .get()
    )


@dataclass(frozen=True)
class CommunicationFilters:
    country: int | None = None
    un_body: int | None = None
    case: int | None = None
    overdue: bool = False
    due_soon: bool = False
    window: int = rules.DUE_SOON_DAYS
    mine: bool = False


def _chased(qs: QuerySet[Communication]) -> QuerySet[Communication]:
    """Only communications about at least one case still open: closed cases are not chased."""
    open_case = Link.objects.filter(communication_id=OuterRef("pk"), case__status__in=OPEN_STATUSES)
    return qs.filter(Exists(open_case))


def communication_list(
    user: Any, filters: CommunicationFilters, *, on: dt.date | None = None
) -> QuerySet[Communication]:
    """Visible communications matching the filters.

    Overdue: unanswered after the deadline, most recently missed first. Due soon: unanswered, deadline
    within ``window`` days, soonest first. Both only about cases still open. Otherwise newest first.
    """
    day = on or today()
    qs = communications_visible_to(user)
    f = filters
    if f.country:
        qs = qs.filter(country_id=f.country)
    if f.un_body:
        qs = qs.filter(un_body_id=f.un_body)
    if f.case:
        qs = qs.filter(pk__in=Link.objects.filter(case_id=f.case).values("communication_id"))
    if f.mine:
        qs = qs.filter(pk__in=Link.objects.filter(case__assigned_to_id=user.pk).values("communication_id"))
    if f.overdue:
        return _chased(qs.filter(answered_on__isnull=True, deadline__lt=day)).order_by("-deadline", "-id")
    if f.due_soon:
        soon = day + dt.timedelta(days=f.window)
        return _chased(qs.filter(answered_on__isnull=True, deadline__gte=day, deadline__lte=soon)).order_by(
            "deadline", "id")
    return qs.order_by("-sent_on", "-id")


# One table only: joined to countries and UN bodies, SQLite's planner walks every UN body and sorts all
# overdue rows instead of reading the deadline index backwards. Names come from two small lookups.
LIST_COLUMNS = ("id", "symbol", "kind", "country_id", "un_body_id", "sent_on", "deadline", "answered_on",
                "assessment_level")


@dataclass(frozen=True)
class CommunicationRow:
    """One line of a list: plain values, no model instance."""

    id: int
    symbol: str
    kind: str
    country: str
    country_name: str
    un_body: str
    un_body_name: str
    sent_on: dt.date
    deadline: dt.date
    answered_on: dt.date | None
    assessment_level: str
    deadline_state: str

    @property
    def kind_label(self) -> str:
        from reprisals.followup.choices import CommunicationKind

        return str(CommunicationKind(self.kind).label)

    @property
    def days_overdue(self) -> int:
        return max(0, (today() - self.deadline).days)

    @property
    def days_left(self) -> int:
        return (self.deadline - today()).days


def rows(
    qs: QuerySet[Communication], limit: int, *, on: dt.date | None = None, window: int = rules.DUE_SOON_DAYS
) -> list[CommunicationRow]:
    """The first ``limit`` communications of ``qs`` as plain rows, in three queries."""
    day = on or today()
    found = list(qs.values_list(*LIST_COLUMNS)[:limit])
    countries = {pk: (iso3, name) for pk, iso3, name in
                 Country.objects.filter(pk__in={r[3] for r in found}).values_list("pk", "iso3", "name")}
    bodies = {pk: (code, name) for pk, code, name in
              UNBody.objects.filter(pk__in={r[4] for r in found}).values_list("pk", "code", "name")}
    out = []
    for pk, symbol, kind, country_id, body_id, sent_on, deadline, answered_on, level in found:
        out.append(CommunicationRow(
            pk, symbol, kind, *countries[country_id], *bodies[body_id], sent_on, deadline, answered_on, level,
            deadline_state=rules.deadline_state(deadline, answered_on, day, window),
        ))
    return out


def case_communications(user: Any, case: Case | int) -> list[Communication]:
    """Communications about a case the user may see, newest first, with responses and assessments."""
    case_id = case.pk if isinstance(case, Case) else case
    case_get_for_user(user, case_id)
    return list(
        communications_visible_to(user).filter(pk__in=Link.objects.filter(case_id=case_id).values("communication_id"))
        .select_related("country", "un_body")
        .prefetch_related("responses", Prefetch("assessments", queryset=Assessment.objects.order_by("proposed_at",
                                                                                                    "id")))
        .order_by("-sent_on", "-id")
    )


def assessment_get_for_user(user: Any, assessment_id: int | str) -> Assessment:
    found = Assessment.objects.select_related("communication", "response", "proposed_by").filter(
        pk=_pk(assessment_id)).first()
    if found is None:
        raise NotFound()
    communication_get_for_user(user, found.communication_id)
    return found


def attachment_get_for_user(user: Any, attachment_id: int | str) -> FollowupAttachment:
    found = FollowupAttachment.objects.select_related("response").filter(pk=_pk(attachment_id)).first()
    if found is None:
        raise NotFound()
    owner = found.communication_id or (found.response.communication_id if found.response else None)
    communication_get_for_user(user, owner)  # type: ignore[arg-type]
    return found


# ---------------------------------------------------------------- adequacy of a case


def case_standings(case: Case | int) -> list[rules.CommunicationStanding]:
    """Every communication about the case with its latest confirmed assessment, for the adequacy rule.
    Not filtered by who asks: the rule is about the case, whoever applies it."""
    case_id = case.pk if isinstance(case, Case) else case
    return [
        rules.CommunicationStanding(sent_on, pk, level or None, at)
        for pk, sent_on, level, at in Communication.objects.filter(
            pk__in=Link.objects.filter(case_id=case_id).values("communication_id")
        ).values_list("pk", "sent_on", "assessment_level", "assessed_at")
    ]


def case_reopened_at(case: Case | int) -> dt.datetime | None:
    """When the case was last reopened after being closed as adequately addressed, if ever."""
    case_id = case.pk if isinstance(case, Case) else case
    change = (
        StatusChange.objects.filter(case_id=case_id, from_status=CaseStatus.CLOSED_ADEQUATELY_ADDRESSED)
        .order_by("-at", "-id").first()
    )
    return change.at if change else None


def case_adequately_addressed(case: Case) -> bool:
    return rules.adequately_addressed(case_standings(case), case_reopened_at(case))


def case_may_close_adequately(case: Case) -> bool:
    return rules.may_close_adequately(case.status, case_standings(case), case_reopened_at(case))


def close_adequately_refusal(case: Case) -> str | None:
    """Why ``case`` may not be closed as adequately addressed, or None when it may: a check for the
    cases workflow to call before that transition (registered like the timeline sources)."""
    from django.utils.translation import gettext as _

    if rules.adequately_addressed(case_standings(case), case_reopened_at(case)):
        return None
    return _("the latest communication about this case has no confirmed assessment of an adequate response")


def case_carries_over(case: Case) -> bool:
    """Whether the case belongs on the next reporting period's follow-up list (used by reports)."""
    return rules.carries_over(case.status, case_adequately_addressed(case))


def carried_over_cases(user: Any) -> QuerySet[Case]:
    """Visible cases in a follow-up status that carry into the next period's follow-up list: those
    whose latest communication has no confirmed adequate assessment (reports build Annex II from this).
    A fixed number of queries whatever the number of cases; the rule is ``rules.carries_over``."""
    candidates = cases_visible_to(user).filter(status__in=rules.FOLLOW_UP_STATUSES)
    standings: dict[int, list[rules.CommunicationStanding]] = {}
    for case_id, sent_on, pk, level, at in Link.objects.filter(case__in=candidates).values_list(
        "case_id", "communication__sent_on", "communication_id", "communication__assessment_level",
        "communication__assessed_at",
    ):
        standings.setdefault(case_id, []).append(rules.CommunicationStanding(sent_on, pk, level or None, at))
    reopened = dict(
        StatusChange.objects.filter(case__in=candidates, from_status=CaseStatus.CLOSED_ADEQUATELY_ADDRESSED)
        .values_list("case_id").annotate(last=Max("at")).order_by()
    )
    # Few open cases have a confirmed adequate answer: exclude those rather than list the many kept.
    addressed = [
        pk for pk, status in candidates.values_list("pk", "status")
        if not rules.carries_over(status, rules.adequately_addressed(standings.get(pk, []), reopened.get(pk)))
    ]
    return candidates.exclude(pk__in=addressed).order_by("country__name", "reference")


# ---------------------------------------------------------------- a State's record


def state_record(
    user: Any, country: Country, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> rules.StateRecord:
    """Communications to ``country`` sent between the two dates (inclusive), counted as outcome groups.

    Aggregates count every communication to the State, including those about restricted cases: they
    name no case and no person.
    """
    if not has_cap(user, READ_CAP):
        raise NotFound()
    qs = Communication.objects.filter(country=country)
    if date_from:
        qs = qs.filter(sent_on__gte=date_from)
    if date_to:
        qs = qs.filter(sent_on__lte=date_to)
    groups = (
        qs.annotate(on_time=ExpressionWrapper(Q(answered_on__lte=F("deadline")), output_field=BooleanField()))
        .values_list("days_to_answer", "on_time", "assessment_level")
        .annotate(n=Count("*"))  # COUNT(*): answered from the covering index comm_record_idx
        .order_by()
    )
    return rules.state_record(
        rules.RecordRow(days, bool(on_time) and days is not None, level or None, n)
        for days, on_time, level, n in groups
    )


# ---------------------------------------------------------------- developments


def developments_for_case(user: Any, case: Case | int) -> QuerySet[CaseDevelopment]:
    case_id = case.pk if isinstance(case, Case) else case
    case_get_for_user(user, case_id)
    return CaseDevelopment.objects.filter(case_id=case_id).select_related("recorded_by")


# ---------------------------------------------------------------- the case page panel


def _latest_assessment(c: Communication) -> Assessment | None:
    items = list(c.assessments.all())
    return items[-1] if items else None


def case_panel_context(user: Any, case: Case) -> dict[str, Any]:
    """What the follow-up panel on a case page shows: the case's communications with their deadline
    state, responses and latest assessment; its developments; and what the user may do."""
    day = today()
    can_read = has_cap(user, READ_CAP)
    communications = []
    if can_read:
        for c in case_communications(user, case):
            communications.append({
                "communication": c,
                "state": rules.deadline_state(c.deadline, c.answered_on, day),
                "overdue": rules.is_overdue(c.deadline, c.answered_on, day),
                "responses": list(c.responses.all()),
                "latest_assessment": _latest_assessment(c),
            })
    return {
        "followup_case": case,
        "followup_communications": communications,
        "followup_developments": list(developments_for_case(user, case)),
        "followup_can_read": can_read,
        "followup_can_record": has_cap(user, Cap.COMMUNICATION_RECORD),
        "followup_can_develop": has_cap(user, Cap.CASE_EDIT),
        "followup_adequate": can_read and case_adequately_addressed(case),
        "followup_carries_over": can_read and case_carries_over(case),
    }


# ---------------------------------------------------------------- the State portal


def portal_communications(user: Any) -> QuerySet[Communication]:
    """Communications addressed to the user's own State, newest first; nothing for anyone else."""
    if not has_cap(user, Cap.STATE_PORTAL) or not getattr(user, "country_id", None):
        return Communication.objects.none()
    return Communication.objects.filter(country_id=user.country_id).select_related("un_body").order_by(
        "-sent_on", "-id")


def portal_communications_after(user: Any, before: int | str) -> QuerySet[Communication]:
    """The user's State's communications that come after ``before`` (one of them: another State's is "not
    found") in the portal's order, newest sent first: the next page of a list whose last item was ``before``."""
    last = portal_communication_get(user, before)
    return portal_communications(user).filter(Q(sent_on__lt=last.sent_on) | Q(sent_on=last.sent_on, pk__lt=last.pk))


def portal_communication_get(user: Any, communication_id: int | str) -> Communication:
    found = portal_communications(user).filter(pk=_pk(communication_id)).first()
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class PortalResponse:
    """A response as the State sees it: its own words when it submitted them through the portal; for
    answers recorded by staff, only the date and channel (the staff summary is an internal note)."""

    received_on: dt.date
    channel: str
    channel_label: str
    summary: str
    late: bool
    attachments: list[FollowupAttachment]


def portal_responses(communication: Communication) -> list[PortalResponse]:
    from reprisals.followup.choices import ResponseChannel

    out = []
    for r in communication.responses.prefetch_related("attachments").order_by("received_on", "id"):
        own = r.channel == ResponseChannel.PORTAL
        out.append(PortalResponse(
            r.received_on, r.channel, str(r.get_channel_display()), r.summary if own else "",
            rules.is_late(communication.deadline, r.received_on),
            [a for a in r.attachments.all() if a.visible_to_state],
        ))
    return out


def portal_attachments(communication: Communication) -> list[FollowupAttachment]:
    return list(communication.attachments.filter(visible_to_state=True))


def portal_attachment_get(user: Any, attachment_id: int | str) -> FollowupAttachment:
    found = FollowupAttachment.objects.select_related("communication", "response__communication").filter(
        pk=_pk(attachment_id), visible_to_state=True).first()
    if found is None:
        raise NotFound()
    owner = found.communication if found.communication_id else found.response.communication  # type: ignore[union-attr]
    portal_communication_get(user, owner.pk)
    return found


# ---------------------------------------------------------------- reminders


def reminders_due(day: dt.date, window: int) -> dict[Any, list[tuple[Communication, str]]]:
    """Responsible officers and the communications to remind each of today: overdue or due within
    ``window`` days, unanswered, about an open case assigned to them, not yet reminded today."""
    from reprisals.followup.models import ReminderSent

    soon = day + dt.timedelta(days=window)
    qs = (
        Link.objects.filter(communication__answered_on__isnull=True, communication__deadline__lte=soon,
                            case__status__in=OPEN_STATUSES, case__assigned_to__isnull=False,
                            case__assigned_to__is_active=True)
        .exclude(Exists(ReminderSent.objects.filter(communication_id=OuterRef("communication_id"),
                                                    recipient_id=OuterRef("case__assigned_to_id"), sent_on=day)))
        .select_related("communication__country", "communication__un_body", "case__assigned_to")
        .order_by("case__assigned_to_id", "communication__deadline", "communication_id")
    )
    out: dict[Any, list[tuple[Communication, str]]] = {}
    seen: set[tuple[int, int]] = set()
    for link in qs:
        officer, communication = link.case.assigned_to, link.communication
        key = (officer.pk, communication.pk)
        kind = rules.reminder_kind(communication.deadline, communication.answered_on, day, window)
        if kind is None or key in seen:
            continue
        seen.add(key)
        out.setdefault(officer, []).append((communication, kind))
    return out
