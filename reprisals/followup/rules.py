"""The rules of follow-up with States, as plain functions over plain data (no database).

Deadlines, what is overdue or due soon, what an assessment may say, when a case may leave follow-up,
which cases carry into the next reporting period, and a State's record. Services and selectors load
the data and call these; the tests state the rules through them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reprisals.followup.choices import AssessmentLevel, CommunicationKind

# ---------------------------------------------------------------- deadlines

#: Days the State is given to answer, per kind of communication. An urgent appeal asks for a faster
#: answer; a meeting of the senior official is followed up like a note verbale.
DEFAULT_DEADLINE_DAYS: dict[str, int] = {
    CommunicationKind.SP_ALLEGATION_LETTER: 60,
    CommunicationKind.SP_URGENT_APPEAL: 30,
    CommunicationKind.TREATY_BODY_LETTER: 60,
    CommunicationKind.HRC_PRESIDENT_LETTER: 30,
    CommunicationKind.NOTE_VERBALE: 60,
    CommunicationKind.SENIOR_OFFICIAL_MEETING: 60,
    CommunicationKind.OTHER: 60,
}

#: A communication is "due soon" when its deadline falls within this many days from today.
DUE_SOON_DAYS = 14


def default_deadline(kind: str, sent_on: dt.date) -> dt.date:
    """The response deadline a communication of ``kind`` sent on ``sent_on`` gets unless one is given."""
    return sent_on + dt.timedelta(days=DEFAULT_DEADLINE_DAYS[kind])


#: The longest a State is given to answer: a deadline further away is a mistyped year (2207 for 2027),
#: which would keep the communication off the overdue list for ever.
MAX_DEADLINE_DAYS = 365


def deadline_problem(sent_on: dt.date, deadline: dt.date, today: dt.date) -> str | None:
    """Why a deadline cannot be set when the communication is recorded, or None when it can.

    Codes: ``"before_sent"`` (the State cannot be asked to answer before it was written to), ``"past"``
    (a deadline that has already passed would make the communication overdue the moment it is recorded),
    ``"too_far"`` (more than ``MAX_DEADLINE_DAYS`` after the date sent).

    Dates are compared by the days between them, never by adding days to one: a date typed as
    9999-12-31 has no day after it, and must be named as a problem, not crash the check.
    """
    if deadline < sent_on:
        return "before_sent"
    if deadline < today:
        return "past"
    if (deadline - sent_on).days > MAX_DEADLINE_DAYS:
        return "too_far"
    return None


def is_overdue(deadline: dt.date, answered_on: dt.date | None, today: dt.date) -> bool:
    """Unanswered after the deadline day. The deadline day itself is still on time."""
    return answered_on is None and today > deadline


def is_due_soon(deadline: dt.date, answered_on: dt.date | None, today: dt.date, window: int = DUE_SOON_DAYS) -> bool:
    """Unanswered, deadline today or within ``window`` days."""
    return answered_on is None and today <= deadline <= today + dt.timedelta(days=window)


def is_late(deadline: dt.date, received_on: dt.date) -> bool:
    """A response received after the deadline is accepted, and flagged late."""
    return received_on > deadline


def deadline_state(deadline: dt.date, answered_on: dt.date | None, today: dt.date, window: int = DUE_SOON_DAYS) -> str:
    """One word for lists and badges: answered_on_time, answered_late, overdue, due_soon or pending."""
    if answered_on is not None:
        return "answered_late" if is_late(deadline, answered_on) else "answered_on_time"
    if is_overdue(deadline, answered_on, today):
        return "overdue"
    if is_due_soon(deadline, answered_on, today, window):
        return "due_soon"
    return "pending"


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


# ---------------------------------------------------------------- assessments

LEVELS_IN_ORDER: tuple[str, ...] = tuple(AssessmentLevel.values)


def may_assess_no_response(deadline: dt.date, answered_on: dt.date | None, today: dt.date) -> bool:
    """"No response" can be recorded only once the deadline has passed without an answer."""
    return is_overdue(deadline, answered_on, today)


def assessment_problem(level: str, has_response: bool, actions: Iterable[bool]) -> tuple[str, str] | None:
    """Why an assessment is inconsistent, as (field, code), or None.

    - "no response" is the assessment of a communication, every other level that of a response;
    - an adequate response is one where the State did something (investigated, held to account,
      remedied, prevented or legislated), so at least one action must be recorded;
    - nothing can have been done in answer to a communication that got no answer.
    """
    did_something = any(actions)
    if level == AssessmentLevel.NO_RESPONSE and has_response:
        return "level", "response_exists"
    if level != AssessmentLevel.NO_RESPONSE and not has_response:
        return "response", "response_needed"
    if level == AssessmentLevel.ADEQUATE and not did_something:
        return "level", "adequate_needs_action"
    if level == AssessmentLevel.NO_RESPONSE and did_something:
        return "level", "no_response_no_action"
    return None


@dataclass(frozen=True)
class CommunicationStanding:
    """One communication about a case, as the adequacy rule sees it."""

    sent_on: dt.date
    id: int
    confirmed_level: str | None  # the level of its latest confirmed assessment, or None
    confirmed_at: dt.datetime | None = None


def adequately_addressed(
    communications: Sequence[CommunicationStanding], reopened_at: dt.datetime | None = None
) -> bool:
    """A case counts as adequately addressed when the latest communication about it has a CONFIRMED
    assessment of "adequate". A proposal does not count; nor does an old adequate answer when the case
    was raised again later (a new incident reopens the question), nor one confirmed before the case
    was last reopened after being closed as adequately addressed (``reopened_at``)."""
    if not communications:
        return False
    latest = max(communications, key=lambda c: (c.sent_on, c.id))
    if latest.confirmed_level != AssessmentLevel.ADEQUATE:
        return False
    return reopened_at is None or (latest.confirmed_at is not None and latest.confirmed_at > reopened_at)


# ---------------------------------------------------------------- the case workflow

# Case statuses, as plain strings so that this module needs no model; a test checks them against
# ``cases.models.CaseStatus``.
VERIFIED = "verified"
RAISED_WITH_STATE = "raised_with_state"
AWAITING_RESPONSE = "awaiting_response"
FOLLOW_UP = "follow_up"
CLOSED_ADEQUATELY_ADDRESSED = "closed_adequately_addressed"
FOLLOW_UP_STATUSES: tuple[str, ...] = (RAISED_WITH_STATE, AWAITING_RESPONSE, FOLLOW_UP)


def moves_on_communication(status: str) -> tuple[str, ...]:
    """Statuses a case passes through when a communication about it is recorded: a verified case is
    raised with the State and then awaits its response; a case already raised, or in follow-up, awaits
    the new response. Cases not yet verified, or closed, keep their status."""
    return {
        VERIFIED: (RAISED_WITH_STATE, AWAITING_RESPONSE),
        RAISED_WITH_STATE: (AWAITING_RESPONSE,),
        FOLLOW_UP: (AWAITING_RESPONSE,),
    }.get(status, ())


def moves_on_answer(status: str) -> tuple[str, ...]:
    """A case awaiting a response goes into follow-up when the State answers or when its silence is
    assessed."""
    return (FOLLOW_UP,) if status == AWAITING_RESPONSE else ()


def may_close_adequately(
    status: str, communications: Sequence[CommunicationStanding], reopened_at: dt.datetime | None = None
) -> bool:
    """A case may be closed as adequately addressed only from awaiting-response or follow-up, and only
    when the adequacy rule holds."""
    return status in (AWAITING_RESPONSE, FOLLOW_UP) and adequately_addressed(communications, reopened_at)


def carries_over(case_status: str, confirmed_adequate: bool) -> bool:
    """Whether a case carries into the next reporting period's follow-up list.

    A case that has been raised with the State stays in follow-up (raised, awaiting a response, or in
    follow-up) until a reviewer confirms an adequate response or it is closed for another recorded
    reason; the closing reason is the closed status itself. Cases not yet raised with the State are new
    cases, not follow-up.
    """
    if case_status not in FOLLOW_UP_STATUSES:
        return False
    return not confirmed_adequate


# ---------------------------------------------------------------- a State's record


@dataclass(frozen=True)
class RecordRow:
    """Communications sharing one outcome; ``count`` of them (1 for a single communication)."""

    days_to_answer: int | None  # None: never answered
    on_time: bool
    confirmed_level: str | None
    count: int = 1


def record_row(
    sent_on: dt.date, deadline: dt.date, answered_on: dt.date | None, confirmed_level: str | None
) -> RecordRow:
    """The row of one communication."""
    days = days_between(sent_on, answered_on) if answered_on is not None else None
    on_time = answered_on is not None and not is_late(deadline, answered_on)
    return RecordRow(days, on_time, confirmed_level)


@dataclass(frozen=True)
class StateRecord:
    sent: int
    answered: int
    answered_on_time: int
    median_days_to_answer: float | None
    assessed: int
    adequate: int

    @property
    def share_answered(self) -> float | None:
        return self.answered / self.sent if self.sent else None

    @property
    def share_on_time(self) -> float | None:
        return self.answered_on_time / self.sent if self.sent else None

    @property
    def share_adequate(self) -> float | None:
        """Communications whose latest confirmed assessment is adequate, out of all sent."""
        return self.adequate / self.sent if self.sent else None


def weighted_median(values: Iterable[tuple[int, int]]) -> float | None:
    """Median of values given as (value, how many times); the mean of the two middle ones when even."""
    pairs = sorted((v, n) for v, n in values if n > 0)
    total = sum(n for _v, n in pairs)
    if total == 0:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value, n in pairs:
        if lower is None and seen + n > lower_rank:
            lower = value
        if seen + n > upper_rank:
            upper = value
            break
        seen += n
    assert lower is not None and upper is not None
    return (lower + upper) / 2


def state_record(rows: Iterable[RecordRow]) -> StateRecord:
    """Communications sent, answered, answered on time, the median days to the first answer, how many
    have a confirmed assessment and how many of those say adequate."""
    sent = answered = on_time = assessed = adequate = 0
    days: list[tuple[int, int]] = []
    for row in rows:
        sent += row.count
        if row.days_to_answer is not None:
            answered += row.count
            days.append((row.days_to_answer, row.count))
            if row.on_time:
                on_time += row.count
        if row.confirmed_level:
            assessed += row.count
            if row.confirmed_level == AssessmentLevel.ADEQUATE:
                adequate += row.count
    return StateRecord(sent, answered, on_time, weighted_median(days), assessed, adequate)


# ---------------------------------------------------------------- reminders


def reminder_kind(
    deadline: dt.date, answered_on: dt.date | None, today: dt.date, window: int = DUE_SOON_DAYS
) -> str | None:
    """"overdue" or "due_soon" when the responsible officer should be reminded today, else None."""
    if is_overdue(deadline, answered_on, today):
        return "overdue"
    if is_due_soon(deadline, answered_on, today, window):
        return "due_soon"
    return None
