"""The case workflow as data and pure functions: which status may follow which, and who may move it.

A case is received, assessed, verified, raised with the State, awaits the State's response and stays in
follow-up until a reviewer records an adequate response, or it is closed for another recorded reason (not
substantiated, or withdrawn at the person's request), which any open case may be.
A closed case can be reopened when new information arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.models import CaseStatus as S

# Every open case can be closed as not substantiated: information that arrives later (the State's answer,
# a new source, the person) can show that the allegation does not hold, also once it was raised.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.UNDER_ASSESSMENT, S.CLOSED_NOT_SUBSTANTIATED, S.CLOSED_WITHDRAWN),
    S.UNDER_ASSESSMENT: (S.VERIFIED, S.CLOSED_NOT_SUBSTANTIATED, S.CLOSED_WITHDRAWN),
    S.VERIFIED: (S.RAISED_WITH_STATE, S.CLOSED_NOT_SUBSTANTIATED, S.CLOSED_WITHDRAWN),
    S.RAISED_WITH_STATE: (S.AWAITING_RESPONSE, S.FOLLOW_UP, S.CLOSED_NOT_SUBSTANTIATED, S.CLOSED_WITHDRAWN),
    S.AWAITING_RESPONSE: (S.FOLLOW_UP, S.CLOSED_ADEQUATELY_ADDRESSED, S.CLOSED_NOT_SUBSTANTIATED,
                          S.CLOSED_WITHDRAWN),
    S.FOLLOW_UP: (S.RAISED_WITH_STATE, S.AWAITING_RESPONSE, S.CLOSED_ADEQUATELY_ADDRESSED, S.CLOSED_NOT_SUBSTANTIATED,
                  S.CLOSED_WITHDRAWN),
    S.CLOSED_ADEQUATELY_ADDRESSED: (S.FOLLOW_UP,),
    S.CLOSED_NOT_SUBSTANTIATED: (S.UNDER_ASSESSMENT,),
    S.CLOSED_WITHDRAWN: (S.UNDER_ASSESSMENT,),
}

OPEN_STATUSES: tuple[str, ...] = tuple(s for s in S.values if not s.startswith("closed_"))
CLOSED_STATUSES: tuple[str, ...] = tuple(s for s in S.values if s.startswith("closed_"))

# Moving to these statuses needs more than the ordinary transition capability.
EXTRA_CAPABILITY: dict[str, str] = {S.CLOSED_ADEQUATELY_ADDRESSED: Cap.CASE_CLOSE_ADEQUATE}


# Further conditions other apps put on a move, by target status: each check takes the case and returns
# why the move is refused, or None. The follow-up app registers here that a case is closed as
# adequately addressed only after a reviewer confirmed an adequate State response.
TRANSITION_CHECKS: dict[str, list[Callable[[Any], str | None]]] = {}


def allowed_next(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


def is_allowed(current: str, target: str) -> bool:
    return target in allowed_next(current)


def capability_for(target: str) -> str:
    return EXTRA_CAPABILITY.get(target, Cap.CASE_TRANSITION)


def allowed_for(user: Any, current: str) -> tuple[str, ...]:
    """The statuses ``user`` may move a case to from ``current``: what the case page offers and what the
    API lists as ``allowed_transitions``, so neither offers a move the service then refuses (403)."""
    if not has_cap(user, Cap.CASE_EDIT):
        return ()
    return tuple(s for s in allowed_next(current) if has_cap(user, capability_for(s)))
