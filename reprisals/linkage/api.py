"""API operations of linkage: the review queue, decisions, persons and unmerge, runs, patterns; and the
same for duplicate allegations (candidates, decisions, groups of one incident, runs).

Thin adapters over ``linkage.selectors`` and ``linkage.services``; every operation needs
``Cap.LINKAGE_REVIEW`` (a run over anonymous parties also ``Cap.PROTECTED_READ``).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query

from reprisals.accounts.roles import Cap
from reprisals.cases.schemas import ErrorOut
from reprisals.core.api_auth import CapRouter
from reprisals.core.errors import ValidationFailed
from reprisals.linkage import selectors, services
from reprisals.linkage.models import MatchCandidate
from reprisals.linkage.patterns import EntitySummary
from reprisals.linkage.schemas import (
    AllegationCandidateListOut,
    AllegationCandidateOut,
    AllegationDecisionIn,
    AllegationDecisionOut,
    AllegationRunIn,
    AllegationRunOut,
    CandidateListOut,
    CandidateOut,
    CandidateQuery,
    DecisionIn,
    DecisionOut,
    IncidentGroupOut,
    IncidentGroupUnmergeIn,
    IncidentGroupUnmergeOut,
    PatternsOut,
    PersonOut,
    RunIn,
    RunOut,
    UnmergeIn,
    UnmergeOut,
)

router = CapRouter(tags=["linkage"])
REVIEW = Cap.LINKAGE_REVIEW
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


NOT_A_CURSOR = "not a cursor returned by this API"
MAX_ID = 2**63 - 1


def _cursor(cursor: str | None) -> tuple[float, int] | None:
    """The (score, id) of the last item of the page before. A cursor names a place in the order, not an
    offset: pairs decided (and so leaving the queue) while a reviewer pages on do not make others skipped."""
    if not cursor:
        return None
    try:
        score_text, id_text = base64.urlsafe_b64decode(cursor.encode("ascii") + b"==").decode("ascii").split(":")
        score, pk = float(score_text), int(id_text)
    except (binascii.Error, ValueError, UnicodeError):
        raise ValidationFailed.single("cursor", NOT_A_CURSOR) from None
    if not (0.0 <= score <= 1.0) or not (0 <= pk <= MAX_ID):
        raise ValidationFailed.single("cursor", NOT_A_CURSOR)
    return score, pk


def _keyset_page(queryset: QuerySet, cursor: str | None, limit: int) -> tuple[list[Any], str | None]:
    """One page of a queue ordered strongest first (score descending, then id), and the next cursor."""
    after = _cursor(cursor)
    if after is not None:
        score, pk = after
        queryset = queryset.filter(Q(score__lt=score) | Q(score=score, pk__gt=pk))
    rows = list(queryset.order_by("-score", "id")[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, base64.urlsafe_b64encode(f"{last.score!r}:{last.pk}".encode()).decode().rstrip("=")


def _candidate_out(view: selectors.CandidateView) -> dict[str, Any]:
    c = view.candidate
    return {
        "id": c.pk, "score": c.score, "weight": c.weight, "status": c.status, "reasons": c.reasons or {},
        "a": asdict(view.a), "b": asdict(view.b), "note": c.note, "decided_at": c.decided_at,
        "decided_by": c.decided_by.get_username() if c.decided_by_id else None,
    }


def _one(user: Any, candidate: MatchCandidate) -> dict[str, Any]:
    fresh = selectors.candidate_get_for_user(user, candidate.pk)
    return _candidate_out(selectors.candidate_views(user, [fresh])[0])


def _entity(e: EntitySummary) -> dict[str, Any]:
    return {"label": e.label, "person_id": e.person_id, "countries": e.countries, "years": e.years,
            "un_bodies": e.un_bodies, "cases": [ref for ref, _id in e.cases]}


@router.get("/linkage/candidates", capability=REVIEW, response={200: CandidateListOut, **ERRORS},
    summary="The review queue")
def list_candidates(request: HttpRequest, q: Query[CandidateQuery]) -> Any:
    rows, nxt = _keyset_page(selectors.candidate_queue(request.user, status=q.status).select_related("decided_by"),
                             q.cursor, q.limit)
    return {"items": [_candidate_out(v) for v in selectors.candidate_views(request.user, rows)], "next_cursor": nxt}


@router.get("/linkage/candidates/{candidate_id}", capability=REVIEW, response={200: CandidateOut, **ERRORS},
    summary="One candidate pair")
def get_candidate(request: HttpRequest, candidate_id: int) -> Any:
    return _one(request.user, selectors.candidate_get_for_user(request.user, candidate_id))


@router.post("/linkage/candidates/{candidate_id}/accept", capability=REVIEW, response={200: DecisionOut, **ERRORS},
             summary="Same person: link the two parties")
def accept(request: HttpRequest, candidate_id: int, body: DecisionIn) -> Any:
    person = services.candidate_accept(actor=request.user, candidate=candidate_id, note=body.note,
        expected_status=body.expected_status or services.DECIDABLE)
    return {"candidate": _one(request.user, MatchCandidate(pk=candidate_id)), "person_id": person.pk}


@router.post("/linkage/candidates/{candidate_id}/reject", capability=REVIEW, response={200: DecisionOut, **ERRORS},
             summary="Not the same: never propose this pair again")
def reject(request: HttpRequest, candidate_id: int, body: DecisionIn) -> Any:
    services.candidate_reject(actor=request.user, candidate=candidate_id, note=body.note,
        expected_status=body.expected_status or services.DECIDABLE)
    return {"candidate": _one(request.user, MatchCandidate(pk=candidate_id)), "person_id": None}


@router.post("/linkage/candidates/{candidate_id}/defer", capability=REVIEW, response={200: DecisionOut, **ERRORS},
             summary="Decide later")
def defer(request: HttpRequest, candidate_id: int, body: DecisionIn) -> Any:
    services.candidate_defer(actor=request.user, candidate=candidate_id, note=body.note,
        expected_status=body.expected_status or services.DECIDABLE)
    return {"candidate": _one(request.user, MatchCandidate(pk=candidate_id)), "person_id": None}


def _person_out(user: Any, person_id: int) -> dict[str, Any]:
    person = selectors.person_get_for_user(user, person_id)
    return {"id": person.pk, "members": [asdict(c) for c in selectors.person_members(user, person)]}


@router.get("/linkage/persons/{person_id}", capability=REVIEW, response={200: PersonOut, **ERRORS},
    summary="A linked person")
def get_person(request: HttpRequest, person_id: int) -> Any:
    return _person_out(request.user, person_id)


@router.post("/linkage/persons/{person_id}/unmerge", capability=REVIEW, response={200: UnmergeOut, **ERRORS},
             summary="Take one party out of a person")
def unmerge(request: HttpRequest, person_id: int, body: UnmergeIn) -> Any:
    person = selectors.person_get_for_user(request.user, person_id)
    visible = {c.id for c in selectors.person_members(request.user, person)}
    if body.party not in visible:
        raise ValidationFailed.single("party", "not a member of this person")
    remaining = services.person_unmerge(actor=request.user, person=person, party=body.party, note=body.note)
    shown = remaining is not None and remaining.pk in selectors.persons_shown(request.user, [remaining.pk])
    return {"person": _person_out(request.user, remaining.pk) if shown else None}


@router.post("/linkage/runs", capability=REVIEW, response={201: RunOut, **ERRORS},
    summary="Match the whole register now")
def run(request: HttpRequest, body: RunIn) -> Any:
    done = services.linkage_run(actor=request.user, include_anonymous=body.include_anonymous,
                                threshold=body.threshold)
    return 201, {"id": done.pk, "parties": done.parties, "pairs_compared": done.pairs_compared,
                 "proposed": done.proposed}


@router.get("/linkage/patterns", capability=REVIEW, response={200: PatternsOut, **ERRORS},
    summary="Patterns across linked reports")
def get_patterns(request: HttpRequest) -> Any:
    p = selectors.linkage_patterns(request.user)
    return {
        "targeted_again": [_entity(e) for e in p.targeted_again],
        "several_bodies": [_entity(e) for e in p.several_bodies],
        "families": [{"country": f.country, "family_name": f.family_name, "members": [_entity(e) for e in f.members]}
                     for f in p.families],
        "organisations_together": [{"members": [_entity(e) for e in o.members], "cases": [r for r, _i in o.cases]}
                                   for o in p.organisations_together],
    }


# ---------------------------------------------------------------- duplicate allegations


def _allegation_candidate_out(view: selectors.AllegationCandidateView) -> dict[str, Any]:
    c = view.candidate
    return {
        "id": c.pk, "score": c.score, "weight": c.weight, "kind": c.kind, "status": c.status,
        "reasons": c.reasons or {}, "a": asdict(view.a), "b": asdict(view.b), "note": c.note,
        "decided_at": c.decided_at, "decided_by": c.decided_by.get_username() if c.decided_by_id else None,
    }


def _allegation_one(user: Any, candidate_id: int) -> dict[str, Any]:
    fresh = selectors.allegation_candidate_get_for_user(user, candidate_id)
    return _allegation_candidate_out(selectors.allegation_candidate_views(user, [fresh])[0])


@router.get("/linkage/allegation-candidates", capability=REVIEW,
            response={200: AllegationCandidateListOut, **ERRORS}, summary="The duplicate allegations queue")
def list_allegation_candidates(request: HttpRequest, q: Query[CandidateQuery]) -> Any:
    rows, nxt = _keyset_page(selectors.allegation_candidate_queue(request.user, status=q.status)
                             .select_related("decided_by"), q.cursor, q.limit)
    return {"items": [_allegation_candidate_out(v) for v in selectors.allegation_candidate_views(request.user, rows)],
            "next_cursor": nxt}


@router.get("/linkage/allegation-candidates/{candidate_id}", capability=REVIEW,
            response={200: AllegationCandidateOut, **ERRORS}, summary="One pair of possibly duplicate allegations")
def get_allegation_candidate(request: HttpRequest, candidate_id: int) -> Any:
    return _allegation_one(request.user, candidate_id)


@router.post("/linkage/allegation-candidates/{candidate_id}/accept", capability=REVIEW,
             response={200: AllegationDecisionOut, **ERRORS},
             summary="Same incident: group the two allegations (both are kept)")
def accept_allegation_candidate(request: HttpRequest, candidate_id: int, body: AllegationDecisionIn) -> Any:
    group = services.allegation_candidate_accept(actor=request.user, candidate=candidate_id, note=body.note,
                                                 expected_status=body.expected_status)
    return {"candidate": _allegation_one(request.user, candidate_id), "group_id": group.pk}


@router.post("/linkage/allegation-candidates/{candidate_id}/reject", capability=REVIEW,
             response={200: AllegationDecisionOut, **ERRORS},
             summary="Not the same incident: never propose this pair again")
def reject_allegation_candidate(request: HttpRequest, candidate_id: int, body: AllegationDecisionIn) -> Any:
    services.allegation_candidate_reject(actor=request.user, candidate=candidate_id, note=body.note,
                                         expected_status=body.expected_status)
    return {"candidate": _allegation_one(request.user, candidate_id), "group_id": None}


@router.post("/linkage/allegation-candidates/{candidate_id}/defer", capability=REVIEW,
             response={200: AllegationDecisionOut, **ERRORS}, summary="Decide later")
def defer_allegation_candidate(request: HttpRequest, candidate_id: int, body: AllegationDecisionIn) -> Any:
    services.allegation_candidate_defer(actor=request.user, candidate=candidate_id, note=body.note,
                                        expected_status=body.expected_status)
    return {"candidate": _allegation_one(request.user, candidate_id), "group_id": None}


def _group_out(user: Any, group_id: int) -> dict[str, Any]:
    group = selectors.incident_group_get_for_user(user, group_id)
    return {"id": group.pk, "members": [asdict(c) for c in selectors.incident_group_members(user, group)]}


@router.get("/linkage/incident-groups/{group_id}", capability=REVIEW, response={200: IncidentGroupOut, **ERRORS},
            summary="Allegations accepted as reports of one incident")
def get_incident_group(request: HttpRequest, group_id: int) -> Any:
    return _group_out(request.user, group_id)


@router.post("/linkage/incident-groups/{group_id}/unmerge", capability=REVIEW,
             response={200: IncidentGroupUnmergeOut, **ERRORS}, summary="Take one allegation out of its group")
def unmerge_incident_group(request: HttpRequest, group_id: int, body: IncidentGroupUnmergeIn) -> Any:
    group = selectors.incident_group_get_for_user(request.user, group_id)
    visible = {c.id for c in selectors.incident_group_members(request.user, group)}
    if body.allegation not in visible:
        raise ValidationFailed.single("allegation", "not a member of this group")
    remaining = services.incident_group_unmerge(actor=request.user, group=group, allegation=body.allegation,
                                                note=body.note)
    shown = remaining is not None and remaining.pk in selectors.groups_shown(request.user, [remaining.pk])
    return {"group": _group_out(request.user, remaining.pk) if shown else None}


@router.post("/linkage/allegation-runs", capability=REVIEW, response={201: AllegationRunOut, **ERRORS},
             summary="Look for duplicate allegations over the whole register now")
def allegation_run(request: HttpRequest, body: AllegationRunIn) -> Any:
    done = services.allegation_duplicates_run(actor=request.user, threshold=body.threshold)
    return 201, {"id": done.pk, "allegations": done.allegations, "pairs_compared": done.pairs_compared,
                 "proposed": done.proposed}
