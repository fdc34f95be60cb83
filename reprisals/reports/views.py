"""Staff pages of reports: periods, the draft of a report with what was left out and why, exclusion
decisions, documents in every format, finalising, patterns and statistics. Thin adapters over
``reports.selectors`` and ``reports.services``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.forms import add_domain_errors
from reprisals.cases.selectors import case_get_by_reference_for_user
from reprisals.cases.views import capabilities
from reprisals.core.access import requires
from reprisals.core.errors import Conflict, NotFound, ValidationFailed
from reprisals.reports import compose, selectors, services
from reprisals.reports.documents import FORMATS
from reprisals.reports.forms import ExclusionForm, GenerateForm, PeriodEditForm, PeriodForm, StatisticsForm


def page(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    context = {"can": capabilities(request.user), "section": "reports",
               "can_finalise": has_cap(request.user, Cap.REPORT_FINALISE), **context}
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def download(filename: str, mimetype: str, body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@requires(Cap.REPORT_DRAFT)
def period_list(request: HttpRequest) -> HttpResponse:
    create, generate = PeriodForm(prefix="new"), GenerateForm(prefix="gen")
    status = 200
    if request.method == "POST":
        if "new-start" in request.POST:
            create = PeriodForm(request.POST, prefix="new")
            if create.is_valid():
                try:
                    period = services.period_create(actor=request.user, **create.cleaned_data)
                    messages.success(request, _("Reporting period created."))
                    return redirect("reports:period_detail", period_id=period.pk)
                except ValidationFailed as exc:
                    add_domain_errors(create, exc)
            status = 422
        else:
            generate = GenerateForm(request.POST, prefix="gen")
            if generate.is_valid():
                try:
                    made = services.periods_generate(actor=request.user, **generate.cleaned_data)
                    done = ngettext("%(n)s reporting period created.", "%(n)s reporting periods created.", len(made))
                    messages.success(request, done % {"n": len(made)})
                    return redirect("reports:period_list")
                except ValidationFailed as exc:
                    add_domain_errors(generate, exc)
            status = 422
    return page(request, "reports/period_list.html", {
        "periods": selectors.periods_visible_to(request.user), "create": create, "generate": generate,
    }, status=status)


def _detail(request: HttpRequest, period_id: int, *, edit: PeriodEditForm | None = None,
            exclusion: ExclusionForm | None = None, status: int = 200) -> HttpResponse:
    period = selectors.period_get_for_user(request.user, period_id)
    draft = selectors.draft_for_user(request.user, period)
    edit = edit or PeriodEditForm(initial={"symbol": period.symbol, "title": period.title, "status": period.status,
                                           "summary": period.summary, "conclusions": period.conclusions,
                                           "version": period.version})
    return page(request, "reports/period_detail.html", {
        "period": period, "draft": draft, "doc": draft.doc, "edit": edit, "exclusion": exclusion or ExclusionForm(),
        "formats": FORMATS, "languages": settings.LANGUAGES,
        # The day as the language writes it (as in the report's sentences), then the time.
        "finalised_when": (f"{compose.day(timezone.localtime(period.finalised_at).date())} "
                           f"{timezone.localtime(period.finalised_at):%H:%M}") if period.finalised_at else "",
    }, status=status)


@requires(Cap.REPORT_DRAFT)
def period_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    return _detail(request, period_id)


@requires(Cap.REPORT_DRAFT)
@require_POST
def period_edit(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get_for_user(request.user, period_id)
    form = PeriodEditForm(request.POST)
    if form.is_valid():
        try:
            values = dict(form.cleaned_data)
            version = values.pop("version", None)
            services.period_update(actor=request.user, period=period, expected_version=version, **values)
            messages.success(request, _("Saved."))
            return redirect("reports:period_detail", period_id=period.pk)
        except Conflict as exc:
            messages.error(request, exc.message)
            return _detail(request, period_id, edit=form, status=409)
        except ValidationFailed as exc:
            add_domain_errors(form, exc)
    return _detail(request, period_id, edit=form, status=422)


@requires(Cap.REPORT_DRAFT)
@require_POST
def exclusion_add(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get_for_user(request.user, period_id)
    form = ExclusionForm(request.POST)
    if form.is_valid():
        try:
            case = case_get_by_reference_for_user(request.user, form.cleaned_data["case"].strip().upper())
            services.exclusion_decide(actor=request.user, period=period, case=case,
                                      reason=form.cleaned_data["reason"], note=form.cleaned_data["note"])
            messages.success(request, _("The case is left out of this report."))
            return redirect(reverse("reports:period_detail", kwargs={"period_id": period.pk}) + "#left-out")
        except NotFound:
            form.add_error("case", _("No case with this reference."))
        except (ValidationFailed, Conflict) as exc:
            add_domain_errors(form, exc, summary=isinstance(exc, Conflict))
    return _detail(request, period_id, exclusion=form, status=422)


@requires(Cap.REPORT_DRAFT)
@require_POST
def exclusion_lift(request: HttpRequest, exclusion_id: int) -> HttpResponse:
    exclusion = selectors.exclusion_get_for_user(request.user, exclusion_id)
    period_id = exclusion.period_id
    try:
        services.exclusion_lift(actor=request.user, exclusion=exclusion)
        messages.success(request, _("The decision was lifted: the rules decide again."))
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect(reverse("reports:period_detail", kwargs={"period_id": period_id}) + "#left-out")


@requires(Cap.REPORT_FINALISE)
@require_POST
def period_finalise(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get_for_user(request.user, period_id)
    try:
        services.report_finalise(actor=request.user, period=period)
        messages.success(request, _("The report is final: its content is frozen."))
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    return redirect("reports:period_detail", period_id=period.pk)


@requires(Cap.REPORT_DRAFT)
def period_build(request: HttpRequest, period_id: int, fmt: str) -> HttpResponse:
    period = selectors.period_get_for_user(request.user, period_id)
    if fmt not in FORMATS:
        raise NotFound()
    # "?public=true" as in the API is the public document too, never the officers' draft by mistake.
    public = request.GET.get("public", "").strip().lower() in ("1", "true", "yes", "on")
    language = request.GET.get("language") or None
    return download(*services.report_build(actor=request.user, period=period, fmt=fmt, public=public,
                                           language=language))


@requires(Cap.REPORT_DRAFT)
def patterns_page(request: HttpRequest) -> HttpResponse:
    return page(request, "reports/patterns.html", {"patterns": selectors.patterns_for_user(request.user)})


@requires(Cap.REPORT_DRAFT)
def statistics_page(request: HttpRequest) -> HttpResponse:
    form = StatisticsForm(request.GET or None)
    if request.GET and not form.is_valid():
        return page(request, "reports/statistics.html", {"form": form, "stats": None}, status=400)
    date_from, date_to = form.dates() if request.GET else (None, None)
    return page(request, "reports/statistics.html", {
        "form": form, "stats": selectors.statistics_for_user(request.user, date_from, date_to)})
