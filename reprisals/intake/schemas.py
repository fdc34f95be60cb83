"""Request and response shapes of the submissions API, with examples for the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from reprisals.core.dates import EVENT_DATE_FORMAT
from reprisals.intake.rows import MAX_LIST, MAX_NOTE, MAX_PERSONS, MAX_REFERENCE, MAX_SHORT, MAX_TEXT


class PersonIn(Schema):
    name: str = Field("", max_length=MAX_SHORT, description="Empty when the person is anonymous",
                      examples=["Maryam Example"])
    kind: Literal["individual", "organisation"] = "individual"
    is_anonymous: bool = False
    description: str = Field("", max_length=MAX_SHORT, examples=["a woman human rights defender"])
    gender: Literal["female", "male", "other", "unknown"] = "unknown"
    roles: list[str] = Field(default_factory=list, max_length=MAX_LIST,
                             description="Codes of the party_role vocabulary", examples=[["human_rights_defender"]])
    is_minor: bool = False
    is_foreign_national: bool = False


class EngagementIn(Schema):
    un_body: str = Field("", max_length=40, description="UN body code", examples=["HRC"])
    kind: str = Field("", max_length=60, description="Code of the engagement_kind vocabulary",
                      examples=["participation_un_meeting"])
    date: str = Field("", max_length=10, description=EVENT_DATE_FORMAT, examples=["2024-03"])
    description: str = Field("", max_length=MAX_TEXT)


class ConsentIn(Schema):
    """Each choice separately: true, false, or null when the person was not asked."""

    raise_with_state: bool | None = Field(None, description="May the UN raise it with the State?")
    publish_name: bool | None = Field(None, description="May the name appear in a public report?")
    publish_anonymously: bool | None = Field(None, description="May it appear anonymously in a public report?")
    share_un: bool | None = Field(None, description="May it be shared with other UN bodies?")


class RiskIn(Schema):
    """Any true answer makes the submission urgent in triage."""

    in_danger: bool | None = None
    detained: bool | None = None
    travelling_to_un_session: bool | None = None
    notes: str = Field("", max_length=MAX_NOTE, description="Protected: encrypted at rest")


class SubmissionIn(Schema):
    sender_reference: str = Field("", max_length=MAX_REFERENCE,
                                  description="Your own reference, unique for your entity: sending it twice is "
                                              "refused with 409", examples=["ISHR-2024-017"])
    country: str = Field(..., max_length=3, description="State concerned, ISO 3166-1 alpha-3", examples=["BHR"])
    title: str = Field("", max_length=MAX_SHORT, examples=["Travel ban after the HRC session"])
    what_happened: str = Field(..., min_length=1, max_length=MAX_TEXT,
                               examples=["Stopped at the airport on the way back from the HRC session; passport "
                                         "confiscated."])
    incident_date: str = Field("", max_length=10, description=EVENT_DATE_FORMAT, examples=["2024-03"])
    place: str = Field("", max_length=MAX_SHORT, examples=["Manama airport"])
    forms: list[str] = Field(default_factory=list, max_length=MAX_LIST,
                             description="Codes of the reprisal_form vocabulary "
                                         "(GET /api/v1/vocabularies/reprisal_form)",
                             examples=[["travel_ban"]])
    perpetrator: str = Field("", max_length=60, examples=["security_intelligence"])
    persons: list[PersonIn] = Field(default_factory=list, max_length=MAX_PERSONS)
    engagement: EngagementIn | None = None
    consent: ConsentIn = Field(default_factory=ConsentIn)
    risk: RiskIn = Field(default_factory=RiskIn)

    model_config = {"json_schema_extra": {"examples": [{
        "sender_reference": "ISHR-2024-017", "country": "BHR", "title": "Travel ban after the HRC session",
        "what_happened": "Stopped at the airport on the way back from the HRC session; passport confiscated.",
        "incident_date": "2024-03", "place": "Manama airport", "forms": ["travel_ban"],
        "perpetrator": "security_intelligence",
        "persons": [{"name": "Maryam Example", "gender": "female", "roles": ["woman_human_rights_defender"]}],
        "engagement": {"un_body": "HRC", "kind": "participation_un_meeting", "date": "2024-03"},
        "consent": {"raise_with_state": True, "publish_name": False, "publish_anonymously": True,
                    "share_un": True},
        "risk": {"in_danger": False, "detained": False, "travelling_to_un_session": True},
    }]}}


class SubmissionOut(Schema):
    id: int
    sender_reference: str
    channel: str
    status: Literal["received", "in_triage", "accepted", "not_taken_forward"]
    status_label: str
    received_at: dt.datetime
    case_reference: str | None = Field(None, description="The case it went into, once accepted")


class SubmissionListOut(Schema):
    items: list[SubmissionOut]
    next_cursor: str | None


class SubmissionQuery(Schema):
    cursor: str | None = Field(None, max_length=40)
    limit: int = Field(50, ge=1, le=200)
    status: Literal["received", "in_triage", "accepted", "not_taken_forward"] | None = None

