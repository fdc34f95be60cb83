"""Which cases a periodic report includes, in which annex and how, as plain functions over plain data.

Read these as the rules of the report:

- **Annex I (new cases)**: a case that is verified or later (not closed as not substantiated or
  withdrawn), that no earlier final report included, and whose *reportable date* falls in the period.
  The reportable date is the first day the case could be reported: the later of its first incident
  (the earliest day a partial date can mean) and the first allegation received about it.
- **Annex II (follow-up)**: a case that an earlier final report included and that is still in
  follow-up: raised with the State, awaiting its response or in follow-up, without a reviewer's
  confirmation that the State responded adequately (``followup.rules.carries_over``).
- A case qualifying for either annex is **left out** when an officer decided so for this report
  (security, the person's request, another reason), when its risk is urgent, when it is restricted to
  named users, or when consent says so: each person appears only if they consented to the case being
  raised with the State and to publication, by name (``publish_name``) or anonymously
  (``publish_anonymously``); a person consenting to neither is left out of the text, and a case in which
  nobody may appear is left out. Anonymous persons never appear by name.
- Cases dated in the period but not yet verified are listed for the officer, not included.
- Annexes are grouped by State in alphabetical order of the State's name; paragraphs are numbered from
  1 in each annex, in that order.

The left-out list is for the officer's draft only, never for the public document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reprisals.reports.periods import Span

ANNEX_I = "I"
ANNEX_II = "II"

VERIFIED_OR_LATER = ("verified", "raised_with_state", "awaiting_response", "follow_up", "closed_adequately_addressed")
NOT_YET_VERIFIED = ("received", "under_assessment")

NAMED = "named"
ANONYMOUS = "anonymous"
OMITTED = "omitted"

# Reasons a qualifying case is left out, in the order they are checked.
DECIDED = "decided"  # an officer's ReportExclusion; its own reason is given with it
RESTRICTED = "restricted"
URGENT_RISK = "urgent_risk"
NO_CONSENT_RAISE = "no_consent_raise"
NO_CONSENT_PUBLICATION = "no_consent_publication"
NOT_VERIFIED = "not_verified"


@dataclass(frozen=True)
class PartyFacts:
    id: int
    is_anonymous: bool
    raise_with_state: bool
    publish_name: bool
    publish_anonymously: bool


@dataclass(frozen=True)
class CaseFacts:
    id: int
    reference: str
    state: str  # the State's name, for grouping and order
    status: str
    first_incident: dt.date | None = None
    first_allegation: dt.date | None = None
    parties: tuple[PartyFacts, ...] = ()
    risk_level: str = "ordinary"
    is_restricted: bool = False
    reported_before: bool = False  # included in a final report of an earlier period
    carries_over: bool = False  # followup.rules.carries_over for its status and assessments
    decision: str | None = None  # the reason of an officer's exclusion for this period, if any


@dataclass(frozen=True)
class Placed:
    case: CaseFacts
    annex: str
    paragraph: int
    party_modes: dict[int, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def omitted_parties(self) -> list[int]:
        return [pid for pid, mode in self.party_modes.items() if mode == OMITTED]


@dataclass(frozen=True)
class LeftOut:
    case: CaseFacts
    annex: str | None  # the annex it would have gone to; None when not yet verified
    reason: str
    detail: str = ""  # the officer's own reason for a DECIDED exclusion


@dataclass
class Draft:
    annex_i: list[Placed]
    annex_ii: list[Placed]
    left_out: list[LeftOut]

    def by_state(self, annex: str) -> list[tuple[str, list[Placed]]]:
        groups: dict[str, list[Placed]] = {}
        for placed in self.annex_i if annex == ANNEX_I else self.annex_ii:
            groups.setdefault(placed.case.state, []).append(placed)
        return list(groups.items())


def reportable_date(case: CaseFacts) -> dt.date | None:
    """The later of the first incident and the first allegation: the case could not be reported before
    both had happened. With only one of them known, that one."""
    known = [d for d in (case.first_incident, case.first_allegation) if d is not None]
    return max(known) if known else None


def party_mode(party: PartyFacts) -> str:
    """How a person may appear: by name, anonymously, or not at all."""
    if not party.raise_with_state:
        return OMITTED
    if party.publish_name and not party.is_anonymous:
        return NAMED
    if party.publish_anonymously or party.publish_name:
        return ANONYMOUS
    return OMITTED


def annex_for(case: CaseFacts, period: Span) -> str | None:
    """The annex a case qualifies for in this period, before exclusions; None when it does not."""
    if case.reported_before:
        return ANNEX_II if case.carries_over else None
    if case.status not in VERIFIED_OR_LATER:
        return None
    day = reportable_date(case)
    return ANNEX_I if day is not None and day in period else None


def exclusion_reason(case: CaseFacts, modes: dict[int, str]) -> str | None:
    if case.decision:
        return DECIDED
    if case.is_restricted:
        return RESTRICTED
    if case.risk_level == "urgent":
        return URGENT_RISK
    if not any(p.raise_with_state for p in case.parties):
        return NO_CONSENT_RAISE
    if all(mode == OMITTED for mode in modes.values()):
        return NO_CONSENT_PUBLICATION
    return None


def _order(case: CaseFacts) -> tuple[str, dt.date, str]:
    return (case.state.casefold(), reportable_date(case) or dt.date.min, case.reference)


def build_draft(cases: Iterable[CaseFacts], period: Span) -> Draft:
    """Sort every case into annex I, annex II, the left-out list, or nowhere."""
    placed: dict[str, list[tuple[CaseFacts, dict[int, str]]]] = {ANNEX_I: [], ANNEX_II: []}
    left_out: list[LeftOut] = []
    for case in cases:
        annex = annex_for(case, period)
        if annex is None:
            day = reportable_date(case)
            if not case.reported_before and case.status in NOT_YET_VERIFIED and day is not None and day in period:
                left_out.append(LeftOut(case, None, NOT_VERIFIED))
            continue
        modes = {p.id: party_mode(p) for p in case.parties}
        reason = exclusion_reason(case, modes)
        if reason is not None:
            left_out.append(LeftOut(case, annex, reason, case.decision or ""))
            continue
        placed[annex].append((case, modes))
    return Draft(
        annex_i=_number(placed[ANNEX_I], ANNEX_I),
        annex_ii=_number(placed[ANNEX_II], ANNEX_II),
        left_out=sorted(left_out, key=lambda item: (item.annex is None, item.annex or "", _order(item.case))),
    )


def _number(items: Sequence[tuple[CaseFacts, dict[int, str]]], annex: str) -> list[Placed]:
    ordered = sorted(items, key=lambda item: _order(item[0]))
    return [Placed(case, annex, n, modes) for n, (case, modes) in enumerate(ordered, start=1)]
