"""API operations of the trackers: read with ``tracker.view``, write with ``tracker.edit``.

Thin adapters over ``trackers.selectors`` and ``trackers.services``. Evidence files travel as base64
in JSON (at most 10 MB decoded), so that nothing is spooled to disk in plaintext; downloads need
``protected.read`` as well and are audited. The public San José data is also published, without a
token, at ``/san-jose-guidelines.json`` (see ``trackers.views``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query

from reprisals.accounts.roles import Cap
from reprisals.core.api_auth import CapRouter
from reprisals.core.errors import NotFound, ValidationFailed
from reprisals.core.pagination import cursor_decode, cursor_encode
from reprisals.trackers import files, imports, rules, selectors, services
from reprisals.trackers.downloads import download_response
from reprisals.trackers.models import GuidelineAdoption, NGOApplication, OnlineEvidence, ReprisalsRapporteur
from reprisals.trackers.schemas import (
    ERRORS,
    ActionIn,
    ActionListOut,
    ActionOut,
    ActionPatch,
    AdoptionIn,
    AdoptionOut,
    AdoptionPatch,
    AdoptionStateOut,
    ApplicationIn,
    ApplicationListOut,
    ApplicationOut,
    ApplicationPatch,
    ApplicationQuery,
    EvidenceIn,
    EvidenceOut,
    ImportIn,
    ImportOut,
    OnlineStatsOut,
    OutcomeIn,
    OutcomeOut,
    RapporteurIn,
    RapporteurOut,
    RapporteurPatch,
    SessionCountsOut,
    StateDeferralsOut,
)

router = CapRouter(tags=["trackers"])


def _no_nulls(values: dict[str, Any], *names: str) -> None:
    for name in names:
        if name in values and values[name] is None:
            raise ValidationFailed.single(name, "may not be null")


# ---------------------------------------------------------------- San José Guidelines


def _adoption(a: GuidelineAdoption) -> dict[str, Any]:
    return {
        "id": a.pk,
        "treaty_body": a.treaty_body.code,
        "status": a.status,
        "decided_on": a.decided_on,
        "date_uncertain": a.date_uncertain,
        "decision_reference": a.decision_reference,
        "notes": a.notes,
    }


@router.get(
    "/trackers/san-jose/adoptions",
    capability=Cap.TRACKER_VIEW,
    response={200: list[AdoptionOut], **ERRORS},
    summary="Decisions of the treaty bodies on the San José Guidelines",
)
def list_adoptions(request: HttpRequest) -> Any:
    return [_adoption(a) for a in selectors.adoptions()]


@router.post(
    "/trackers/san-jose/adoptions",
    capability=Cap.TRACKER_EDIT,
    response={201: AdoptionOut, **ERRORS},
    summary="Record a decision",
)
def create_adoption(request: HttpRequest, payload: AdoptionIn) -> Any:
    adoption = services.adoption_record(actor=request.user, **payload.dict())
    return 201, _adoption(adoption)


@router.patch(
    "/trackers/san-jose/adoptions/{adoption_id}",
    capability=Cap.TRACKER_EDIT,
    response={200: AdoptionOut, **ERRORS},
    summary="Change a decision",
)
def patch_adoption(request: HttpRequest, adoption_id: int, payload: AdoptionPatch) -> Any:
    adoption = GuidelineAdoption.objects.filter(pk=adoption_id).first()
    if adoption is None:
        raise NotFound()
    values = payload.dict(exclude_unset=True)
    _no_nulls(values, *values)
    return _adoption(services.adoption_update(actor=request.user, adoption=adoption, **values))


@router.get(
    "/trackers/san-jose/state",
    capability=Cap.TRACKER_VIEW,
    response={200: AdoptionStateOut, **ERRORS},
    summary="The state of adoption on a date (today when not given)",
)
def adoption_state(request: HttpRequest, on: dt.date | None = None) -> Any:
    data = selectors.sanjose_state(on or timezone.now().date())
    return {
        "on": data.on,
        "adopted_count": data.state.adopted_count,
        "bodies": [
            {
                "treaty_body": b.code,
                "name": b.name,
                "status": b.fact.status if b.fact else None,
                "decided_on": b.fact.decided_on if b.fact else None,
                "date_uncertain": bool(b.fact and b.fact.date_uncertain),
                "decision_reference": b.fact.reference if b.fact else "",
            }
            for b in data.bodies
        ],
    }


def _rapporteur(r: ReprisalsRapporteur) -> dict[str, Any]:
    return {
        "id": r.pk,
        "treaty_body": r.treaty_body.code,
        "name": r.name,
        "role": r.role,
        "started_on": r.started_on,
        "ended_on": r.ended_on,
        "notes": r.notes,
    }


@router.get(
    "/trackers/san-jose/rapporteurs",
    capability=Cap.TRACKER_VIEW,
    response={200: list[RapporteurOut], **ERRORS},
    summary="Reprisals rapporteurs and focal points (those in office on a date when given)",
)
def list_rapporteurs(request: HttpRequest, on: dt.date | None = None) -> Any:
    return [_rapporteur(r) for r in selectors.rapporteurs(on)]


@router.post(
    "/trackers/san-jose/rapporteurs",
    capability=Cap.TRACKER_EDIT,
    response={201: RapporteurOut, **ERRORS},
    summary="Record a rapporteur or focal point",
)
def create_rapporteur(request: HttpRequest, payload: RapporteurIn) -> Any:
    return 201, _rapporteur(services.rapporteur_add(actor=request.user, **payload.dict()))


@router.patch(
    "/trackers/san-jose/rapporteurs/{rapporteur_id}",
    capability=Cap.TRACKER_EDIT,
    response={200: RapporteurOut, **ERRORS},
    summary="Change a rapporteur's record (e.g. the end of the term)",
)
def patch_rapporteur(request: HttpRequest, rapporteur_id: int, payload: RapporteurPatch) -> Any:
    rapporteur = ReprisalsRapporteur.objects.filter(pk=rapporteur_id).first()
    if rapporteur is None:
        raise NotFound()
    values = payload.dict(exclude_unset=True)
    _no_nulls(values, "name", "role", "started_on", "notes")
    return _rapporteur(services.rapporteur_update(actor=request.user, rapporteur=rapporteur, **values))


def _action(a: Any) -> dict[str, Any]:
    return {
        "id": a.pk,
        "treaty_body": a.treaty_body.code,
        "kind": a.kind,
        "taken_on": a.taken_on,
        "reference": a.shown_reference,
        "country": a.country.iso3 if a.country else None,
        "description": a.shown_description,
        "cases": [{"id": c.pk, "reference": c.reference} for c in a.visible_cases],
    }


@router.get(
    "/trackers/san-jose/actions",
    capability=Cap.TRACKER_VIEW,
    response={200: ActionListOut, **ERRORS},
    summary="Treaty body actions on reprisals, newest first",
)
def list_actions(
    request: HttpRequest, treaty_body: str | None = None, limit: int = 50, cursor: str | None = None
) -> Any:
    qs = selectors.actions_for_user(request.user).order_by("-id")
    if treaty_body:
        qs = qs.filter(treaty_body=services.treaty_body_by_code(treaty_body))
    after = cursor_decode(cursor)
    if after is not None:
        qs = qs.filter(pk__lt=after)
    limit = min(max(limit, 1), 200)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = selectors.shown_actions(request.user, rows[:limit])
    return {"items": [_action(a) for a in rows], "next_cursor": cursor_encode(rows[-1].pk) if more else None}


@router.post(
    "/trackers/san-jose/actions",
    capability=Cap.TRACKER_EDIT,
    response={201: ActionOut, **ERRORS},
    summary="Record a letter, a case raised or a statement",
)
def create_action(request: HttpRequest, payload: ActionIn) -> Any:
    action = services.action_record(actor=request.user, **payload.dict())
    return 201, _action(selectors.action_get_for_user(request.user, action.pk))


@router.patch(
    "/trackers/san-jose/actions/{action_id}",
    capability=Cap.TRACKER_EDIT,
    response={200: ActionOut, **ERRORS},
    summary="Change an action",
)
def patch_action(request: HttpRequest, action_id: int, payload: ActionPatch) -> Any:
    action = selectors.action_get_for_user(request.user, action_id)
    values = payload.dict(exclude_unset=True)
    _no_nulls(values, "kind", "taken_on", "reference", "description", "case_ids")
    services.action_update(actor=request.user, action=action, **values)
    return _action(selectors.action_get_for_user(request.user, action_id))


# ---------------------------------------------------------------- ECOSOC Committee on NGOs


def _outcome(o: Any) -> dict[str, Any]:
    return {
        "id": o.pk,
        "session": o.session,
        "session_date": o.session_date,
        "outcome": o.outcome,
        "questioning_states": [c.iso3 for c in o.questioning_states.all()],
        "notes": o.shown_notes,
    }


def _application(app: NGOApplication, user: Any, *, full: bool = False) -> dict[str, Any]:
    visible = getattr(app, "visible_case", None)
    history = app.history  # type: ignore[attr-defined]
    return {
        "id": app.pk,
        "ngo_name": app.ngo_name,
        "country": app.country.iso3,
        "applied_on": app.applied_on,
        "areas_of_work": app.areas_of_work,
        "notes": app.shown_notes,
        "case_id": visible.pk if visible else None,
        "deferrals": rules.deferral_count(history),
        "deferral_streak": app.streak,  # type: ignore[attr-defined]
        "pending": app.pending,
        "latest_outcome": rules.current_outcome(history),  # type: ignore[attr-defined]
        "waiting_days": app.waiting_days,  # type: ignore[attr-defined]
        "outcomes": [_outcome(o) for o in app.outcomes.all()] if full else None,
    }


@router.get(
    "/trackers/ngo/applications",
    capability=Cap.TRACKER_VIEW,
    response={200: ApplicationListOut, **ERRORS},
    summary="NGO applications for consultative status, newest first",
)
def list_applications(request: HttpRequest, q: Query[ApplicationQuery]) -> Any:
    filters = selectors.NGOFilters(
        min_deferrals=q.min_deferrals,
        pending_only=q.pending,
        # An unknown code is refused naming the field, as in the other lists, rather than matching nothing.
        country=services.country_by_code(q.country).iso3 if q.country else "",
        session=q.session or "",
        text=q.q or "",
        order="recent",
    )
    qs = selectors.ngo_applications(request.user, filters).order_by("-id")
    after = cursor_decode(q.cursor)
    if after is not None:
        qs = qs.filter(pk__lt=after)
    rows = list(qs[: q.limit + 1])
    more = len(rows) > q.limit
    rows = selectors.shown_applications(request.user, rows[: q.limit])
    return {
        "items": [_application(a, request.user) for a in rows],
        "next_cursor": cursor_encode(rows[-1].pk) if more else None,
    }


@router.post(
    "/trackers/ngo/applications",
    capability=Cap.TRACKER_EDIT,
    response={201: ApplicationOut, **ERRORS},
    summary="Record an NGO's application",
)
def create_application(request: HttpRequest, payload: ApplicationIn) -> Any:
    app = services.ngo_application_create(actor=request.user, **payload.dict())
    return 201, _application(selectors.ngo_application_get(request.user, app.pk), request.user, full=True)


@router.get(
    "/trackers/ngo/applications/{application_id}",
    capability=Cap.TRACKER_VIEW,
    response={200: ApplicationOut, **ERRORS},
    summary="An application with every session outcome",
)
def get_application(request: HttpRequest, application_id: int) -> Any:
    return _application(selectors.ngo_application_get(request.user, application_id), request.user, full=True)


@router.patch(
    "/trackers/ngo/applications/{application_id}",
    capability=Cap.TRACKER_EDIT,
    response={200: ApplicationOut, **ERRORS},
    summary="Change an application or link it to a case",
)
def patch_application(request: HttpRequest, application_id: int, payload: ApplicationPatch) -> Any:
    app = selectors.ngo_application_get(request.user, application_id)
    values = payload.dict(exclude_unset=True)
    _no_nulls(values, "ngo_name", "areas_of_work", "notes")
    if "case_id" in values:
        services.ngo_application_link_case(actor=request.user, application=app, case_id=values.pop("case_id") or None)
    if values:
        services.ngo_application_update(actor=request.user, application=app, **values)
    return _application(selectors.ngo_application_get(request.user, application_id), request.user, full=True)


@router.post(
    "/trackers/ngo/applications/{application_id}/outcomes",
    capability=Cap.TRACKER_EDIT,
    response={201: OutcomeOut, **ERRORS},
    summary="Record the outcome at a session",
)
def create_outcome(request: HttpRequest, application_id: int, payload: OutcomeIn) -> Any:
    app = selectors.ngo_application_get(request.user, application_id)
    row = services.ngo_outcome_record(actor=request.user, application=app, **payload.dict())
    shown = selectors.ngo_application_get(request.user, application_id).outcomes.all()
    return 201, _outcome(next(o for o in shown if o.pk == row.pk))


@router.get(
    "/trackers/ngo/longest-waiting",
    capability=Cap.TRACKER_VIEW,
    response={200: list[ApplicationOut], **ERRORS},
    summary="Pending applications, longest waiting first",
)
def longest_waiting(request: HttpRequest, limit: int = 20) -> Any:
    rows = selectors.ngo_longest_waiting(request.user, min(max(limit, 1), 200))
    return [_application(a, request.user) for a in rows]


@router.get(
    "/trackers/ngo/deferrals-by-state",
    capability=Cap.TRACKER_VIEW,
    response={200: list[StateDeferralsOut], **ERRORS},
    summary="Deferrals at which each member State asked questions",
)
def deferrals_by_state(request: HttpRequest) -> Any:
    return [
        {
            "country": r["country__iso3"],
            "name": r["country__name"],
            "questions": r["questions"],
            "deferrals": r["deferrals"],
            "applications": r["applications"],
            "sessions": r["sessions"],
        }
        for r in selectors.ngo_deferrals_by_state(request.user)
    ]


@router.get(
    "/trackers/ngo/sessions",
    capability=Cap.TRACKER_VIEW,
    response={200: list[SessionCountsOut], **ERRORS},
    summary="Outcomes per session, newest first",
)
def per_session(request: HttpRequest) -> Any:
    return selectors.ngo_by_session(request.user)


@router.post(
    "/trackers/ngo/import",
    capability=Cap.TRACKER_EDIT,
    response={200: ImportOut, 422: ImportOut, **{k: v for k, v in ERRORS.items() if k != 422}},
    summary="Import session results from CSV (nothing is saved when any row is wrong)",
)
def import_sessions(request: HttpRequest, payload: ImportIn) -> Any:
    report = imports.ngo_import(actor=request.user, data=payload.csv.encode("utf-8"), dry_run=payload.dry_run)
    body = {
        "rows": report.rows,
        "applications_created": report.applications_created,
        "outcomes_created": report.outcomes_created,
        "unchanged": report.unchanged,
        "dry_run": report.dry_run,
        "errors": [{"line": e.line, "field": e.field, "message": e.message} for e in report.errors],
    }
    return (200 if report.ok else 422), body


# ---------------------------------------------------------------- online evidence


def _evidence(e: OnlineEvidence) -> dict[str, Any]:
    return {
        "id": e.pk,
        "incident_id": e.incident_id,
        "case_id": e.incident.case_id,
        "platform": e.platform,
        "url": e.shown_url,
        "account_handle": e.shown_account_handle,
        "seen_at": e.seen_at,
        "text": e.shown_text,
        "file_name": e.shown_file_name,
        "file_kind": e.file_kind,
        "file_size": e.file_size,
        "file_sha256": e.file_sha256,
        "captured_at": e.captured_at,
    }


def _decode_file(name: str, content: str) -> bytes:
    # Refuse an obviously over-size file before decoding it.
    if len(content) > (files.MAX_BYTES * 4) // 3 + 8:
        raise ValidationFailed.single(
            "file", _("the file is larger than %(limit)s") % {"limit": files.human_size(files.MAX_BYTES)}
        )
    try:
        return base64.b64decode(content.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeError):
        raise ValidationFailed.single("file.content_base64", "not valid base64") from None


@router.get(
    "/trackers/incidents/{incident_id}/evidence",
    capability=Cap.TRACKER_VIEW,
    response={200: list[EvidenceOut], **ERRORS},
    summary="Online evidence attached to an incident",
)
def list_evidence(request: HttpRequest, incident_id: int) -> Any:
    return [_evidence(e) for e in selectors.evidence_for_incident(request.user, incident_id)]


@router.post(
    "/trackers/incidents/{incident_id}/evidence",
    capability=Cap.TRACKER_EDIT,
    response={201: EvidenceOut, **ERRORS},
    summary="Attach online evidence (and optionally a file) to an incident",
)
def add_evidence(request: HttpRequest, incident_id: int, payload: EvidenceIn) -> Any:
    incident = selectors.incident_get_for_user(request.user, incident_id)
    data = _decode_file(payload.file.name, payload.file.content_base64) if payload.file else None
    evidence = services.evidence_add(
        actor=request.user,
        incident=incident,
        platform=payload.platform,
        seen_at=payload.seen_at,
        url=payload.url,
        account_handle=payload.account_handle,
        text=payload.text,
        file_name=payload.file.name if payload.file else "",
        file_data=data,
    )
    return 201, _evidence(selectors.evidence_get_for_user(request.user, evidence.pk))


@router.get(
    "/trackers/evidence/{evidence_id}",
    capability=Cap.TRACKER_VIEW,
    response={200: EvidenceOut, **ERRORS},
    summary="Read online evidence",
)
def get_evidence(request: HttpRequest, evidence_id: int) -> Any:
    return _evidence(selectors.evidence_get_for_user(request.user, evidence_id))


@router.get(
    "/trackers/evidence/{evidence_id}/file",
    capability=Cap.TRACKER_VIEW,
    response={200: None, **ERRORS},
    summary="Download the evidence file (audited; needs protected.read)",
)
def download_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence, data = services.evidence_download(actor=request.user, evidence_id=evidence_id)
    return download_response(evidence, data)


@router.get(
    "/trackers/online/statistics",
    capability=Cap.TRACKER_VIEW,
    response={200: OnlineStatsOut, **ERRORS},
    summary="Incidents with online forms of reprisal or online evidence, by year, form and platform",
)
def online_statistics(request: HttpRequest) -> Any:
    stats = selectors.online_statistics(request.user)
    platforms = [code for code, _label in stats.platforms]
    return {
        "years": [
            {
                "year": r["year"],
                "incidents": r["incidents"],
                "online": r["online"],
                "with_forms": r["with_forms"],
                "with_evidence": r["with_evidence"],
                "forms": dict(zip(stats.forms, r["forms"], strict=True)),
                "platforms": dict(zip(platforms, r["platforms"], strict=True)),
            }
            for r in stats.years
        ],
        "totals": stats.totals,
        "by_form": stats.by_form_total,
        "by_platform": stats.by_platform_total,
    }
