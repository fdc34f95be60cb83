"""Web pages of the ECOSOC Committee on NGOs tracker: applications (deferred, longest-waiting), one
application's history, deferrals by questioning State, outcomes per session, and the CSV import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.selectors import case_get_by_reference_for_user
from reprisals.core.access import requires
from reprisals.core.errors import Conflict, NotFound, ValidationFailed
from reprisals.core.uploads import bounded, refuse_unless_multipart
from reprisals.trackers import imports, ngo_csv, selectors, services
from reprisals.trackers.forms import (
    ApplicationForm,
    ImportForm,
    LinkCaseForm,
    NGOFilterForm,
    OutcomeForm,
    codes,
)
from reprisals.trackers.models import Outcome
from reprisals.trackers.views import attempt, page

PAGE_SIZE = 50
TEMPLATE_CSV = (
    ",".join(ngo_csv.COLUMNS) + "\r\n"
    "Centre for Water Rights,PAK,2019-05-30,water|land rights,2021 regular session,2021-01-25,deferred,CHN|CUB,\r\n"
    "Centre for Water Rights,PAK,2019-05-30,water|land rights,2021 resumed session,2021-05-17,recommended,,\r\n"
)

VIEWS = {
    "all": (gettext_lazy("NGO applications"), 0),
    "deferred": (gettext_lazy("Applications deferred at 3 or more sessions"), 3),
}


def _case_id(user: Any, reference: str, field: str = "case") -> int | None:
    reference = (reference or "").strip()
    if not reference:
        return None
    try:
        return case_get_by_reference_for_user(user, reference).pk
    except NotFound:
        raise ValidationFailed.single(field, _("no case %(ref)s in the register that you can see")
                                      % {"ref": reference}) from None


def _list(request: HttpRequest, view: str) -> HttpResponse:
    title, min_default = VIEWS[view]
    data = request.GET.copy()
    if "min_deferrals" not in data and min_default:
        data["min_deferrals"] = str(min_default)
    form = NGOFilterForm(data, auto_id="f_%s")
    context: dict[str, Any] = {"title": title, "view": view, "form": form, "rows": [], "page_obj": None}
    if not form.is_valid():
        return page(request, "trackers/ngo_list.html", context, status=400)
    f = form.cleaned_data
    filters = selectors.NGOFilters(min_deferrals=f["min_deferrals"] or 0, pending_only=f["pending"],
                                   country=f["country"], session=f["session"], text=f["q"])
    paginator = Paginator(selectors.ngo_applications(request.user, filters), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context.update(rows=selectors.shown_applications(request.user, page_obj.object_list), page_obj=page_obj,
                   query=_query_without_page(request))
    return page(request, "trackers/ngo_list.html", context)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@requires(Cap.TRACKER_VIEW)
def ngo_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "all")


@requires(Cap.TRACKER_VIEW)
def ngo_deferred(request: HttpRequest) -> HttpResponse:
    return _list(request, "deferred")


@requires(Cap.TRACKER_VIEW)
def ngo_waiting(request: HttpRequest) -> HttpResponse:
    rows = selectors.ngo_longest_waiting(request.user, 50)
    return page(request, "trackers/ngo_waiting.html", {"rows": rows})


@requires(Cap.TRACKER_VIEW)
def ngo_by_state(request: HttpRequest) -> HttpResponse:
    return page(request, "trackers/ngo_by_state.html", {"rows": selectors.ngo_deferrals_by_state(request.user)})


@requires(Cap.TRACKER_VIEW)
def ngo_by_session(request: HttpRequest) -> HttpResponse:
    return page(request, "trackers/ngo_by_session.html", {"rows": selectors.ngo_by_session(request.user)})


def _detail(request: HttpRequest, application_id: int, *, outcome_form: OutcomeForm | None = None,
            link_form: LinkCaseForm | None = None, status: int = 200) -> HttpResponse:
    app = selectors.ngo_application_get(request.user, application_id)
    can_edit = has_cap(request.user, Cap.TRACKER_EDIT)
    visible = app.visible_case  # type: ignore[attr-defined]
    context = {
        "app": app,
        "outcome_form": outcome_form or (OutcomeForm(auto_id="outcome_%s") if can_edit and app.pending else None),
        "link_form": link_form or (LinkCaseForm(auto_id="link_%s", initial={"case": visible.reference if visible
                                                                            else ""}) if can_edit else None),
        "outcomes": Outcome,
    }
    return page(request, "trackers/ngo_detail.html", context, status=status)


@requires(Cap.TRACKER_VIEW)
def ngo_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    return _detail(request, application_id)


@requires(Cap.TRACKER_EDIT)
@require_POST
def ngo_outcome_add(request: HttpRequest, application_id: int) -> HttpResponse:
    app = selectors.ngo_application_get(request.user, application_id)
    form = OutcomeForm(request.POST, auto_id="outcome_%s")
    status, _result = attempt(form, lambda d: services.ngo_outcome_record(
        actor=request.user, application=app, session=d["session"], session_date=d["session_date"],
        outcome=d["outcome"], questioning_states=codes(d["questioning_states"]), notes=d["notes"]))
    if status is None:
        messages.success(request, _("The session outcome was recorded."))
        return redirect(reverse("trackers:ngo_detail", kwargs={"application_id": app.pk}) + "#history")
    return _detail(request, application_id, outcome_form=form, status=status)


@requires(Cap.TRACKER_EDIT)
@require_POST
def ngo_link_case(request: HttpRequest, application_id: int) -> HttpResponse:
    app = selectors.ngo_application_get(request.user, application_id)
    form = LinkCaseForm(request.POST, auto_id="link_%s")
    status, _result = attempt(form, lambda d: services.ngo_application_link_case(
        actor=request.user, application=app, case_id=_case_id(request.user, d["case"])))
    if status is None:
        messages.success(request, _("The link to the case register was saved."))
        return redirect(reverse("trackers:ngo_detail", kwargs={"application_id": app.pk}))
    return _detail(request, application_id, link_form=form, status=status)


@requires(Cap.TRACKER_EDIT)
def ngo_add(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST if request.method == "POST" else None, auto_id="app_%s")
    if request.method != "POST":
        return page(request, "trackers/ngo_form.html", {"form": form})

    def create(d: dict[str, Any]) -> Any:
        return services.ngo_application_create(
            actor=request.user, ngo_name=d["ngo_name"], country=d["country"], applied_on=d["applied_on"],
            areas_of_work=d["areas_of_work"].split(","), notes=d["notes"], case_id=_case_id(request.user, d["case"]))

    status, app = attempt(form, create)
    if status is None:
        messages.success(request, _("The application was recorded."))
        return redirect(reverse("trackers:ngo_detail", kwargs={"application_id": app.pk}))
    return page(request, "trackers/ngo_form.html", {"form": form}, status=status)


@requires(Cap.TRACKER_VIEW)
def ngo_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(TEMPLATE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ngo-sessions-template.csv"'
    return response


@csrf_exempt
@requires(Cap.TRACKER_EDIT)
def ngo_import(request: HttpRequest) -> HttpResponse:
    # The CSV stays in memory (bounded); CSRF is checked by the inner view.
    bounded(request, ngo_csv.MAX_BYTES)
    return _ngo_import(request)


@csrf_protect
def _ngo_import(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"columns": ngo_csv.COLUMNS, "required": ngo_csv.REQUIRED, "report": None}
    if request.method != "POST":
        context["form"] = ImportForm(auto_id="import_%s")
        return page(request, "trackers/ngo_import.html", context)
    form = ImportForm(request.POST, request.FILES, auto_id="import_%s")
    context["form"] = form
    if refuse_unless_multipart(request, form) or not form.is_valid():
        return page(request, "trackers/ngo_import.html", context, status=422)
    upload = form.cleaned_data["file"]
    data = upload.read() if upload.size <= ngo_csv.MAX_BYTES else b"x" * (ngo_csv.MAX_BYTES + 1)
    try:
        report = imports.ngo_import(actor=request.user, data=data, dry_run=form.cleaned_data["dry_run"])
    except Conflict as exc:
        form.add_error(None, exc.message)
        return page(request, "trackers/ngo_import.html", context, status=409)
    context["report"] = report
    if report.ok and not report.dry_run:
        messages.success(request, _("Imported %(n)d session outcomes (%(a)d new applications).")
                         % {"n": report.outcomes_created, "a": report.applications_created})
    return page(request, "trackers/ngo_import.html", context, status=200 if report.ok else 422)
