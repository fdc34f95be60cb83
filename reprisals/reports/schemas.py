"""API schemas of reports."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from reprisals.core.pagination import MAX_ID


class PeriodOut(Schema):
    id: int
    start: dt.date
    end: dt.date
    symbol: str
    title: str
    status: str
    summary: str = ""
    conclusions: str = ""
    finalised_at: dt.datetime | None = None
    version: int = 1


class PeriodIn(Schema):
    start: dt.date
    end: dt.date
    symbol: str = ""
    title: str = ""


class PeriodPatch(Schema):
    symbol: str | None = None
    title: str | None = None
    status: str | None = None
    summary: str | None = None
    conclusions: str | None = None
    # the version read: a later change by someone else is a conflict (409)
    version: int | None = Field(None, ge=0, le=MAX_ID)


class GenerateIn(Schema):
    date_from: dt.date
    date_to: dt.date


class ParagraphOut(Schema):
    annex: str
    paragraph: int
    state: str
    case_reference: str
    text: str


class LeftOutOut(Schema):
    case_reference: str | None
    state: str
    annex: str
    reason: str
    reason_label: str


class DraftOut(Schema):
    period: PeriodOut
    paragraphs: list[ParagraphOut]
    left_out: list[LeftOutOut]


class ExclusionIn(Schema):
    case_reference: str
    reason: str
    note: str = ""


class ExclusionOut(Schema):
    id: int
    case_reference: str
    reason: str
    note: str
    decided_by: str
    decided_at: dt.datetime


class AppearanceOut(Schema):
    period: int
    symbol: str
    annex: str
    paragraph: int
