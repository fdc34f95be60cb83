"""Request and response shapes of the follow-up API (staff and State portal)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from ninja import Field, Schema

from reprisals.core.pagination import MAX_ID
from reprisals.followup import files
from reprisals.followup.choices import AssessmentLevel, CommunicationKind, DevelopmentKind, ResponseChannel

TEXT = settings.MAX_TEXT_LENGTH
KindCode = Literal[tuple(CommunicationKind.values)]  # type: ignore[valid-type]
LevelCode = Literal[tuple(AssessmentLevel.values)]  # type: ignore[valid-type]
DevelopmentCode = Literal[tuple(DevelopmentKind.values)]  # type: ignore[valid-type]
StaffChannel = Literal[tuple(c for c in ResponseChannel.values if c != ResponseChannel.PORTAL)]  # type: ignore[valid-type]
# base64 makes a file about 4/3 larger
B64_MAX = files.MAX_BYTES * 4 // 3 + 8


class AttachmentIn(Schema):
    filename: str = Field(..., min_length=1, max_length=255, examples=["note-verbale.pdf"])
    content_base64: str = Field(..., max_length=B64_MAX, description="The file, base64-encoded")
    shown_to_state: bool = Field(False, description="Show this file to the State in its portal")


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    shown_to_state: bool


class CommunicationQuery(Schema):
    state: str | None = Field(None, max_length=3, description="State addressed, ISO 3166-1 alpha-3", examples=["BHR"])
    un_body: str | None = Field(None, max_length=40, description="UN body that sent it", examples=["SR-HRD"])
    case: int | None = Field(None, ge=0, le=MAX_ID, description="Only communications about this case")
    overdue: bool = Field(False, description="Unanswered after the deadline, about an open case; latest first")
    due_soon: bool = Field(False, description="Unanswered, deadline within `days` days, about an open case")
    days: int = Field(14, ge=0, le=365, description="The due-soon window")
    mine: bool = Field(False, description="Only communications about cases assigned to me")
    cursor: str | None = Field(None, max_length=60)
    limit: int = Field(50, ge=1, le=200)


class CommunicationSummaryOut(Schema):
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
    assessment_level: str = Field(..., description="Latest confirmed assessment; empty when none")
    deadline_state: str = Field(..., description="overdue, due_soon, pending, answered_on_time or answered_late")


class CommunicationListOut(Schema):
    items: list[CommunicationSummaryOut]
    next_cursor: str | None


class CaseRefOut(Schema):
    id: int
    reference: str
    title: str
    status: str


class ResponseOut(Schema):
    id: int
    communication_id: int
    received_on: dt.date
    summary: str
    channel: str
    late: bool
    submitted_by: str | None
    attachments: list[AttachmentOut]


class AssessmentOut(Schema):
    id: int
    communication_id: int
    response_id: int | None
    level: str
    investigation_opened: bool
    perpetrators_held_accountable: bool
    remedy_provided: bool
    preventive_measures: bool
    legislation_changed: bool
    reason: str
    status: str
    proposed_by: str | None
    proposed_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str


class CommunicationOut(CommunicationSummaryOut):
    summary: str
    internal_notes: str
    cases: list[CaseRefOut]
    responses: list[ResponseOut]
    assessments: list[AssessmentOut]
    attachments: list[AttachmentOut]
    recorded_by: str | None
    created_at: dt.datetime


class CommunicationIn(Schema):
    country: str = Field(..., max_length=3, examples=["BHR"])
    kind: KindCode = Field(..., examples=["sp_allegation_letter"])
    un_body: str = Field(..., max_length=40, examples=["SR-HRD"])
    symbol: str = Field("", max_length=100, examples=["AL BHR 3/2024"])
    sent_on: dt.date
    deadline: dt.date | None = Field(None, description="Default: per kind (60 days; 30 for urgent appeals)")
    summary: str = Field(..., max_length=TEXT)
    internal_notes: str = Field("", max_length=TEXT, description="Never shown to the State")
    case_ids: list[int] = Field(..., max_length=200, description="Cases concerned, all of the State addressed")
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=files.MAX_FILES)


class CasesIn(Schema):
    case_ids: list[int] = Field(..., min_length=1, max_length=200,
                                description="Cases the communication also raised, all of the State addressed")


class ResponseIn(Schema):
    received_on: dt.date
    summary: str = Field(..., max_length=TEXT)
    channel: StaffChannel = "note_verbale"
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=files.MAX_FILES)


class AssessmentIn(Schema):
    level: LevelCode
    reason: str = Field(..., max_length=20_000)
    response_id: int | None = Field(None, ge=0, le=MAX_ID, description="The response assessed; none for “no response”")
    investigation_opened: bool = False
    perpetrators_held_accountable: bool = False
    remedy_provided: bool = False
    preventive_measures: bool = False
    legislation_changed: bool = False


class ConfirmIn(Schema):
    note: str = Field("", max_length=20_000)
    close_cases: bool = Field(False, description="Also close, as adequately addressed, every case the rule allows")


class ConfirmOut(Schema):
    assessment: AssessmentOut
    closed_cases: list[str]


class ReturnIn(Schema):
    note: str = Field(..., max_length=20_000, description="Why the assessment goes back to the officer")


class DevelopmentIn(Schema):
    kind: DevelopmentCode
    date: str = Field(..., max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["2024-05"])
    description: str = Field(..., max_length=TEXT)
    for_next_report: bool = True


class DevelopmentOut(Schema):
    id: int
    case_id: int
    kind: str
    date: str
    description: str
    for_next_report: bool
    recorded_by: str | None
    created_at: dt.datetime


class RecordQuery(Schema):
    date_from: dt.date | None = Field(None, alias="from", description="Sent on or after")
    date_to: dt.date | None = Field(None, alias="to", description="Sent on or before")


class StateRecordOut(Schema):
    state: str
    state_name: str
    date_from: dt.date | None
    date_to: dt.date | None
    sent: int
    answered: int
    answered_on_time: int
    median_days_to_answer: float | None
    assessed: int
    adequate: int
    share_answered: float | None
    share_on_time: float | None
    share_adequate: float | None


# ---------------------------------------------------------------- the State portal


class PortalAttachmentIn(Schema):
    filename: str = Field(..., min_length=1, max_length=255)
    content_base64: str = Field(..., max_length=B64_MAX)


class PortalResponseIn(Schema):
    summary: str = Field(..., max_length=TEXT)
    attachments: list[PortalAttachmentIn] = Field(default_factory=list, max_length=files.MAX_FILES)


class PortalAttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class PortalResponseOut(Schema):
    received_on: dt.date
    channel: str
    summary: str = Field(..., description="Empty for answers recorded by staff")
    late: bool
    attachments: list[PortalAttachmentOut]


class PortalCommunicationOut(Schema):
    id: int
    symbol: str
    kind: str
    kind_label: str
    un_body: str
    un_body_name: str
    sent_on: dt.date
    deadline: dt.date
    answered_on: dt.date | None
    overdue: bool
    summary: str


class PortalCommunicationDetailOut(PortalCommunicationOut):
    attachments: list[PortalAttachmentOut]
    responses: list[PortalResponseOut]
