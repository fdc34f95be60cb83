"""Request and response shapes of the linkage API."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from reprisals.linkage.engine import PROPOSE
from reprisals.linkage.models import CandidateStatus, DuplicateKind

StatusCode = Literal[tuple(CandidateStatus.values)]  # type: ignore[valid-type]


class PartyCardOut(Schema):
    id: int
    display_name: str = Field(description="The name, or for an anonymous party its public description")
    anonymous: bool
    kind: str
    other_spellings: list[str]
    country: str
    country_name: str
    roles: list[str]
    case_id: int
    case_reference: str
    year: int
    un_bodies: list[str]
    person_id: int | None


class CandidateOut(Schema):
    id: int
    score: float = Field(description="Match probability (Fellegi-Sunter)")
    weight: float = Field(description="Match weight: log2 of the odds")
    status: StatusCode
    reasons: dict[str, Any] = Field(description="Per field: level, label, evidence weight. Never names.")
    a: PartyCardOut
    b: PartyCardOut
    decided_by: str | None
    decided_at: dt.datetime | None
    note: str


class CandidateListOut(Schema):
    items: list[CandidateOut]
    next_cursor: str | None


class CandidateQuery(Schema):
    status: StatusCode = CandidateStatus.PROPOSED
    cursor: str | None = Field(None, max_length=80)
    limit: int = Field(50, ge=1, le=200)


class DecisionIn(Schema):
    note: str = Field("", max_length=500)
    expected_status: StatusCode | None = Field(
        None, description="The status the reviewer saw; by default proposed or deferred. A pair decided "
                          "meanwhile is refused with 409. Name 'rejected' to accept a rejected pair again.")


class UnmergeIn(Schema):
    party: int = Field(description="Id of the affected party to take out of the person")
    note: str = Field("", max_length=500)


class PersonOut(Schema):
    id: int
    members: list[PartyCardOut]


class DecisionOut(Schema):
    candidate: CandidateOut
    person_id: int | None


class UnmergeOut(Schema):
    person: PersonOut | None = Field(description="The person after the change; null when it was dissolved")


class RunIn(Schema):
    include_anonymous: bool = Field(False, description="Also match anonymous parties by their protected names "
                                                       "(decrypted in memory only; needs protected.read)")
    threshold: float = Field(PROPOSE, gt=0.0, lt=1.0, description="Propose pairs whose match probability is at "
                                                                  "least this (as `reprisals link run --threshold`)")


class RunOut(Schema):
    id: int
    parties: int
    pairs_compared: int
    proposed: int


class EntityOut(Schema):
    label: str
    person_id: int | None
    countries: list[str]
    years: list[int]
    un_bodies: list[str]
    cases: list[str]


class FamilyOut(Schema):
    country: str
    family_name: str
    members: list[EntityOut]


class OrganisationsTogetherOut(Schema):
    members: list[EntityOut]
    cases: list[str]


class PatternsOut(Schema):
    targeted_again: list[EntityOut]
    several_bodies: list[EntityOut]
    families: list[FamilyOut]
    organisations_together: list[OrganisationsTogetherOut]


# ---------------------------------------------------------------- duplicate allegations

KindCode = Literal[tuple(DuplicateKind.values)]  # type: ignore[valid-type]


class AllegationCardOut(Schema):
    id: int
    reference: str
    received_on: str
    channel: str
    source: str = Field(description="The sending entity, or the channel when there is none (never the identity "
                                    "of a protected source)")
    source_reference: str
    country: str
    country_name: str
    case_id: int | None
    case_reference: str
    incident_dates: list[str] = Field(description="Partial dates: YYYY, YYYY-MM or YYYY-MM-DD")
    forms: list[str]
    un_bodies: list[str]
    parties: int = Field(description="Number of affected parties recorded in the case")
    narrative: str = Field(description="The narrative, cut at 600 characters")
    group_id: int | None


class AllegationCandidateOut(Schema):
    id: int
    score: float = Field(description="How likely the two allegations report one incident, 0 to 1")
    weight: float = Field(description="Sum of the evidence weights with the prior (log-odds)")
    kind: KindCode = Field(description="duplicate: another source; resubmission: the same source again")
    status: StatusCode
    reasons: dict[str, Any] = Field(description="Per field: level, label, evidence weight. Never names or text.")
    a: AllegationCardOut
    b: AllegationCardOut
    decided_by: str | None
    decided_at: dt.datetime | None
    note: str


class AllegationCandidateListOut(Schema):
    items: list[AllegationCandidateOut]
    next_cursor: str | None


class AllegationDecisionIn(Schema):
    note: str = Field("", max_length=500)
    expected_status: StatusCode | None = Field(
        None, description="The status the reviewer saw; a pair whose status differs now is a conflict (409). "
                          "Default: proposed or deferred. Name 'rejected' to accept a rejected pair.")


class AllegationDecisionOut(Schema):
    candidate: AllegationCandidateOut
    group_id: int | None = Field(description="The group of allegations of one incident, after an accept")


class IncidentGroupOut(Schema):
    id: int
    members: list[AllegationCardOut] = Field(description="First received first")


class IncidentGroupUnmergeIn(Schema):
    allegation: int = Field(description="Id of the allegation to take out of the group")
    note: str = Field("", max_length=500)


class IncidentGroupUnmergeOut(Schema):
    group: IncidentGroupOut | None = Field(description="The group after the change; null when it was dissolved")


class AllegationRunIn(Schema):
    threshold: float = Field(0.5, gt=0.0, lt=1.0, description="Propose pairs scoring at least this")


class AllegationRunOut(Schema):
    id: int
    allegations: int
    pairs_compared: int
    proposed: int
