"""Request and response shapes of the linkage API."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from reprisals.linkage.models import CandidateStatus

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
    cursor: str | None = Field(None, max_length=40)
    limit: int = Field(50, ge=1, le=200)


class DecisionIn(Schema):
    note: str = Field("", max_length=500)


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
