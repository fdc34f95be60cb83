"""Web pages of follow-up with States: deadlines, communications, assessments, developments, a State's
record, and the State portal.

Thin adapters: parse a form, call one selector or service, render or redirect. Every view declares its
capability; every State-portal page is audited (``services.portal_visit``). Pages are never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases import services as case_services
from reprisals.cases.selectors import case_get_for_user, cases_by_references_for_user
from reprisals.core.access import requires
from reprisals.core.errors import Conflict, Forbidden, ValidationFailed
from reprisals.core.uploads import bounded, refuse_unless_multipart
from reprisals.followup import importer, rules, selectors, services
from reprisals.followup.choices import AssessmentLevel, AssessmentStatus
from reprisals.followup.forms import (
    AddCasesForm,
    AssessmentForm,
    CommunicationForm,
    DeadlineFilterForm,
    DecisionForm,
    DevelopmentForm,
    ImportForm,
    PortalResponseForm,
    RecordForm,
    ResponseForm,
    add_domain_errors,
    uploads,
)
from reprisals.followup.models import Communication, FollowupAttachment

LIST_SIZE = 100
PORTAL_PAGE_SIZE = 100
READ = selectors.READ_CAP


def _capabilities(user: Any) -> dict[str, bool]:
    try:
        from reprisals.cases.views import capabilities

        can = dict(capabilities(user))
    except ImportError:  # the staff UI is optional for these pages
        can = {}
    can.update(
        followup=has_cap(user, READ),
        communication_record=has_cap(user, Cap.COMMUNICATION_RECORD),
        response_assess=has_cap(user, Cap.RESPONSE_ASSESS),
        assessment_confirm=has_cap(user, Cap.ASSESSMENT_CONFIRM),
        state_portal=has_cap(user, Cap.STATE_PORTAL),
    )
    return can


def page(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    response = render(request, template, {"can": _capabilities(request.user), **context}, status=status)
    add_never_cache_headers(response)
    return response


def attempt(form: Form, action: Callable[[dict[str, Any]], Any], names: dict[str, str] | None = None
            ) -> tuple[int | None, Any]:
    """Validate ``form`` and run ``action``; a refusal goes onto the form (fields renamed by ``names``)."""
    if not form.is_valid():
        return 422, None
    try:
        return None, action(form.cleaned_data)
    except (ValidationFailed, Conflict) as exc:
        if names and exc.fields:
            exc = type(exc)(exc.message, fields={names.get(k, k): v for k, v in exc.fields.items()})
        add_domain_errors(form, exc)
        return (422 if isinstance(exc, ValidationFailed) else 409), None


def _file(attachment: FollowupAttachment, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


# ---------------------------------------------------------------- deadlines


@requires(READ)
def deadlines(request: HttpRequest) -> HttpResponse:
    """Overdue and due-soon communications, with filters by State, UN body and officer."""
    form = DeadlineFilterForm(request.GET or None)
    context: dict[str, Any] = {"section": "followup", "form": form, "overdue": [], "due_soon": [],
                               "window": rules.DUE_SOON_DAYS}
    if request.GET and not form.is_valid():
        return page(request, "followup/deadlines.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    window = data.get("days")
    window = rules.DUE_SOON_DAYS if window is None else window
    un_body = data.get("un_body")
    base = dict(
        country=data["state"].pk if data.get("state") else None,
        un_body=case_services.un_body_by_code(un_body).pk if un_body else None,
        mine=bool(data.get("mine")), window=window,
    )
    overdue_qs = selectors.communication_list(request.user, selectors.CommunicationFilters(overdue=True, **base))
    overdue = selectors.rows(overdue_qs, LIST_SIZE + 1, window=window)
    soon_qs = selectors.communication_list(request.user, selectors.CommunicationFilters(due_soon=True, **base))
    due_soon = selectors.rows(soon_qs, LIST_SIZE + 1, window=window)
    context.update(
        overdue=overdue[:LIST_SIZE], more_overdue=len(overdue) > LIST_SIZE, list_size=LIST_SIZE,
        due_soon=due_soon[:LIST_SIZE], more_due_soon=len(due_soon) > LIST_SIZE, window=window,
    )
    return page(request, "followup/deadlines.html", context)


# ---------------------------------------------------------------- communications


@requires(Cap.COMMUNICATION_RECORD)
def communication_new(request: HttpRequest) -> HttpResponse:
    """Record a communication; from a case page (``?case=<id>``) the State and the case are filled in."""
    user = request.user
    case = None
    case_id = request.GET.get("case")
    if case_id:
        case = case_get_for_user(user, case_id)
    initial = {"sent_on": selectors.today()}
    if case is not None:
        initial.update(country=case.country.iso3, case_references=case.reference)
    form = CommunicationForm(request.POST if request.method == "POST" else None,
                             request.FILES if request.method == "POST" else None, initial=initial)
    context = {"section": "followup", "form": form, "case": case}
    if request.method != "POST":
        return page(request, "followup/communication_form.html", context)

    def record(data: dict[str, Any]) -> Communication:
        return services.communication_record(
            actor=user, country=data["country"], kind=data["kind"],
            un_body=case_services.un_body_by_code(data["un_body"]), symbol=data["symbol"], sent_on=data["sent_on"],
            deadline=data["deadline"], summary=data["summary"], internal_notes=data["internal_notes"],
            cases=cases_by_references_for_user(user, data["case_references"]),
            attachments=uploads(data["attachments"], data["shown_to_state"]),
        )

    status, communication = attempt(form, record, {"cases": "case_references"})
    if status is None:
        messages.success(request, _("The communication was recorded. The State is asked to respond by %(date)s.")
                         % {"date": communication.deadline.isoformat()})
        return redirect("followup:communication_detail", communication_id=communication.pk)
    return page(request, "followup/communication_form.html", context, status=status)


@csrf_exempt
@requires(Cap.COMMUNICATION_RECORD)
def communications_import(request: HttpRequest) -> HttpResponse:
    """Load past communications from CSV (``followup.importer``). The file stays in memory (bounded);
    CSRF is checked by the inner view."""
    bounded(request, importer.MAX_BYTES)
    return _communications_import(request)


@csrf_protect
def _communications_import(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"section": "followup", "columns": importer.COLUMNS, "required": importer.REQUIRED,
                               "report": None}
    if request.method != "POST":
        context["form"] = ImportForm()
        return page(request, "followup/import.html", context)
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    if refuse_unless_multipart(request, form) or not form.is_valid():
        return page(request, "followup/import.html", context, status=422)
    upload = form.cleaned_data["file"]
    data = upload.read() if upload.size <= importer.MAX_BYTES else b"x" * (importer.MAX_BYTES + 1)
    report = importer.import_communications(actor=request.user, data=data, dry_run=form.cleaned_data["dry_run"])
    context["report"] = report
    if report.ok and not report.dry_run:
        messages.success(request, _("Imported %(n)d communications and %(r)d responses.")
                         % {"n": report.communications, "r": report.responses})
    return page(request, "followup/import.html", context, status=200 if report.ok else 422)


@require_GET
@requires(Cap.COMMUNICATION_RECORD)
def communications_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(",".join(importer.COLUMNS) + "\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="communications-template.csv"'
    return response


@requires(Cap.COMMUNICATION_RECORD)
@require_POST
def cases_add(request: HttpRequest, communication_id: int) -> HttpResponse:
    communication = selectors.communication_get_for_user(request.user, communication_id)
    form = AddCasesForm(request.POST)
    status, added = attempt(form, lambda data: services.communication_add_cases(
        actor=request.user, communication=communication,
        cases=cases_by_references_for_user(request.user, data["case_references"])),
        {"cases": "case_references"})
    if status is None:
        messages.success(request, _("Added to this communication: %(cases)s.")
                         % {"cases": ", ".join(case.reference for case in added)})
        return redirect(reverse("followup:communication_detail", args=[communication.pk]) + "#cases-title")
    return _detail_page(request, communication.pk, status=status, cases_form=form)


def _detail_page(request: HttpRequest, communication_id: int, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    communication = selectors.communication_detail(user, communication_id)
    responses = list(communication.responses.all())
    assessments = list(communication.assessments.all())
    pending = next((a for a in assessments if a.status == AssessmentStatus.PROPOSED), None)
    can_decide = (pending is not None and has_cap(user, Cap.ASSESSMENT_CONFIRM)
                  and pending.proposed_by_id != user.pk)
    today = selectors.today()
    context = {
        "section": "followup",
        "communication": communication,
        "cases": list(communication.cases.all()),
        "responses": [(r, rules.is_late(communication.deadline, r.received_on)) for r in responses],
        "assessments": assessments,
        "pending": pending,
        "deadline_state": rules.deadline_state(communication.deadline, communication.answered_on, today),
        "cases_form": forms.get("cases_form") or (
            AddCasesForm() if has_cap(user, Cap.COMMUNICATION_RECORD) else None),
        "response_form": forms.get("response_form") or (
            ResponseForm(initial={"received_on": today}) if has_cap(user, Cap.COMMUNICATION_RECORD) else None),
        "assessment_form": forms.get("assessment_form") or (
            AssessmentForm(responses=responses) if has_cap(user, Cap.RESPONSE_ASSESS) and pending is None else None),
        "decision_form": forms.get("decision_form") or (DecisionForm() if can_decide else None),
        "pending_adequate": pending is not None and pending.level == AssessmentLevel.ADEQUATE,
    }
    return page(request, "followup/communication_detail.html", context, status=status)


@requires(READ)
def communication_detail(request: HttpRequest, communication_id: int) -> HttpResponse:
    return _detail_page(request, communication_id)


@requires(Cap.COMMUNICATION_RECORD)
@require_POST
def response_new(request: HttpRequest, communication_id: int) -> HttpResponse:
    communication = selectors.communication_get_for_user(request.user, communication_id)
    form = ResponseForm(request.POST, request.FILES)
    status, _response = attempt(form, lambda data: services.response_record(
        actor=request.user, communication=communication, received_on=data["received_on"], summary=data["summary"],
        channel=data["channel"], attachments=uploads(data["attachments"], False)))
    if status is None:
        messages.success(request, _("The State's response was recorded."))
        return redirect(reverse("followup:communication_detail", args=[communication.pk]) + "#responses")
    return _detail_page(request, communication.pk, status=status, response_form=form)


@requires(Cap.RESPONSE_ASSESS)
@require_POST
def assessment_new(request: HttpRequest, communication_id: int) -> HttpResponse:
    communication = selectors.communication_get_for_user(request.user, communication_id)
    form = AssessmentForm(request.POST, responses=list(communication.responses.all()))
    status, _assessment = attempt(form, lambda data: services.assessment_propose(
        actor=request.user, communication=communication, level=data["level"], reason=data["reason"],
        response=int(data["response"]) if data["response"] else None, **form.actions()))
    if status is None:
        messages.success(request, _("The assessment was proposed; a reviewer will confirm or return it."))
        return redirect(reverse("followup:communication_detail", args=[communication.pk]) + "#assessments")
    return _detail_page(request, communication.pk, status=status, assessment_form=form)


def _decide(request: HttpRequest, assessment_id: int, confirm: bool) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, assessment_id)
    form = DecisionForm(request.POST)

    def decide(data: dict[str, Any]) -> Any:
        if confirm:
            return services.assessment_confirm(actor=request.user, assessment=assessment, note=data["note"],
                                               close_cases=data["close_cases"])
        return services.assessment_return(actor=request.user, assessment=assessment, note=data["note"]), []

    try:
        status, result = attempt(form, decide)
    except Forbidden as exc:
        form.is_valid()
        form.add_error(None, exc.message)
        status, result = 403, None
    if status is None:
        _decided, closed = result
        if confirm:
            messages.success(request, _("The assessment was confirmed."))
            for case in closed:
                messages.success(request, _("Case %(reference)s was closed as adequately addressed.")
                                 % {"reference": case.reference})
        else:
            messages.success(request, _("The assessment was returned to the officer."))
        return redirect(reverse("followup:communication_detail", args=[assessment.communication_id]) + "#assessments")
    return _detail_page(request, assessment.communication_id, status=status, decision_form=form)


@requires(Cap.ASSESSMENT_CONFIRM)
@require_POST
def assessment_confirm(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _decide(request, assessment_id, confirm=True)


@requires(Cap.ASSESSMENT_CONFIRM)
@require_POST
def assessment_return(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _decide(request, assessment_id, confirm=False)


@requires(READ)
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = selectors.attachment_get_for_user(request.user, attachment_id)
    return _file(attachment, services.attachment_open(actor=request.user, attachment=attachment))


# ---------------------------------------------------------------- developments


@requires(Cap.CASE_EDIT)
def development_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_user(request.user, case_id)
    form = DevelopmentForm(request.POST if request.method == "POST" else None)
    context = {"section": "cases", "form": form, "case": case}
    if request.method != "POST":
        return page(request, "followup/development_form.html", context)
    status, _development = attempt(form, lambda data: services.development_record(
        actor=request.user, case=case, kind=data["kind"], date=data["date"], description=data["description"],
        for_next_report=data["for_next_report"]))
    if status is None:
        messages.success(request, _("The development was recorded."))
        return redirect(reverse("case_detail", args=[case.pk]) + "#followup")
    return page(request, "followup/development_form.html", context, status=status)


# ---------------------------------------------------------------- a State's record


@requires(READ)
def state_record(request: HttpRequest) -> HttpResponse:
    form = RecordForm(request.GET or None)
    context: dict[str, Any] = {"section": "followup", "form": form, "record": None}
    if not request.GET:
        return page(request, "followup/state_record.html", context)
    if not form.is_valid():
        return page(request, "followup/state_record.html", context, status=400)
    data = form.cleaned_data
    context.update(record=selectors.state_record(request.user, data["state"], data["date_from"], data["date_to"]),
                   state=data["state"], date_from=data["date_from"], date_to=data["date_to"])
    return page(request, "followup/state_record.html", context)


# ---------------------------------------------------------------- the State portal


@requires(Cap.STATE_PORTAL)
@require_GET
def portal_list(request: HttpRequest) -> HttpResponse:
    today = selectors.today()
    page_obj = Paginator(selectors.portal_communications(request.user), PORTAL_PAGE_SIZE).get_page(
        request.GET.get("page"))
    items = [(c, rules.deadline_state(c.deadline, c.answered_on, today)) for c in page_obj.object_list]
    services.portal_visit(actor=request.user, page="list")
    return page(request, "followup/portal_list.html", {"section": "portal", "items": items, "page_obj": page_obj})


def _portal_page(request: HttpRequest, communication: Communication, form: PortalResponseForm, status: int = 200
                 ) -> HttpResponse:
    today = selectors.today()
    return page(request, "followup/portal_detail.html", {
        "section": "portal", "communication": communication, "form": form,
        "deadline_state": rules.deadline_state(communication.deadline, communication.answered_on, today),
        # Answered or not, a response sent after the deadline is late: never ask for one "by" a past date.
        "deadline_passed": rules.is_late(communication.deadline, today),
        "attachments": selectors.portal_attachments(communication),
        "responses": selectors.portal_responses(communication),
    }, status=status)


@requires(Cap.STATE_PORTAL)
@require_GET
def portal_detail(request: HttpRequest, communication_id: int) -> HttpResponse:
    communication = selectors.portal_communication_get(request.user, communication_id)
    services.portal_visit(actor=request.user, page="detail", obj=communication)
    return _portal_page(request, communication, PortalResponseForm())


@requires(Cap.STATE_PORTAL)
@require_POST
def portal_respond(request: HttpRequest, communication_id: int) -> HttpResponse:
    communication = selectors.portal_communication_get(request.user, communication_id)
    form = PortalResponseForm(request.POST, request.FILES)
    status, response = attempt(form, lambda data: services.response_record(
        actor=request.user, communication=communication.pk, summary=data["summary"],
        attachments=uploads(data["attachments"], True)))
    if status is None:
        if rules.is_late(communication.deadline, response.received_on):
            messages.warning(request, _("Your response was received after the deadline of %(date)s; it is recorded "
                                        "as a late response.") % {"date": communication.deadline.isoformat()})
        else:
            messages.success(request, _("Your response was received. Thank you."))
        return redirect("followup:portal_detail", communication_id=communication.pk)
    services.portal_visit(actor=request.user, page="respond.refused", obj=communication)
    return _portal_page(request, communication, form, status=status)


@requires(Cap.STATE_PORTAL)
@require_GET
def portal_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = selectors.portal_attachment_get(request.user, attachment_id)
    return _file(attachment, services.attachment_open(actor=request.user, attachment=attachment, portal=True))

