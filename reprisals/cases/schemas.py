"""Request and response shapes of the cases API, documented in the OpenAPI schema with examples."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from ninja import Field, Schema

from reprisals.cases.models import CaseStatus, Gender, PartyKind, RiskLevel
from reprisals.core.dates import EVENT_DATE_FORMAT
from reprisals.core.pagination import MAX_ID

TEXT = settings.MAX_TEXT_LENGTH
StatusCode = Literal[tuple(CaseStatus.values)]  # type: ignore[valid-type]
RiskCode = Literal[tuple(RiskLevel.values)]  # type: ignore[valid-type]
GenderCode = Literal[tuple(Gender.values)]  # type: ignore[valid-type]
PartyKindCode = Literal[tuple(PartyKind.values)]  # type: ignore[valid-type]


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorBody


class CaseQuery(Schema):
    q: str | None = Field(None, max_length=200, description="Full-text search over names and narratives")
    country: str | None = Field(None, max_length=3, description="State concerned, ISO 3166-1 alpha-3", examples=["BHR"])
    regional_group: str | None = Field(None, description="UN regional group code", examples=["ASIA_PACIFIC"])
    un_body: str | None = Field(None, max_length=40, description="UN body engaged with", examples=["CCPR"])
    form: str | None = Field(None, max_length=60, description="Form of reprisal code", examples=["travel_ban"])
    role: str | None = Field(None, max_length=60, description="Role of an affected party", examples=["lawyer"])
    status: StatusCode | None = None
    open: bool = Field(False, description="Only cases not closed")
    year: int | None = Field(None, ge=1900, le=2100, description="Year of the first incident")
    risk_level: RiskCode | None = None
    mine: bool = Field(False, description="Only cases assigned to me")
    unassigned: bool = Field(False, description="Only cases with no responsible officer")
    cursor: str | None = Field(None, max_length=40)
    limit: int = Field(50, ge=1, le=200)


class CaseSummaryOut(Schema):
    id: int
    reference: str
    title: str
    country: str
    country_name: str
    status: str
    risk_level: str
    year: int
    assigned_to: str | None
    updated_at: dt.datetime
    version: int


class CaseListOut(Schema):
    items: list[CaseSummaryOut]
    next_cursor: str | None


class TermOut(Schema):
    code: str
    label: str


class ConsentOut(Schema):
    raise_with_state: bool
    publish_name: bool
    publish_anonymously: bool
    share_un: bool


class PartyOut(Schema):
    id: int
    case_id: int
    kind: str
    name: str
    is_anonymous: bool
    description: str
    name_variants: list[str]
    roles: list[TermOut]
    gender: str
    is_minor: bool
    is_foreign_national: bool
    consequences: list[TermOut]
    consent: ConsentOut
    protected: dict[str, str] | None = Field(None, description="Only with reveal=true; the read is audited")


class IncidentOut(Schema):
    id: int
    case_id: int
    date: str
    place: str
    country: str | None
    forms: list[TermOut]
    perpetrator: TermOut | None
    description: str


class EngagementOut(Schema):
    id: int
    case_id: int
    un_body: str
    un_body_name: str
    kind: TermOut
    date: str
    description: str


class AllegationOut(Schema):
    id: int
    reference: str
    case_id: int | None
    country: str
    received_on: dt.date
    source_entity: str | None
    source_reference: str
    channel: str
    narrative: str
    created_at: dt.datetime
    protected: dict[str, str] | None = Field(None, description="Only with reveal=true; the read is audited")


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    reason: str
    actor: str | None
    at: dt.datetime


class CaseOut(CaseSummaryOut):
    summary: str
    is_restricted: bool
    allowed_transitions: list[str] = Field(..., description="Statuses the reading user may move the case to")
    parties: list[PartyOut]
    incidents: list[IncidentOut]
    engagements: list[EngagementOut]
    allegations: list[AllegationOut]
    status_history: list[StatusChangeOut]
    protected: dict[str, str] | None = Field(None, description="Only with reveal=true; the read is audited")


class TimelineEventOut(Schema):
    date: str
    kind: str
    title: str
    detail: str


class TimelineOut(Schema):
    events: list[TimelineEventOut]


class CaseIn(Schema):
    title: str = Field(..., min_length=1, max_length=300, examples=["Detention of a lawyer after a UPR submission"])
    country: str = Field(..., max_length=3, examples=["BHR"])
    allegation_id: int | None = Field(None, ge=0, le=MAX_ID, description="Open the case from this allegation in triage")
    summary: str = Field("", max_length=TEXT)
    risk_level: RiskCode = "ordinary"
    risk_notes: str = Field("", max_length=TEXT, description="Protected: encrypted at rest")
    assigned_to: str | None = Field(None, max_length=150, description="Username of the responsible officer")


class CasePatch(Schema):
    version: int = Field(..., ge=0, le=MAX_ID, description="The version you read; a stale version is refused with 409")
    title: str | None = Field(None, min_length=1, max_length=300)
    country: str | None = Field(None, max_length=3)
    summary: str | None = Field(None, max_length=TEXT)
    risk_level: RiskCode | None = None
    risk_notes: str | None = Field(None, max_length=TEXT)


class TransitionIn(Schema):
    to_status: StatusCode
    reason: str = Field(..., min_length=1, max_length=5000)
    version: int


class AssignIn(Schema):
    assigned_to: str | None = Field(None, max_length=150)
    version: int


class PartyIn(Schema):
    kind: PartyKindCode = "individual"
    name: str = Field("", max_length=300)
    is_anonymous: bool = False
    description: str = Field("", max_length=300, examples=["a woman human rights defender"])
    protected_name: str = Field("", max_length=300, description="Real name of an anonymous party; encrypted")
    name_variants: list[str] = Field(default_factory=list, max_length=50)
    roles: list[str] = Field(default_factory=list, max_length=20, examples=[["human_rights_defender", "lawyer"]])
    gender: GenderCode = "unknown"
    is_minor: bool = False
    is_foreign_national: bool = False
    consequences: list[str] = Field(default_factory=list, max_length=20, examples=[["detained"]])
    contact: str = Field("", max_length=5000, description="Protected: encrypted at rest")


class PartyPatch(Schema):
    kind: PartyKindCode | None = None
    name: str | None = Field(None, max_length=300)
    is_anonymous: bool | None = None
    description: str | None = Field(None, max_length=300)
    protected_name: str | None = Field(None, max_length=300)
    name_variants: list[str] | None = Field(None, max_length=50)
    roles: list[str] | None = Field(None, max_length=20)
    gender: GenderCode | None = None
    is_minor: bool | None = None
    is_foreign_national: bool | None = None
    consequences: list[str] | None = Field(None, max_length=20)
    contact: str | None = Field(None, max_length=5000)



class IncidentIn(Schema):
    date: str = Field(..., max_length=10, description=EVENT_DATE_FORMAT, examples=["2016-03"])
    forms: list[str] = Field(..., min_length=1, max_length=30, examples=[["travel_ban", "smear_campaign"]])
    perpetrator: str | None = Field(None, max_length=60, examples=["security_intelligence"])
    place: str = Field("", max_length=300)
    country: str | None = Field(None, max_length=3, description="Where it happened, if not the State concerned")
    description: str = Field("", max_length=TEXT)


class IncidentPatch(Schema):
    date: str | None = Field(None, max_length=10, description=EVENT_DATE_FORMAT)
    forms: list[str] | None = Field(None, max_length=30)
    perpetrator: str | None = Field(None, max_length=60)
    place: str | None = Field(None, max_length=300)
    country: str | None = Field(None, max_length=3)
    description: str | None = Field(None, max_length=TEXT)


class EngagementIn(Schema):
    un_body: str = Field(..., max_length=40, examples=["CCPR"])
    kind: str = Field(..., max_length=60, examples=["submission_of_information"])
    date: str = Field(..., max_length=10, description=EVENT_DATE_FORMAT, examples=["2016-02"])
    description: str = Field("", max_length=TEXT)


class AllegationIn(Schema):
    country: str = Field(..., max_length=3, examples=["BHR"])
    received_on: dt.date
    narrative: str = Field(..., min_length=1, max_length=TEXT)
    source_entity: str | None = Field(None, max_length=40, description="Entity code; focal points send their own")
    source_reference: str = Field("", max_length=100, description="The sender's own reference, unique per sender")
    source_identity: str = Field("", max_length=5000, description="Protected: encrypted at rest")
    source_contact: str = Field("", max_length=5000, description="Protected: encrypted at rest")
    case_id: int | None = Field(None, ge=0, le=MAX_ID, description="Attach at once to this case")


class AllegationPatch(Schema):
    country: str | None = Field(None, max_length=3)
    received_on: dt.date | None = None
    narrative: str | None = Field(None, min_length=1, max_length=TEXT)
    source_reference: str | None = Field(None, max_length=100)
    source_identity: str | None = Field(None, max_length=5000)
    source_contact: str | None = Field(None, max_length=5000)
    case_id: int | None = Field(None, ge=0, le=MAX_ID)
