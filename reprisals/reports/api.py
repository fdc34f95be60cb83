"""The reports API: periods, drafts, exclusions, finalising, documents, and where a case appeared.
Token auth; ``Cap.REPORT_DRAFT`` (and ``Cap.REPORT_FINALISE`` to finalise)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from reprisals.accounts.roles import Cap
from reprisals.cases.api import ERRORS
from reprisals.cases.selectors import case_get_by_reference_for_user
from reprisals.core.api_auth import CapRouter
from reprisals.core.errors import NotFound, ValidationFailed
from reprisals.core.text import refuse_control_text
from reprisals.reports import selectors, services
from reprisals.reports.documents import FORMATS
from reprisals.reports.models import ReportExclusion, ReportingPeriod
from reprisals.reports.schemas import (
    AppearanceOut,
    DraftOut,
    ExclusionIn,
    ExclusionOut,
    GenerateIn,
    PeriodIn,
    PeriodOut,
    PeriodPatch,
)

router = CapRouter(tags=["reports"])


def _period_out(p: ReportingPeriod) -> dict:
    return {"id": p.pk, "start": p.start, "end": p.end, "symbol": p.symbol, "title": p.title, "status": p.status,
            "summary": p.summary, "conclusions": p.conclusions, "finalised_at": p.finalised_at, "version": p.version}


def _exclusion_out(e: ReportExclusion) -> dict:
    return {"id": e.pk, "case_reference": e.case.reference, "reason": e.reason, "note": e.note,
            "decided_by": e.decided_by.get_username(), "decided_at": e.decided_at}


@router.get("/reports/periods", capability=Cap.REPORT_DRAFT, response={200: list[PeriodOut], **ERRORS})
def period_list(request: HttpRequest) -> list[dict]:
    return [_period_out(p) for p in selectors.periods_visible_to(request.user)]


@router.post("/reports/periods", capability=Cap.REPORT_DRAFT, response={201: PeriodOut, **ERRORS})
def period_create(request: HttpRequest, payload: PeriodIn) -> tuple[int, dict]:
    period = services.period_create(actor=request.user, **payload.dict())
    return 201, _period_out(period)


@router.post("/reports/periods/generate", capability=Cap.REPORT_DRAFT, response={201: list[PeriodOut], **ERRORS})
def periods_generate(request: HttpRequest, payload: GenerateIn) -> tuple[int, list[dict]]:
    made = services.periods_generate(actor=request.user, date_from=payload.date_from, date_to=payload.date_to)
    return 201, [_period_out(p) for p in made]


@router.get("/reports/periods/{period_id}", capability=Cap.REPORT_DRAFT, response={200: PeriodOut, **ERRORS})
def period_get(request: HttpRequest, period_id: int) -> dict:
    return _period_out(selectors.period_get_for_user(request.user, period_id))


@router.patch("/reports/periods/{period_id}", capability=Cap.REPORT_DRAFT, response={200: PeriodOut, **ERRORS})
def period_patch(request: HttpRequest, period_id: int, payload: PeriodPatch) -> dict:
    period = selectors.period_get_for_user(request.user, period_id)
    values = {k: v for k, v in payload.dict().items() if v is not None}
    version = values.pop("version", None)
    return _period_out(services.period_update(actor=request.user, period=period, expected_version=version, **values))


@router.get("/reports/periods/{period_id}/draft", capability=Cap.REPORT_DRAFT, response={200: DraftOut, **ERRORS})
def period_draft(request: HttpRequest, period_id: int) -> dict:
    period = selectors.period_get_for_user(request.user, period_id)
    draft = selectors.draft_for_user(request.user, period)
    paragraphs = [{"annex": annex.number, "paragraph": p.n, "state": state.name, "case_reference": p.reference,
                   "text": p.text} for annex in draft.doc.annexes for state in annex.states for p in state.paragraphs]
    left_out = [{"case_reference": r["reference"] if r["visible"] else None, "state": r["state"], "annex": r["annex"],
                 "reason": r["reason"], "reason_label": r["reason_label"]} for r in draft.left_out]
    return {"period": _period_out(period), "paragraphs": paragraphs, "left_out": left_out}


@router.post("/reports/periods/{period_id}/exclusions", capability=Cap.REPORT_DRAFT,
             response={201: ExclusionOut, **ERRORS})
def exclusion_add(request: HttpRequest, period_id: int, payload: ExclusionIn) -> tuple[int, dict]:
    period = selectors.period_get_for_user(request.user, period_id)
    refuse_control_text("case_reference", payload.case_reference)  # no database can look up broken Unicode
    try:
        case = case_get_by_reference_for_user(request.user, payload.case_reference.strip().upper())
    except NotFound:
        raise ValidationFailed.single("case_reference", "no case with this reference") from None
    exclusion = services.exclusion_decide(actor=request.user, period=period, case=case, reason=payload.reason,
                                          note=payload.note)
    return 201, _exclusion_out(exclusion)


@router.post("/reports/exclusions/{exclusion_id}/lift", capability=Cap.REPORT_DRAFT, response={204: None, **ERRORS})
def exclusion_lift(request: HttpRequest, exclusion_id: int) -> tuple[int, None]:
    services.exclusion_lift(actor=request.user, exclusion=selectors.exclusion_get_for_user(request.user, exclusion_id))
    return 204, None


@router.post("/reports/periods/{period_id}/finalise", capability=Cap.REPORT_FINALISE,
             response={200: PeriodOut, **ERRORS})
def period_finalise(request: HttpRequest, period_id: int) -> dict:
    period = selectors.period_get_for_user(request.user, period_id)
    return _period_out(services.report_finalise(actor=request.user, period=period))


@router.get("/reports/periods/{period_id}/document", capability=Cap.REPORT_DRAFT, response={200: None, **ERRORS})
def period_document(request: HttpRequest, period_id: int, format: str = "pdf", public: bool = False,
                    language: str | None = None) -> HttpResponse:
    """The document; ``language`` is one of ar, zh-hans, en, fr, ru, es (default: the request's language)."""
    period = selectors.period_get_for_user(request.user, period_id)
    if format not in FORMATS:
        raise ValidationFailed.single("format", "one of " + ", ".join(FORMATS))
    filename, mimetype, body = services.report_build(actor=request.user, period=period, fmt=format, public=public,
                                                     language=language or None)
    response = HttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/cases/{case_id}/report-appearances", capability=Cap.REPORT_DRAFT,
            response={200: list[AppearanceOut], **ERRORS})
def case_appearances(request: HttpRequest, case_id: int) -> list[dict]:
    return [{"period": e.period_id, "symbol": e.period.symbol, "annex": e.annex, "paragraph": e.paragraph}
            for e in selectors.case_appearances(request.user, case_id)]
