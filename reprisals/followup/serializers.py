"""Plain-dict views of follow-up objects for the API. Portal shapes carry nothing about cases, sources,
internal notes or assessments."""

from __future__ import annotations

import dataclasses
from typing import Any

from reprisals.followup import rules, selectors
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, FollowupAttachment, StateResponse
from reprisals.reference.i18n import country_name, localized_name, un_body_name


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def attachment(a: FollowupAttachment) -> dict[str, Any]:
    return {"id": a.pk, "filename": a.filename, "content_type": a.content_type, "size": a.size,
            "shown_to_state": a.visible_to_state}


def row(r: selectors.CommunicationRow) -> dict[str, Any]:
    out = dataclasses.asdict(r)
    out["country_name"] = country_name(r.country, r.country_name)
    out["un_body_name"] = un_body_name(r.un_body, r.un_body_name)
    return out


def summary(c: Communication) -> dict[str, Any]:
    return {
        "id": c.pk, "symbol": c.symbol, "kind": c.kind, "country": c.country.iso3,
        "country_name": localized_name(c.country), "un_body": c.un_body.code, "un_body_name": localized_name(c.un_body),
        "sent_on": c.sent_on, "deadline": c.deadline,
        "answered_on": c.answered_on, "assessment_level": c.assessment_level,
        "deadline_state": rules.deadline_state(c.deadline, c.answered_on, selectors.today()),
    }


def response(r: StateResponse, deadline: Any) -> dict[str, Any]:
    return {
        "id": r.pk, "communication_id": r.communication_id, "received_on": r.received_on, "summary": r.summary,
        "channel": r.channel, "late": rules.is_late(deadline, r.received_on), "submitted_by": _username(r.submitted_by),
        "attachments": [attachment(a) for a in r.attachments.all()],
    }


def assessment(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk, "communication_id": a.communication_id, "response_id": a.response_id, "level": a.level,
        "investigation_opened": a.investigation_opened,
        "perpetrators_held_accountable": a.perpetrators_held_accountable, "remedy_provided": a.remedy_provided,
        "preventive_measures": a.preventive_measures, "legislation_changed": a.legislation_changed,
        "reason": a.reason, "status": a.status, "proposed_by": _username(a.proposed_by), "proposed_at": a.proposed_at,
        "decided_by": _username(a.decided_by), "decided_at": a.decided_at, "decision_note": a.decision_note,
    }


def full(c: Communication) -> dict[str, Any]:
    """A communication loaded by ``selectors.communication_detail``."""
    data = summary(c)
    data.update(
        summary=c.summary, internal_notes=c.internal_notes,
        cases=[{"id": k.pk, "reference": k.reference, "title": k.title, "status": k.status} for k in c.cases.all()],
        responses=[response(r, c.deadline) for r in c.responses.all()],
        assessments=[assessment(a) for a in c.assessments.all()],
        attachments=[attachment(a) for a in c.attachments.all()],
        recorded_by=_username(c.recorded_by), created_at=c.created_at,
    )
    return data


def development(d: CaseDevelopment) -> dict[str, Any]:
    return {"id": d.pk, "case_id": d.case_id, "kind": d.kind, "date": str(d.date), "description": d.description,
            "for_next_report": d.for_next_report, "recorded_by": _username(d.recorded_by),
            "created_at": d.created_at}


def state_record(country: Any, date_from: Any, date_to: Any, record: rules.StateRecord) -> dict[str, Any]:
    return {
        "state": country.iso3, "state_name": localized_name(country), "date_from": date_from, "date_to": date_to,
        "sent": record.sent, "answered": record.answered, "answered_on_time": record.answered_on_time,
        "median_days_to_answer": record.median_days_to_answer, "assessed": record.assessed,
        "adequate": record.adequate, "share_answered": record.share_answered, "share_on_time": record.share_on_time,
        "share_adequate": record.share_adequate,
    }


# ---------------------------------------------------------------- the State portal


def portal_attachment(a: FollowupAttachment) -> dict[str, Any]:
    return {"id": a.pk, "filename": a.filename, "content_type": a.content_type, "size": a.size}


def portal_summary(c: Communication) -> dict[str, Any]:
    return {
        "id": c.pk, "symbol": c.symbol, "kind": c.kind, "kind_label": str(c.get_kind_display()),
        "un_body": c.un_body.code, "un_body_name": localized_name(c.un_body), "sent_on": c.sent_on,
        "deadline": c.deadline, "answered_on": c.answered_on,
        "overdue": rules.is_overdue(c.deadline, c.answered_on, selectors.today()), "summary": c.summary,
    }


def portal_detail(c: Communication) -> dict[str, Any]:
    data = portal_summary(c)
    data["attachments"] = [portal_attachment(a) for a in selectors.portal_attachments(c)]
    data["responses"] = [
        {"received_on": r.received_on, "channel": r.channel, "summary": r.summary, "late": r.late,
         "attachments": [portal_attachment(a) for a in r.attachments]}
        for r in selectors.portal_responses(c)
    ]
    return data
