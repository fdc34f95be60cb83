"""Reads of intake that depend on who asks.

* A sender (an entity's account) sees its own entity's submissions and their status, nothing else: any
  other id is "not found". When the submission was accepted, it also sees the reference of the case it
  went into (only its own submission's case).
* The public sees, with a receipt code, the status of that one submission.
* Officers with ``triage.work`` see the queue, urgent first, with provenance. Compartments hold here as
  on the case pages: a submission (its page, its reveal, its files, every triage decision) is visible
  only while it is not yet part of a case, or when its case is one the officer may see
  (``cases.selectors.cases_visible_to``). Any other is "not found", exactly as an id that does not exist:
  once a submission is in a case, the case decides who reads it.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q, QuerySet

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.selectors import cases_visible_to
from reprisals.core.errors import NotFound
from reprisals.intake.models import Submission, SubmissionAttachment, SubmissionStatus

DECIDED = (SubmissionStatus.ACCEPTED, SubmissionStatus.NOT_TAKEN_FORWARD)


def effective_status(submission: Submission) -> str:
    """Accepted as soon as its allegation is part of a case, even when that was done in the register's own
    triage rather than through intake."""
    allegation = submission.allegation
    if allegation is not None and allegation.case_id is not None:
        return SubmissionStatus.ACCEPTED
    return submission.status


def status_label(status: str) -> str:
    return str(SubmissionStatus(status).label)


def case_reference_for_sender(submission: Submission) -> str | None:
    allegation = submission.allegation
    if allegation is not None and allegation.case_id is not None:
        return allegation.case.reference
    return None


def submissions_of_sender(user: Any) -> QuerySet[Submission]:
    if not has_cap(user, Cap.SUBMISSION_VIEW_OWN) or not getattr(user, "entity_id", None):
        return Submission.objects.none()
    return Submission.objects.filter(entity_id=user.entity_id).select_related("allegation__case", "country")


def submission_get_for_sender(user: Any, submission_id: int | str) -> Submission:
    try:
        pk = int(submission_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    submission = submissions_of_sender(user).filter(pk=pk).first()
    if submission is None:
        raise NotFound()
    return submission


def submission_by_receipt(code: str) -> Submission:
    from reprisals.intake.services import receipt_digest

    if not code or len(code) > 64:
        raise NotFound()
    submission = (Submission.objects.select_related("allegation__case")
                  .filter(receipt_digest=receipt_digest(code)).first())
    if submission is None:
        raise NotFound()
    return submission


def visible_for_triage(user: Any) -> QuerySet[Submission]:
    """Every submission ``user`` may read in triage, decided ones included: the one rule behind the queue,
    a submission's page, its reveal, its files and every triage decision. One with ``triage.work`` sees a
    submission not yet in a case, and one whose case it may see (compartments hold); nothing else."""
    if not has_cap(user, Cap.TRIAGE):
        return Submission.objects.none()
    return Submission.objects.filter(
        Q(allegation__isnull=True) | Q(allegation__case__isnull=True)
        | Q(allegation__case__in=cases_visible_to(user).values("pk")))


def triage_queue(user: Any, *, include_decided: bool = False) -> QuerySet[Submission]:
    """Submissions waiting for a decision, urgent first, then oldest first (``visible_for_triage``)."""
    qs = visible_for_triage(user).select_related("entity", "country", "batch", "allegation", "un_body")
    if not include_decided:
        qs = qs.exclude(status__in=DECIDED).filter(Q(allegation__isnull=True) | Q(allegation__case__isnull=True))
    return qs.order_by("-is_urgent", "id")


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def submission_get_for_triage(user: Any, submission_id: int | str) -> Submission:
    """One submission ``user`` may read in triage; NotFound when there is none or it may not see it (the
    same error, from the same single query, either way)."""
    submission = triage_queue(user, include_decided=True).filter(pk=_pk(submission_id)).first()
    if submission is None:
        raise NotFound()
    return submission


def attachment_get_for_triage(user: Any, attachment_id: int | str) -> SubmissionAttachment:
    """A file sent with a submission ``user`` may read in triage (``visible_for_triage``); NotFound
    otherwise, as for a file that does not exist."""
    item = (SubmissionAttachment.objects.select_related("submission")
            .filter(pk=_pk(attachment_id), submission__in=visible_for_triage(user).values("pk")).first())
    if item is None:
        raise NotFound()
    return item


def persons_of(submission: Submission) -> list[dict[str, Any]]:
    """The people affected, decrypted: call only for a reader who may see them (``protected_reveal``)."""
    try:
        value = json.loads(submission.persons or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []
