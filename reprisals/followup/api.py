"""API operations of follow-up with States: communications, responses, assessments, developments, a
State's record, and the State portal. Thin adapters over ``followup.selectors`` and ``followup.services``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query

from reprisals.accounts.roles import Cap
from reprisals.cases import services as case_services
from reprisals.cases.api import ERRORS, api_response
from reprisals.core.api_auth import CapRouter
from reprisals.core.errors import ValidationFailed
from reprisals.followup import files, rules, selectors, services
from reprisals.followup import serializers as ser
from reprisals.followup.models import Communication, FollowupAttachment
from reprisals.followup.schemas import (
    AssessmentIn,
    AssessmentOut,
    AttachmentIn,
    CasesIn,
    CommunicationIn,
    CommunicationListOut,
    CommunicationOut,
    CommunicationQuery,
    CommunicationSummaryOut,
    ConfirmIn,
    ConfirmOut,
    DevelopmentIn,
    DevelopmentOut,
    PortalAttachmentIn,
    PortalCommunicationDetailOut,
    PortalCommunicationOut,
    PortalResponseIn,
    PortalResponseOut,
    RecordQuery,
    ResponseIn,
    ResponseOut,
    ReturnIn,
    StateRecordOut,
)

router = CapRouter(tags=["follow-up"])
BAD_CURSOR = gettext_lazy("not a cursor returned by this API")


@contextmanager
def api_field_names(names: dict[str, str]) -> Iterator[None]:
    """Name fields in errors as the API calls them (``case_ids``) rather than as the services do (``cases``)."""
    try:
        yield
    except ValidationFailed as exc:
        if not set(names) & set(exc.fields):
            raise
        fields = {names.get(k, k): v for k, v in exc.fields.items()}
        first = next(iter(fields.items()))
        raise ValidationFailed(_("%(field)s: %(message)s") % {"field": first[0], "message": first[1][0]},
                               fields=fields) from exc


def _uploads(items: list[AttachmentIn] | list[PortalAttachmentIn]) -> list[files.Upload]:
    out = []
    for i, item in enumerate(items):
        try:
            content = base64.b64decode(item.content_base64.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise ValidationFailed.single(f"attachments.{i}.content_base64", _("not valid base64")) from None
        out.append(files.Upload(item.filename, content, bool(getattr(item, "shown_to_state", False))))
    return out


def _cursor_decode(cursor: str) -> tuple[dt.date, int]:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii") + b"==").decode("ascii")
        day, pk = text.split(".", 1)
        return dt.date.fromisoformat(day), int(pk)
    except (binascii.Error, ValueError, UnicodeError):
        raise ValidationFailed.single("cursor", str(BAD_CURSOR)) from None


def _cursor_encode(day: dt.date, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{day.isoformat()}.{pk}".encode("ascii")).decode("ascii").rstrip("=")


def _after(qs: QuerySet[Communication], q: CommunicationQuery, cursor: str) -> QuerySet[Communication]:
    day, pk = _cursor_decode(cursor)
    if q.overdue:
        return qs.filter(Q(deadline__lt=day) | Q(deadline=day, pk__lt=pk))
    if q.due_soon:
        return qs.filter(Q(deadline__gt=day) | Q(deadline=day, pk__gt=pk))
    return qs.filter(Q(sent_on__lt=day) | Q(sent_on=day, pk__lt=pk))


def filters_from_query(q: CommunicationQuery) -> selectors.CommunicationFilters:
    if q.overdue and q.due_soon:
        raise ValidationFailed.single("due_soon", _("ask for overdue or due_soon, not both"))
    return selectors.CommunicationFilters(
        country=case_services.country_by_code(q.state, "state").pk if q.state else None,
        un_body=case_services.un_body_by_code(q.un_body).pk if q.un_body else None,
        case=q.case, overdue=q.overdue, due_soon=q.due_soon, window=q.days, mine=q.mine,
    )


@router.get("/communications", capability=selectors.READ_CAP,
            response={200: CommunicationListOut, **ERRORS},
            summary="List communications: overdue, due soon, per State, per UN body")
def list_communications(request: HttpRequest, q: Query[CommunicationQuery]) -> Any:
    qs = selectors.communication_list(request.user, filters_from_query(q))
    if q.cursor:
        qs = _after(qs, q, q.cursor)
    found = selectors.rows(qs, q.limit + 1, window=q.days)
    more = len(found) > q.limit
    found = found[: q.limit]
    key = (lambda r: r.deadline) if (q.overdue or q.due_soon) else (lambda r: r.sent_on)
    body = {"items": [ser.row(r) for r in found],
            "next_cursor": _cursor_encode(key(found[-1]), found[-1].id) if more and found else None}
    # The hot path: the rows are already in the documented shape, so skip re-validating them.
    return api_response(request, body)


@router.post("/communications", capability=Cap.COMMUNICATION_RECORD,
             response={201: CommunicationOut, **ERRORS}, summary="Record a communication")
def create_communication(request: HttpRequest, payload: CommunicationIn) -> Any:
    with api_field_names({"cases": "case_ids"}):
        communication = services.communication_record(
            actor=request.user, country=case_services.country_by_code(payload.country),
            kind=payload.kind, un_body=case_services.un_body_by_code(payload.un_body), symbol=payload.symbol,
            sent_on=payload.sent_on, deadline=payload.deadline, summary=payload.summary,
            internal_notes=payload.internal_notes, cases=payload.case_ids, attachments=_uploads(payload.attachments),
        )
    return 201, ser.full(selectors.communication_detail(request.user, communication.pk))


@router.get("/communications/{communication_id}", capability=selectors.READ_CAP,
            response={200: CommunicationOut, **ERRORS},
            summary="Read a communication with its responses and assessments")
def get_communication(request: HttpRequest, communication_id: int) -> Any:
    return ser.full(selectors.communication_detail(request.user, communication_id))


@router.post("/communications/{communication_id}/cases", capability=Cap.COMMUNICATION_RECORD,
             response={200: CommunicationOut, **ERRORS},
             summary="Add cases to a communication already recorded")
def add_cases(request: HttpRequest, communication_id: int, payload: CasesIn) -> Any:
    with api_field_names({"cases": "case_ids"}):
        services.communication_add_cases(actor=request.user, communication=communication_id, cases=payload.case_ids)
    return ser.full(selectors.communication_detail(request.user, communication_id))


@router.post("/communications/{communication_id}/responses", capability=Cap.COMMUNICATION_RECORD,
             response={201: ResponseOut, **ERRORS},
             summary="Record a State's response")
def create_response(request: HttpRequest, communication_id: int, payload: ResponseIn) -> Any:
    response = services.response_record(
        actor=request.user, communication=communication_id, received_on=payload.received_on,
        summary=payload.summary, channel=payload.channel, attachments=_uploads(payload.attachments),
    )
    return 201, ser.response(response, response.communication.deadline)


@router.post("/communications/{communication_id}/assessments", capability=Cap.RESPONSE_ASSESS,
             response={201: AssessmentOut, **ERRORS},
             summary="Propose an assessment of a response, or of no response")
def propose_assessment(request: HttpRequest, communication_id: int, payload: AssessmentIn) -> Any:
    data = payload.dict()
    with api_field_names({"response": "response_id"}):
        assessment = services.assessment_propose(
            actor=request.user, communication=communication_id, level=data.pop("level"), reason=data.pop("reason"),
            response=data.pop("response_id"), **data,
        )
    return 201, ser.assessment(assessment)


@router.post("/assessments/{assessment_id}/confirm", capability=Cap.ASSESSMENT_CONFIRM,
             response={200: ConfirmOut, **ERRORS},
             summary="Confirm an assessment (a reviewer other than the proposer)")
def confirm_assessment(request: HttpRequest, assessment_id: int, payload: ConfirmIn) -> Any:
    assessment, closed = services.assessment_confirm(actor=request.user, assessment=assessment_id, note=payload.note,
                                                     close_cases=payload.close_cases)
    return {"assessment": ser.assessment(assessment), "closed_cases": [c.reference for c in closed]}


@router.post("/assessments/{assessment_id}/return", capability=Cap.ASSESSMENT_CONFIRM,
             response={200: AssessmentOut, **ERRORS},
             summary="Return an assessment to the officer with a note")
def return_assessment(request: HttpRequest, assessment_id: int, payload: ReturnIn) -> Any:
    return ser.assessment(services.assessment_return(actor=request.user, assessment=assessment_id, note=payload.note))


@router.get("/cases/{case_id}/communications", capability=selectors.READ_CAP,
            response={200: list[CommunicationSummaryOut], **ERRORS},
            summary="Communications about a case")
def case_communications(request: HttpRequest, case_id: int) -> Any:
    return [ser.summary(c) for c in selectors.case_communications(request.user, case_id)]


@router.get("/cases/{case_id}/developments", capability=Cap.CASE_VIEW,
            response={200: list[DevelopmentOut], **ERRORS},
            summary="Developments in a case after its first report")
def list_developments(request: HttpRequest, case_id: int) -> Any:
    return [ser.development(d) for d in selectors.developments_for_case(request.user, case_id)]


@router.post("/cases/{case_id}/developments", capability=Cap.CASE_EDIT,
             response={201: DevelopmentOut, **ERRORS},
             summary="Record a development in a case")
def create_development(request: HttpRequest, case_id: int, payload: DevelopmentIn) -> Any:
    development = services.development_record(actor=request.user, case=case_id, kind=payload.kind, date=payload.date,
                                              description=payload.description,
                                              for_next_report=payload.for_next_report)
    return 201, ser.development(development)


@router.get("/states/{state}/record", capability=selectors.READ_CAP,
            response={200: StateRecordOut, **ERRORS},
            summary="A State's record: communications sent, answered, on time, median days, adequate")
def state_record(request: HttpRequest, state: str, q: Query[RecordQuery]) -> Any:
    country = case_services.country_by_code(state, "state")
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise ValidationFailed.single("from", _("the period starts after it ends"))
    record = selectors.state_record(request.user, country, q.date_from, q.date_to)
    return ser.state_record(country, q.date_from, q.date_to, record)


def _file_response(attachment: FollowupAttachment, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@router.get("/followup-attachments/{attachment_id}", capability=selectors.READ_CAP,
            response=ERRORS, summary="Download an attachment")
def download_attachment(request: HttpRequest, attachment_id: int) -> Any:
    attachment = selectors.attachment_get_for_user(request.user, attachment_id)
    return _file_response(attachment, services.attachment_open(actor=request.user, attachment=attachment))


# ---------------------------------------------------------------- the State portal


@router.get("/portal/communications", capability=Cap.STATE_PORTAL,
            response={200: list[PortalCommunicationOut], **ERRORS},
            summary="State portal: communications addressed to my State")
def portal_list(request: HttpRequest, limit: int = 100, before: int | None = None) -> Any:
    qs = (selectors.portal_communications_after(request.user, before) if before
          else selectors.portal_communications(request.user))
    items = list(qs[: min(max(limit, 1), 500)])
    services.portal_visit(actor=request.user, page="api.list")
    return [ser.portal_summary(c) for c in items]


@router.get("/portal/communications/{communication_id}", capability=Cap.STATE_PORTAL,
            response={200: PortalCommunicationDetailOut, **ERRORS},
            summary="State portal: one communication, its files and my State's answers")
def portal_get(request: HttpRequest, communication_id: int) -> Any:
    communication = selectors.portal_communication_get(request.user, communication_id)
    services.portal_visit(actor=request.user, page="api.detail", obj=communication)
    return ser.portal_detail(communication)


@router.post("/portal/communications/{communication_id}/responses", capability=Cap.STATE_PORTAL,
             response={201: PortalResponseOut, **ERRORS},
             summary="State portal: answer a communication (late answers are accepted and shown late)")
def portal_respond(request: HttpRequest, communication_id: int, payload: PortalResponseIn) -> Any:
    response = services.response_record(actor=request.user, communication=communication_id, summary=payload.summary,
                                        attachments=_uploads(payload.attachments))
    deadline = response.communication.deadline
    return 201, {"received_on": response.received_on, "channel": response.channel, "summary": response.summary,
                 "late": rules.is_late(deadline, response.received_on),
                 "attachments": [ser.portal_attachment(a) for a in response.attachments.all()]}


@router.get("/portal/attachments/{attachment_id}", capability=Cap.STATE_PORTAL,
            response=ERRORS, summary="State portal: download a file")
def portal_download(request: HttpRequest, attachment_id: int) -> Any:
    attachment = selectors.portal_attachment_get(request.user, attachment_id)
    return _file_response(attachment, services.attachment_open(actor=request.user, attachment=attachment, portal=True))
