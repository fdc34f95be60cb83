"""The trackers' rules as plain functions over plain data: no ORM, tested without a database.

* ``adoption_on``: the state of adoption of the San José Guidelines by each treaty body on a date.
* ``check_next_session`` / ``check_history``: an NGO application's sessions come in chronological order
  and nothing follows a final outcome (recommended, rejected, closed without prejudice).
* ``deferral_count``, ``deferral_streak``, ``current_outcome``, ``waiting_days``: what the NGO views show.
* ``check_date``: every date recorded here lies between 1945 (the United Nations) and today (or 2100).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

TREATY_BODIES: tuple[str, ...] = ("CCPR", "CESCR", "CERD", "CEDAW", "CAT", "SPT", "CRC", "CMW", "CRPD", "CED")

ADOPTED = "adopted"


class RuleBroken(ValueError):
    """A rule refused the input; ``field`` names what is wrong, ``message`` says why (translated)."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


EARLIEST_DATE = dt.date(1945, 1, 1)
#: The Chairs of the treaty bodies endorsed the San José Guidelines (HRI/MC/2015/6) at their 27th meeting,
#: San José, 22-26 June 2015: no committee decided on them before.
GUIDELINES_ENDORSED = dt.date(2015, 6, 22)
LATEST_DATE = dt.date(2100, 12, 31)


def check_date(field: str, value: dt.date, today: dt.date, *, future_allowed: bool = False) -> None:
    """Refuse a date outside the sane range (a mistyped year such as 0001 or 20216), naming ``field``:
    before 1945, in the future (unless allowed, e.g. the end of a term), or after 2100."""
    if value < EARLIEST_DATE:
        raise RuleBroken(field, _("the year %(year)s is too early; give a date from %(earliest)s on")
                         % {"year": f"{value.year:04d}", "earliest": EARLIEST_DATE.year})
    if not future_allowed and value > today:
        raise RuleBroken(field, _("the date is in the future"))
    if value > LATEST_DATE:
        raise RuleBroken(field, _("the year %(year)s is too late; give a date up to %(latest)s")
                         % {"year": value.year, "latest": LATEST_DATE.year})


# ---------------------------------------------------------------- San José Guidelines


@dataclass(frozen=True)
class AdoptionFact:
    """One recorded decision; ``order`` (the record's id, unique) breaks ties between decisions of one body on
    one day."""

    treaty_body: str
    status: str
    decided_on: dt.date
    date_uncertain: bool = False
    reference: str = ""
    note: str = ""
    order: int = 0


@dataclass(frozen=True)
class AdoptionState:
    on: dt.date
    by_body: dict[str, AdoptionFact | None]
    adopted: tuple[str, ...] = field(default=())

    @property
    def adopted_count(self) -> int:
        return len(self.adopted)

    @property
    def uncertain(self) -> tuple[str, ...]:
        """Bodies whose state on this date rests on a decision whose exact date is not verified."""
        return tuple(code for code, fact in self.by_body.items() if fact is not None and fact.date_uncertain)


def adoption_on(records: Iterable[AdoptionFact], on: dt.date,
                bodies: Sequence[str] = TREATY_BODIES) -> AdoptionState:
    """Each body's latest decision on or before ``on`` (None when it had taken none), in ``bodies`` order.

    Decisions of bodies not in ``bodies`` are ignored; of two decisions on one day, the higher ``order``
    (the one recorded later) wins.
    """
    latest: dict[str, AdoptionFact] = {}
    for fact in records:
        if fact.treaty_body not in bodies or fact.decided_on > on:
            continue
        current = latest.get(fact.treaty_body)
        if current is None or (fact.decided_on, fact.order) > (current.decided_on, current.order):
            latest[fact.treaty_body] = fact
    by_body = {code: latest.get(code) for code in bodies}
    adopted = tuple(code for code, fact in by_body.items() if fact is not None and fact.status == ADOPTED)
    return AdoptionState(on=on, by_body=by_body, adopted=adopted)


def adoption_history(records: Iterable[AdoptionFact]) -> list[tuple[AdoptionFact, int]]:
    """Every decision in date order, each with the number of bodies that had adopted right after it."""
    ordered = sorted(records, key=lambda f: (f.decided_on, f.order))
    state: dict[str, str] = {}
    out = []
    for fact in ordered:
        state[fact.treaty_body] = fact.status
        out.append((fact, sum(1 for s in state.values() if s == ADOPTED)))
    return out


# ---------------------------------------------------------------- ECOSOC Committee on NGOs

RECOMMENDED = "recommended"
DEFERRED = "deferred"
CLOSED = "closed_without_prejudice"
REJECTED = "rejected"
OUTCOMES = (RECOMMENDED, DEFERRED, CLOSED, REJECTED)
FINAL_OUTCOMES = frozenset({RECOMMENDED, CLOSED, REJECTED})


@dataclass(frozen=True)
class SessionFact:
    session: str
    session_date: dt.date
    outcome: str


def _label(outcome: str) -> str:
    labels = {RECOMMENDED: _("recommended"), DEFERRED: _("deferred"), CLOSED: _("closed without prejudice"),
              REJECTED: _("rejected")}
    return labels.get(outcome, outcome)


def check_next_session(applied_on: dt.date, history: Sequence[SessionFact], new: SessionFact) -> None:
    """Refuse ``new`` unless it can follow ``history`` (already in order); raise RuleBroken naming the field."""
    if new.outcome not in OUTCOMES:
        raise RuleBroken("outcome", _("unknown outcome %(value)s; use one of %(all)s")
                         % {"value": new.outcome, "all": ", ".join(OUTCOMES)})
    if not new.session.strip():
        raise RuleBroken("session", _("the session is required"))
    if new.session_date < applied_on:
        raise RuleBroken("session_date", _("the session (%(date)s) is before the date of the application (%(applied)s)")
                         % {"date": new.session_date.isoformat(), "applied": applied_on.isoformat()})
    for earlier in history:
        if earlier.session.strip().casefold() == new.session.strip().casefold():
            raise RuleBroken("session", _("an outcome for session %(session)s is already recorded")
                             % {"session": earlier.session})
    if history:
        last = history[-1]
        if new.session_date <= last.session_date:
            raise RuleBroken("session_date", _(
                "sessions must be recorded in chronological order: this session (%(date)s) is not after the "
                "last recorded session, %(session)s (%(last)s)"
            ) % {"date": new.session_date.isoformat(), "session": last.session, "last": last.session_date.isoformat()})
        if last.outcome in FINAL_OUTCOMES:
            raise RuleBroken("outcome", _(
                "the application was already %(final)s at %(session)s, a final outcome: no outcome can follow it"
            ) % {"final": _label(last.outcome), "session": last.session})


def check_history(applied_on: dt.date, sessions: Sequence[SessionFact]) -> list[tuple[int, RuleBroken]]:
    """Check a whole sequence in the given order; return (index, problem) for every session refused.

    A refused session is left out of the history the next ones are checked against.
    """
    accepted: list[SessionFact] = []
    problems: list[tuple[int, RuleBroken]] = []
    for index, fact in enumerate(sessions):
        try:
            check_next_session(applied_on, accepted, fact)
        except RuleBroken as exc:
            problems.append((index, exc))
        else:
            accepted.append(fact)
    return problems


def deferral_count(sessions: Iterable[SessionFact]) -> int:
    return sum(1 for s in sessions if s.outcome == DEFERRED)


def deferral_streak(sessions: Sequence[SessionFact]) -> int:
    """How many sessions in a row, up to the latest, deferred the application."""
    streak = 0
    for fact in reversed(sessions):
        if fact.outcome != DEFERRED:
            break
        streak += 1
    return streak


def current_outcome(sessions: Sequence[SessionFact]) -> str | None:
    """The latest outcome, or None when the application has not yet been considered."""
    return sessions[-1].outcome if sessions else None


def is_pending(sessions: Sequence[SessionFact]) -> bool:
    return not sessions or sessions[-1].outcome not in FINAL_OUTCOMES


def waiting_days(applied_on: dt.date, sessions: Sequence[SessionFact], today: dt.date) -> int:
    """Days from the application to its final outcome, or to ``today`` while it is pending."""
    end = today if is_pending(sessions) else sessions[-1].session_date
    return max(0, (end - applied_on).days)
