"""The audit log in the API, for auditors: entries newest first, filtered, cursor-paginated; and a check
of the whole chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema

from reprisals.accounts.roles import Cap
from reprisals.cases.schemas import ErrorOut
from reprisals.core.api_auth import CapRouter
from reprisals.core.audit import audit_check as chain_check
from reprisals.core.audit_selectors import AuditFilters, audit_page
from reprisals.core.errors import ValidationFailed
from reprisals.core.pagination import cursor_decode, cursor_encode

router = CapRouter(tags=["audit"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


class AuditQuery(Schema):
    action: str | None = Field(None, max_length=60, description='Exactly, or a prefix ending in "." ("case.")')
    actor: str | None = Field(None, max_length=150, description='User name as recorded, or "system"')
    object_type: str | None = Field(None, max_length=60, examples=["cases.case"])
    object_id: str | None = Field(None, max_length=60)
    date_from: dt.date | None = None
    date_to: dt.date | None = Field(None, description="Inclusive")
    cursor: str | None = Field(None, max_length=40)
    limit: int = Field(100, ge=1, le=500)


class AuditEntryOut(Schema):
    seq: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    ip: str
    payload: dict[str, Any]
    hash: str


class AuditListOut(Schema):
    items: list[AuditEntryOut]
    next_cursor: str | None


class AcceptedBreakOut(Schema):
    seq: int = Field(description="The `audit.accept_break` entry recording it")
    break_seq: int | None = Field(description="The entry accepted as broken, numbered as it was then")
    at: dt.datetime
    actor: str = Field(description='Who accepted it: the user name recorded, or "system" (the command line)')


class AuditCheckOut(Schema):
    intact: bool
    broken_at: int | None = None
    reason: str = ""
    key_missing: bool = Field(False, description="The chain could not be checked from `broken_at` on because the "
                                                 "data key that sealed it is not configured: a configuration "
                                                 "problem, not a sign of tampering")
    unkeyed: int = Field(0, description="Entries written before keyed sealing and sealed without the data key: "
                                        "a database writer could rewrite them unseen; check them with your "
                                        "anchors, then `reprisals rotate-key --seal-legacy` seals them")
    old_key: int = Field(0, description="Entries sealed with a data key other than the current one: none once a "
                                        "rotation has finished; while the old key is configured, whoever holds "
                                        "it could have rewritten them")
    accepted_breaks: list[AcceptedBreakOut] = Field(
        [], description="Breaks accepted with `reprisals audit reseal --accept-break`, oldest first: the chain was "
                        "re-sealed from scratch at each, so it holds only since the latest")


@router.get("/audit", capability=Cap.AUDIT_READ, response={200: AuditListOut, **ERRORS},
            summary="Read the audit log, newest first")
def audit_list(request: HttpRequest, q: Query[AuditQuery]) -> Any:
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise ValidationFailed.single("date_to", "before date_from")
    filters = AuditFilters(action=q.action or "", actor=q.actor or "", object_type=q.object_type or "",
                           object_id=q.object_id or "", date_from=q.date_from, date_to=q.date_to)
    entries, older = audit_page(filters, before=cursor_decode(q.cursor), limit=q.limit)
    return {
        "items": [{"seq": e.seq, "at": e.at, "actor": e.actor_label, "action": e.action,
                   "object_type": e.object_type, "object_id": e.object_id, "ip": e.ip, "payload": e.payload,
                   "hash": e.hash} for e in entries],
        "next_cursor": cursor_encode(older) if older else None,
    }


@router.get("/audit/check", capability=Cap.AUDIT_READ, response={200: AuditCheckOut, **ERRORS},
            summary="Check that no entry was changed, removed or reordered")
def audit_check(request: HttpRequest) -> Any:
    check = chain_check()
    broken = check.broken
    if broken is None:
        return {"intact": True, "unkeyed": check.legacy, "old_key": check.old_key,
                "accepted_breaks": [{"seq": a.seq, "break_seq": a.break_seq, "at": a.at, "actor": a.actor}
                                    for a in check.accepted]}
    return {"intact": False, "broken_at": broken.seq, "reason": broken.reason, "key_missing": broken.missing_key}
