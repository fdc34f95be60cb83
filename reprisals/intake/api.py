"""The submissions API: an entity sends allegations and reads the status of what it sent, nothing else."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query

from reprisals.accounts.roles import Cap
from reprisals.cases.api import ERRORS
from reprisals.core.api_auth import CapRouter
from reprisals.core.pagination import cursor_decode, cursor_encode
from reprisals.core.services import require
from reprisals.intake import selectors, services
from reprisals.intake.models import Submission
from reprisals.intake.rows import PersonData, SubmissionData
from reprisals.intake.schemas import SubmissionIn, SubmissionListOut, SubmissionOut, SubmissionQuery

router = CapRouter(tags=["submissions"])


def submission_out(submission: Submission) -> dict[str, Any]:
    status = selectors.effective_status(submission)
    return {
        "id": submission.pk, "sender_reference": submission.sender_reference, "channel": submission.channel,
        "status": status, "status_label": selectors.status_label(status), "received_at": submission.submitted_at,
        "case_reference": selectors.case_reference_for_sender(submission),
    }


def data_from_payload(payload: SubmissionIn) -> SubmissionData:
    engagement = payload.engagement
    return SubmissionData(
        sender_reference=payload.sender_reference.strip(), country=payload.country.strip().upper(),
        title=payload.title.strip(), what_happened=payload.what_happened.strip(),
        incident_date=payload.incident_date.strip(), place=payload.place.strip(),
        forms=[f.strip() for f in payload.forms if f.strip()], perpetrator=payload.perpetrator.strip(),
        un_body=engagement.un_body.strip().upper() if engagement else "",
        engagement_kind=engagement.kind.strip() if engagement else "",
        engagement_date=engagement.date.strip() if engagement else "",
        engagement_description=engagement.description.strip() if engagement else "",
        persons=[PersonData(name=p.name.strip(), kind=p.kind, is_anonymous=p.is_anonymous,
                            description=p.description.strip(), gender=p.gender, roles=list(p.roles),
                            is_minor=p.is_minor, is_foreign_national=p.is_foreign_national)
                 for p in payload.persons],
        consent={"consent_raise_with_state": payload.consent.raise_with_state,
                 "consent_publish_name": payload.consent.publish_name,
                 "consent_publish_anonymously": payload.consent.publish_anonymously,
                 "consent_share_un": payload.consent.share_un},
        risk={"in_danger": payload.risk.in_danger, "detained": payload.risk.detained,
              "travelling_to_un_session": payload.risk.travelling_to_un_session},
        risk_notes=payload.risk.notes.strip(),
    )


@router.post("/submissions", capability=Cap.SUBMISSION_CREATE, response={201: SubmissionOut, **ERRORS},
             summary="Send an allegation",
             description="For submitters and focal points. The entity is the one of your account, never taken "
                         "from the body. Creates an allegation in the triage queue of the case officers. "
                         "A reference already used by your entity is refused with 409.")
def create_submission(request: HttpRequest, payload: SubmissionIn) -> Any:
    require(request.user, Cap.SUBMISSION_CREATE)
    submission = services.submission_create(actor=request.user, data=data_from_payload(payload))
    return 201, submission_out(selectors.submission_get_for_sender(request.user, submission.pk))


@router.get("/submissions", capability=Cap.SUBMISSION_VIEW_OWN, response={200: SubmissionListOut, **ERRORS},
            summary="What your entity sent",
            description="Your entity's submissions, newest first, with their status; nothing else.")
def list_submissions(request: HttpRequest, q: Query[SubmissionQuery]) -> Any:
    require(request.user, Cap.SUBMISSION_VIEW_OWN)
    qs = selectors.submissions_of_sender(request.user).order_by("-id")
    after = cursor_decode(q.cursor)
    if after is not None:
        qs = qs.filter(pk__lt=after)
    if q.status == "accepted":
        qs = qs.filter(Q(allegation__case__isnull=False) | Q(status="accepted"))
    elif q.status:
        qs = qs.filter(status=q.status, allegation__case__isnull=True)
    rows = list(qs[: q.limit + 1])
    more = len(rows) > q.limit
    rows = rows[: q.limit]
    return {"items": [submission_out(s) for s in rows],
            "next_cursor": cursor_encode(rows[-1].pk) if more and rows else None}


@router.get("/submissions/{submission_id}", capability=Cap.SUBMISSION_VIEW_OWN, response={200: SubmissionOut, **ERRORS},
            summary="The status of one submission of your entity")
def get_submission(request: HttpRequest, submission_id: int) -> Any:
    require(request.user, Cap.SUBMISSION_VIEW_OWN)
    return submission_out(selectors.submission_get_for_sender(request.user, submission_id))
