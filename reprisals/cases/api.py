"""API operations for cases, allegations, affected parties, incidents and engagements.

Thin adapters: parse with the schemas, call one selector or service, serialise. Protected fields are
left out unless ``reveal=true`` is asked for, which goes through ``protected_reveal`` and is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query
from ninja.errors import HttpError

from reprisals.accounts.models import User
from reprisals.accounts.roles import Cap
from reprisals.cases import selectors, services
from reprisals.cases import serializers as ser
from reprisals.cases.models import AffectedParty, Allegation, Incident
from reprisals.cases.schemas import (
    AllegationIn,
    AllegationOut,
    AllegationPatch,
    AssignIn,
    CaseIn,
    CaseListOut,
    CaseOut,
    CasePatch,
    CaseQuery,
    EngagementIn,
    EngagementOut,
    ErrorOut,
    IncidentIn,
    IncidentOut,
    IncidentPatch,
    PartyIn,
    PartyOut,
    PartyPatch,
    TimelineOut,
    TransitionIn,
)
from reprisals.core.api_auth import CapRouter
from reprisals.core.errors import NotFound, ValidationFailed
from reprisals.core.pagination import cursor_decode, cursor_encode
from reprisals.reference.i18n import localized_group, localized_name
from reprisals.reference.models import RegionalGroup, Term

router = CapRouter(tags=["cases"])


def api_response(request: HttpRequest, body: Any, status: int = 200) -> HttpResponse:
    from reprisals.api import api

    return api.create_response(request, body, status=status)


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_LIMIT = 200


def _term_id(vocabulary: str, code: str | None, field: str) -> int | None:
    if not code:
        return None
    return services.term_id(vocabulary, code, field)


def filters_from_query(q: CaseQuery, user: Any) -> selectors.CaseFilters:
    """Turn codes into ids, naming the query parameter of any unknown code."""
    if q.regional_group and q.regional_group not in RegionalGroup.values:
        raise ValidationFailed.single("regional_group", f"unknown regional group {q.regional_group}")
    return selectors.CaseFilters(
        country=services.country_id(q.country, "country") if q.country else None,
        regional_group=q.regional_group or None,
        un_body=services.un_body_id(q.un_body) if q.un_body else None,
        form=_term_id("reprisal_form", q.form, "form"),
        role=_term_id("party_role", q.role, "role"),
        status=q.status or None,
        open_only=bool(q.open),
        year=q.year,
        assigned_to=user.pk if q.mine else None,
        unassigned=bool(q.unassigned),
        risk_level=q.risk_level or None,
        text=q.q or "",
    )


@router.get("/cases", capability=Cap.CASE_VIEW, response={200: CaseListOut, **ERRORS}, summary="List and search cases")
def list_cases(request: HttpRequest, q: Query[CaseQuery]) -> Any:
    limit = min(max(q.limit, 1), MAX_LIMIT)
    filters = filters_from_query(q, request.user)

    def fetch(after: int | None, n: int) -> list[dict[str, Any]]:
        rows = selectors.case_list_page(request.user, filters, ser.SUMMARY_COLUMNS, after=after, limit=n)
        return ser.case_summary_rows(rows)

    # What the reader may not read is left out before the cursor is made (``page_shown``).
    items, cursor = selectors.page_shown(request.user, fetch, after=cursor_decode(q.cursor), limit=limit,
                                         text=filters.text)
    body = {"items": items, "next_cursor": cursor_encode(cursor) if cursor is not None else None}
    # The hot path: the rows are already in the documented shape, so skip re-validating them.
    return api_response(request, body)


@router.post("/cases", capability=Cap.CASE_CREATE, response={201: CaseOut, **ERRORS}, summary="Open a case")
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    allegation = (
        selectors.allegation_get_for_user(request.user, payload.allegation_id) if payload.allegation_id else None
    )
    assignee = _user_by_username(payload.assigned_to) if payload.assigned_to else None
    case = services.case_open(
        actor=request.user,
        title=payload.title,
        country=services.country_by_code(payload.country),
        allegation=allegation,
        summary=payload.summary,
        risk_level=payload.risk_level,
        risk_notes=payload.risk_notes,
        assigned_to=assignee,
    )
    return 201, ser.case_full(selectors.case_detail(request.user, case.pk), reader=request.user)


@router.get("/cases/{case_id}", capability=Cap.CASE_VIEW, response={200: CaseOut, **ERRORS}, summary="Read a case")
def get_case(request: HttpRequest, case_id: int, reveal: bool = False) -> Any:
    case = selectors.case_detail(request.user, case_id)
    return ser.case_full(case, reader=request.user, reveal_for=request.user if reveal else None)


@router.patch("/cases/{case_id}", capability=Cap.CASE_EDIT, response={200: CaseOut, **ERRORS}, summary="Change a case")
def patch_case(request: HttpRequest, case_id: int, payload: CasePatch) -> Any:
    values = payload.dict(exclude_unset=True)
    version = values.pop("version")
    if "country" in values:
        values["country"] = services.country_by_code(values["country"])
    for key in ("title", "summary", "risk_notes", "risk_level"):
        if key in values and values[key] is None:
            raise ValidationFailed.single(key, "may not be null")
    services.case_update(actor=request.user, case=case_id, expected_version=version, **values)
    return ser.case_full(selectors.case_detail(request.user, case_id), reader=request.user)


@router.post(
    "/cases/{case_id}/transitions",
    capability=Cap.CASE_TRANSITION,
    response={200: CaseOut, **ERRORS},
    summary="Move a case in its workflow",
)
def transition_case(request: HttpRequest, case_id: int, payload: TransitionIn) -> Any:
    services.case_transition(
        actor=request.user,
        case=case_id,
        to_status=payload.to_status,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return ser.case_full(selectors.case_detail(request.user, case_id), reader=request.user)


def _user_by_username(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ValidationFailed.single("assigned_to", f"no user named {username}")
    return user


@router.post(
    "/cases/{case_id}/assignment",
    capability=Cap.CASE_ASSIGN,
    response={200: CaseOut, **ERRORS},
    summary="Assign a responsible officer",
)
def assign_case(request: HttpRequest, case_id: int, payload: AssignIn) -> Any:
    assignee = _user_by_username(payload.assigned_to) if payload.assigned_to else None
    services.case_assign(actor=request.user, case=case_id, assignee=assignee, expected_version=payload.version)
    return ser.case_full(selectors.case_detail(request.user, case_id), reader=request.user)


@router.get(
    "/cases/{case_id}/timeline",
    capability=Cap.CASE_VIEW,
    response={200: TimelineOut, **ERRORS},
    summary="A case's timeline",
)
def case_timeline(request: HttpRequest, case_id: int) -> Any:
    case = selectors.case_detail(request.user, case_id)
    return {"events": [ser.timeline_event(e) for e in selectors.case_timeline(case)]}


# ---------------------------------------------------------------- parties


@router.get(
    "/cases/{case_id}/parties",
    capability=Cap.CASE_VIEW,
    response={200: list[PartyOut], **ERRORS},
    summary="Affected parties of a case",
)
def list_parties(request: HttpRequest, case_id: int) -> Any:
    case = selectors.case_detail(request.user, case_id)
    return [ser.party(p) for p in case.parties.all()]


@router.post(
    "/cases/{case_id}/parties",
    capability=Cap.CASE_EDIT,
    response={201: PartyOut, **ERRORS},
    summary="Add an affected party",
)
def add_party(request: HttpRequest, case_id: int, payload: PartyIn) -> Any:
    data = payload.dict()
    party = services.party_add(
        actor=request.user, case=case_id, roles=data.pop("roles"), consequences=data.pop("consequences"), **data
    )
    return 201, ser.party(selectors.party_detail(request.user, party.pk))


def _party_loaded(user: Any, party_id: int) -> AffectedParty:
    party = AffectedParty.objects.prefetch_related("roles", "consequences", "consents").filter(pk=party_id).first()
    if party is None:
        raise NotFound()
    selectors.case_get_for_user(user, party.case_id)
    return party


@router.get(
    "/parties/{party_id}",
    capability=Cap.CASE_VIEW,
    response={200: PartyOut, **ERRORS},
    summary="Read an affected party",
)
def get_party(request: HttpRequest, party_id: int, reveal: bool = False) -> Any:
    return ser.party(selectors.party_detail(request.user, party_id), reveal_for=request.user if reveal else None)


@router.patch(
    "/parties/{party_id}",
    capability=Cap.CASE_EDIT,
    response={200: PartyOut, **ERRORS},
    summary="Change an affected party",
)
def patch_party(request: HttpRequest, party_id: int, payload: PartyPatch) -> Any:
    party = _party_loaded(request.user, party_id)
    values = payload.dict(exclude_unset=True)
    for key, value in values.items():
        if value is None:
            raise ValidationFailed.single(key, "may not be null")
    services.party_update(
        actor=request.user,
        party=party,
        roles=values.pop("roles", None),
        consequences=values.pop("consequences", None),
        **values,
    )
    return ser.party(selectors.party_detail(request.user, party_id))


# ---------------------------------------------------------------- incidents and engagements


@router.get(
    "/cases/{case_id}/incidents",
    capability=Cap.CASE_VIEW,
    response={200: list[IncidentOut], **ERRORS},
    summary="Incidents of a case",
)
def list_incidents(request: HttpRequest, case_id: int) -> Any:
    case = selectors.case_detail(request.user, case_id)
    return [ser.incident(i) for i in case.incidents.all()]


@router.post(
    "/cases/{case_id}/incidents",
    capability=Cap.CASE_EDIT,
    response={201: IncidentOut, **ERRORS},
    summary="Record an incident",
)
def add_incident(request: HttpRequest, case_id: int, payload: IncidentIn) -> Any:
    incident = services.incident_add(
        actor=request.user,
        case=case_id,
        date=payload.date,
        forms=payload.forms,
        perpetrator=payload.perpetrator,
        place=payload.place,
        description=payload.description,
        country=services.country_by_code(payload.country, "country") if payload.country else None,
    )
    return 201, ser.incident(selectors.incident_detail(request.user, incident.pk))


def _incident_loaded(user: Any, incident_id: int) -> Incident:
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        raise NotFound()
    selectors.case_get_for_user(user, incident.case_id)
    return incident


@router.get(
    "/incidents/{incident_id}",
    capability=Cap.CASE_VIEW,
    response={200: IncidentOut, **ERRORS},
    summary="Read an incident",
)
def get_incident(request: HttpRequest, incident_id: int) -> Any:
    return ser.incident(selectors.incident_detail(request.user, incident_id))


@router.patch(
    "/incidents/{incident_id}",
    capability=Cap.CASE_EDIT,
    response={200: IncidentOut, **ERRORS},
    summary="Change an incident",
)
def patch_incident(request: HttpRequest, incident_id: int, payload: IncidentPatch) -> Any:
    incident = _incident_loaded(request.user, incident_id)
    values = payload.dict(exclude_unset=True)
    if "country" in values:
        values["country"] = services.country_by_code(values["country"], "country") if values["country"] else None
    for key in ("place", "description"):
        if key in values and values[key] is None:
            values[key] = ""
    services.incident_update(actor=request.user, incident=incident, **values)
    return ser.incident(selectors.incident_detail(request.user, incident_id))


@router.get(
    "/cases/{case_id}/engagements",
    capability=Cap.CASE_VIEW,
    response={200: list[EngagementOut], **ERRORS},
    summary="UN engagements of a case",
)
def list_engagements(request: HttpRequest, case_id: int) -> Any:
    case = selectors.case_detail(request.user, case_id)
    return [ser.engagement(e) for e in case.engagements.all()]


@router.post(
    "/cases/{case_id}/engagements",
    capability=Cap.CASE_EDIT,
    response={201: EngagementOut, **ERRORS},
    summary="Record the UN engagement that triggered the reprisal",
)
def add_engagement(request: HttpRequest, case_id: int, payload: EngagementIn) -> Any:
    engagement = services.engagement_add(
        actor=request.user,
        case=case_id,
        un_body=services.un_body_by_code(payload.un_body),
        kind=payload.kind,
        date=payload.date,
        description=payload.description,
    )
    return 201, ser.engagement(engagement)


# ---------------------------------------------------------------- allegations


@router.get(
    "/allegations",
    capability=Cap.ALLEGATION_CREATE,
    response={200: list[AllegationOut], **ERRORS},
    summary="Allegations waiting in triage",
)
def list_triage(request: HttpRequest, limit: int = 50) -> Any:
    rows = selectors.allegations_in_triage(request.user).order_by("-id")[: min(max(limit, 1), MAX_LIMIT)]
    return [ser.allegation(a) for a in rows]


@router.post(
    "/allegations",
    capability=Cap.ALLEGATION_CREATE,
    response={201: AllegationOut, **ERRORS},
    summary="Record an allegation",
)
def create_allegation(request: HttpRequest, payload: AllegationIn) -> Any:
    with transaction.atomic():  # a refused attaching leaves no allegation behind
        allegation = _record_allegation(request, payload)
    return 201, ser.allegation(selectors.allegation_detail(request.user, allegation.pk))


def _record_allegation(request: HttpRequest, payload: AllegationIn) -> Allegation:
    entity = services.entity_by_code(payload.source_entity) if payload.source_entity else None
    allegation = services.allegation_record(
        actor=request.user,
        country=services.country_by_code(payload.country),
        received_on=payload.received_on,
        narrative=payload.narrative,
        source_entity=entity,
        source_reference=payload.source_reference,
        source_identity=payload.source_identity,
        source_contact=payload.source_contact,
        channel="api",
    )
    if payload.case_id:
        services.allegation_attach(
            actor=request.user, allegation=allegation, case=selectors.case_get_for_user(request.user, payload.case_id),
            field="case_id",
        )
    return allegation


@router.get(
    "/allegations/{allegation_id}",
    capability=Cap.ALLEGATION_CREATE,
    response={200: AllegationOut, **ERRORS},
    summary="Read an allegation",
)
def get_allegation(request: HttpRequest, allegation_id: int, reveal: bool = False) -> Any:
    allegation = selectors.allegation_detail(request.user, allegation_id)
    return ser.allegation(allegation, reveal_for=request.user if reveal else None)


@router.patch(
    "/allegations/{allegation_id}",
    capability=Cap.ALLEGATION_CREATE,
    response={200: AllegationOut, **ERRORS},
    summary="Change an allegation or attach it to a case",
)
def patch_allegation(request: HttpRequest, allegation_id: int, payload: AllegationPatch) -> Any:
    with transaction.atomic():  # the change and the attaching succeed or fail together
        _change_allegation(request, allegation_id, payload)
    return ser.allegation(selectors.allegation_detail(request.user, allegation_id))


def _change_allegation(request: HttpRequest, allegation_id: int, payload: AllegationPatch) -> None:
    allegation = selectors.allegation_get_for_user(request.user, allegation_id)
    values = payload.dict(exclude_unset=True)
    case_id = values.pop("case_id", None)
    if "country" in values:
        values["country"] = services.country_by_code(values["country"] or "")
    for key, value in values.items():
        if value is None:
            raise ValidationFailed.single(key, "may not be null")
    if values:
        services.allegation_update(actor=request.user, allegation=allegation, **values)
    if case_id:
        services.allegation_attach(
            actor=request.user, allegation=allegation, case=selectors.case_get_for_user(request.user, case_id),
            field="case_id",
        )


@router.get(
    "/vocabularies/{vocabulary}",
    capability=Cap.CASE_VIEW,
    response={200: list[dict], **ERRORS},
    summary="Codes of a vocabulary",
)
def vocabulary_terms(request: HttpRequest, vocabulary: str) -> Any:
    terms = Term.objects.filter(vocabulary=vocabulary, is_active=True)
    if not terms.exists():
        raise HttpError(404, f"no vocabulary named {vocabulary}")
    return [{"code": t.code, "label": localized_name(t), "group": localized_group(t.group) if t.group else ""}
            for t in terms]
