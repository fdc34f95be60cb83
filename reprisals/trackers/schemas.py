"""Request and response shapes of the trackers API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from ninja import Field, Schema

from reprisals.cases.schemas import ErrorOut
from reprisals.core.pagination import MAX_ID
from reprisals.trackers.models import ActionKind, AdoptionStatus, Outcome, Platform, RapporteurRole

StatusCode = Literal[tuple(AdoptionStatus.values)]  # type: ignore[valid-type]
RoleCode = Literal[tuple(RapporteurRole.values)]  # type: ignore[valid-type]
ActionCode = Literal[tuple(ActionKind.values)]  # type: ignore[valid-type]
OutcomeCode = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]
PlatformCode = Literal[tuple(Platform.values)]  # type: ignore[valid-type]
TEXT = settings.MAX_TEXT_LENGTH

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}

# ---------------------------------------------------------------- San José Guidelines


class AdoptionIn(Schema):
    treaty_body: str = Field(..., max_length=40, description="One of the ten treaty body codes", examples=["CESCR"])
    status: StatusCode
    decided_on: dt.date
    date_uncertain: bool = Field(False, description="The decision was taken on or before this date")
    decision_reference: str = Field("", max_length=200, examples=["E/C.12/2016/SR.1"])
    notes: str = Field("", max_length=5000)


class AdoptionPatch(Schema):
    status: StatusCode | None = None
    decided_on: dt.date | None = None
    date_uncertain: bool | None = None
    decision_reference: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=5000)


class AdoptionOut(Schema):
    id: int
    treaty_body: str
    status: str
    decided_on: dt.date
    date_uncertain: bool
    decision_reference: str
    notes: str


class BodyStateOut(Schema):
    treaty_body: str
    name: str
    status: str | None = Field(None, description="null when the body had taken no decision by that date")
    decided_on: dt.date | None = None
    date_uncertain: bool = False
    decision_reference: str = ""


class AdoptionStateOut(Schema):
    on: dt.date
    adopted_count: int
    bodies: list[BodyStateOut]


class RapporteurIn(Schema):
    treaty_body: str = Field(..., max_length=40, examples=["CAT"])
    name: str = Field(..., min_length=1, max_length=200)
    role: RoleCode = "rapporteur"
    started_on: dt.date
    ended_on: dt.date | None = None
    notes: str = Field("", max_length=5000)


class RapporteurPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    role: RoleCode | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    notes: str | None = Field(None, max_length=5000)


class RapporteurOut(Schema):
    id: int
    treaty_body: str
    name: str
    role: str
    started_on: dt.date
    ended_on: dt.date | None
    notes: str


class ActionIn(Schema):
    treaty_body: str = Field(..., max_length=40, examples=["CAT"])
    kind: ActionCode
    taken_on: dt.date
    reference: str = Field("", max_length=200)
    country: str | None = Field(None, max_length=3, description="State addressed, ISO 3166-1 alpha-3")
    description: str = Field("", max_length=5000)
    case_ids: list[int] = Field(default_factory=list, max_length=200, description="Cases in the register")


class ActionPatch(Schema):
    kind: ActionCode | None = None
    taken_on: dt.date | None = None
    reference: str | None = Field(None, max_length=200)
    country: str | None = Field(None, max_length=3)
    description: str | None = Field(None, max_length=5000)
    case_ids: list[int] | None = Field(None, max_length=200,
                                       description="Replaces the links to cases you can see; others are kept")


class CaseRefOut(Schema):
    id: int
    reference: str


class ActionOut(Schema):
    id: int
    treaty_body: str
    kind: str
    taken_on: dt.date
    reference: str
    country: str | None
    description: str
    cases: list[CaseRefOut] = Field(..., description="Only the linked cases the caller can see")


class ActionListOut(Schema):
    items: list[ActionOut]
    next_cursor: str | None


# ---------------------------------------------------------------- ECOSOC Committee on NGOs


class ApplicationIn(Schema):
    ngo_name: str = Field(..., min_length=1, max_length=300)
    country: str = Field(..., max_length=3, examples=["PAK"])
    applied_on: dt.date
    areas_of_work: list[str] = Field(default_factory=list, max_length=20)
    notes: str = Field("", max_length=5000)
    case_id: int | None = Field(None, ge=0, le=MAX_ID,
                                description="A case in the register, when the blocking is reported as a reprisal")


class ApplicationPatch(Schema):
    ngo_name: str | None = Field(None, min_length=1, max_length=300)
    areas_of_work: list[str] | None = Field(None, max_length=20)
    notes: str | None = Field(None, max_length=5000)
    case_id: int | None = Field(None, ge=0, le=MAX_ID, description="Link to a case; 0 removes the link")


class OutcomeIn(Schema):
    session: str = Field(..., min_length=1, max_length=60, examples=["2024 regular session"])
    session_date: dt.date
    outcome: OutcomeCode
    questioning_states: list[str] = Field(default_factory=list, max_length=60, examples=[["CHN", "CUB"]])
    notes: str = Field("", max_length=5000)


class OutcomeOut(Schema):
    id: int
    session: str
    session_date: dt.date
    outcome: str
    questioning_states: list[str]
    notes: str


class ApplicationOut(Schema):
    id: int
    ngo_name: str
    country: str
    applied_on: dt.date
    areas_of_work: list[str]
    notes: str
    case_id: int | None = Field(None, ge=0, le=MAX_ID, description="Only when the caller can see the linked case")
    deferrals: int
    deferral_streak: int
    pending: bool
    latest_outcome: str | None
    waiting_days: int
    outcomes: list[OutcomeOut] | None = None


class ApplicationListOut(Schema):
    items: list[ApplicationOut]
    next_cursor: str | None


class ApplicationQuery(Schema):
    min_deferrals: int = Field(0, ge=0, le=1000, description="Only applications deferred at this many sessions")
    pending: bool = Field(False, description="Only applications without a final outcome")
    country: str | None = Field(None, max_length=3)
    session: str | None = Field(None, max_length=60)
    q: str | None = Field(None, max_length=200, description="Part of the NGO's name")
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=40)


class StateDeferralsOut(Schema):
    country: str
    name: str
    questions: int
    deferrals: int
    applications: int
    sessions: int


class SessionCountsOut(Schema):
    session: str
    first_date: dt.date
    total: int
    recommended: int
    deferred: int
    closed_without_prejudice: int
    rejected: int


class ImportIn(Schema):
    csv: str = Field(..., max_length=5 * 1024 * 1024, description="The CSV text (template in docs/trackers.md)")
    dry_run: bool = False


class ImportErrorOut(Schema):
    line: int
    field: str
    message: str


class ImportOut(Schema):
    rows: int
    applications_created: int
    outcomes_created: int
    unchanged: int
    dry_run: bool
    errors: list[ImportErrorOut]


# ---------------------------------------------------------------- online evidence


class FileIn(Schema):
    name: str = Field(..., min_length=1, max_length=255, examples=["screenshot.png"])
    content_base64: str = Field(..., min_length=1, description="The file, base64; at most 10 MB once decoded")


class EvidenceIn(Schema):
    platform: PlatformCode
    url: str = Field("", max_length=2000, description="http or https; recorded, never fetched")
    account_handle: str = Field("", max_length=200)
    seen_at: dt.datetime = Field(..., description="When it was seen, in UTC", examples=["2016-03-10T14:30:00Z"])
    text: str = Field("", max_length=TEXT)
    file: FileIn | None = Field(None, description="A screenshot or file: PNG, JPEG, PDF or plain text")


class EvidenceOut(Schema):
    id: int
    incident_id: int
    case_id: int
    platform: str
    url: str
    account_handle: str
    seen_at: dt.datetime
    text: str
    file_name: str
    file_kind: str
    file_size: int | None
    file_sha256: str
    captured_at: dt.datetime


class OnlineYearOut(Schema):
    year: int
    incidents: int
    online: int
    with_forms: int
    with_evidence: int
    forms: dict[str, int]
    platforms: dict[str, int]


class OnlineStatsOut(Schema):
    years: list[OnlineYearOut]
    totals: dict[str, int]
    by_form: dict[str, int]
    by_platform: dict[str, int]
