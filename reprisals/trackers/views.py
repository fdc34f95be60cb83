"""Web pages of the trackers: the overview, the San José Guidelines (staff and public), online evidence
and its statistics. The NGO Committee pages are in ``trackers.ngo_views``.

Thin adapters: parse a form, call one selector or service, render. Every view declares what it needs
with ``@requires`` or ``@public``. Pages are never cached; the public JSON is (5 minutes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.selectors import case_detail, cases_by_references_for_user
from reprisals.core.access import public, requires
from reprisals.core.errors import ValidationFailed
from reprisals.core.uploads import bounded, refuse_unless_multipart
from reprisals.trackers import files, rules, selectors, services
from reprisals.trackers.downloads import download_response
from reprisals.trackers.forms import (
    ActionForm,
    AdoptionForm,
    EvidenceForm,
    RapporteurForm,
    SanJoseDateForm,
    add_domain_errors,
)
from reprisals.trackers.models import ActionKind, AdoptionStatus, Platform

GUIDELINES_FROM = rules.GUIDELINES_ENDORSED


def capabilities(user: Any) -> dict[str, bool]:
    """What the shared navigation and these pages may offer."""
    try:
        from reprisals.cases.views import capabilities as case_capabilities

        can = dict(case_capabilities(user))
    except ImportError:  # pragma: no cover - the case views are always installed
        can = {}
    can.update(trackers=has_cap(user, Cap.TRACKER_VIEW), tracker_edit=has_cap(user, Cap.TRACKER_EDIT),
               protected_read=has_cap(user, Cap.PROTECTED_READ))
    return can


def page(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    response = render(request, template, {"can": capabilities(request.user), "section": "trackers", **context},
                      status=status)
    add_never_cache_headers(response)
    return response


def attempt(form: Form, action: Callable[[dict[str, Any]], Any]) -> tuple[int | None, Any]:
    """Validate ``form`` and run ``action``; on refusal show the reason on the form (422)."""
    if not form.is_valid():
        return 422, None
    try:
        return None, action(form.cleaned_data)
    except ValidationFailed as exc:
        add_domain_errors(form, exc)
        return 422, None


# ---------------------------------------------------------------- overview


@requires(Cap.TRACKER_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    state = selectors.sanjose_state(today)
    stats = selectors.online_statistics(request.user)
    return page(request, "trackers/index.html", {
        "sanjose": state, "ngo": selectors.ngo_summary(request.user), "online": stats.totals,
    })


# ---------------------------------------------------------------- San José Guidelines


def _parse_on(request: HttpRequest) -> tuple[SanJoseDateForm, dt.date | None]:
    form = SanJoseDateForm(request.GET or None)
    today = timezone.now().date()
    if not request.GET.get("on"):
        return SanJoseDateForm(initial={"on": today}), today
    if not form.is_valid():
        return form, None
    return form, form.cleaned_data["on"] or today


@public
def sanjose_public(request: HttpRequest) -> HttpResponse:
    """The state of adoption of the San José Guidelines by the ten treaty bodies on any date, and the
    history. Open to everyone; ``?on=YYYY-MM-DD`` picks the date (today by default)."""
    form, on = _parse_on(request)
    context: dict[str, Any] = {"form": form, "on": on, "guidelines_from": GUIDELINES_FROM,
                               "statuses": AdoptionStatus}
    if on is None:
        return page(request, "trackers/sanjose_public.html", context, status=400)
    context["data"] = selectors.sanjose_state(on)
    context["before_guidelines"] = on < GUIDELINES_FROM
    # Not cached: the shared layout carries a CSRF token and, for staff, who is signed in.
    return page(request, "trackers/sanjose_public.html", context)


@public
def sanjose_public_json(request: HttpRequest) -> HttpResponse:
    """The same data as open JSON (no token needed): ``/san-jose-guidelines.json?on=YYYY-MM-DD``."""
    form, on = _parse_on(request)
    if on is None:
        message = "; ".join(str(e) for e in form.errors.get("on", [])) or _("Give the date as YYYY-MM-DD.")
        return JsonResponse({"error": {"code": "validation_failed", "message": message,
                                       "fields": {"on": [message]}}}, status=400)
    response = JsonResponse(selectors.sanjose_public_json(on), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return response


def _sanjose_staff(request: HttpRequest, *, forms: dict[str, Form] | None = None, status: int = 200) -> HttpResponse:
    can_edit = has_cap(request.user, Cap.TRACKER_EDIT)
    forms = forms or {}
    today = timezone.now().date()
    context = {
        "data": selectors.sanjose_state(today),
        "adoptions": selectors.adoptions(),
        "rapporteurs": selectors.rapporteurs(),
        "actions": selectors.shown_actions(request.user, selectors.actions_for_user(request.user)[:100]),
        "adoption_form": forms.get("adoption") or (AdoptionForm(auto_id="adoption_%s") if can_edit else None),
        "rapporteur_form": forms.get("rapporteur") or (RapporteurForm(auto_id="rapporteur_%s") if can_edit else None),
        "action_form": forms.get("action") or (ActionForm(auto_id="action_%s") if can_edit else None),
        "open_form": next(iter(forms), ""),
        "action_kinds": ActionKind,
    }
    return page(request, "trackers/sanjose_staff.html", context, status=status)


@requires(Cap.TRACKER_VIEW)
def sanjose_staff(request: HttpRequest) -> HttpResponse:
    return _sanjose_staff(request)


@requires(Cap.TRACKER_EDIT)
@require_POST
def sanjose_adoption_add(request: HttpRequest) -> HttpResponse:
    form = AdoptionForm(request.POST, auto_id="adoption_%s")
    status, _result = attempt(form, lambda d: services.adoption_record(actor=request.user, **d))
    if status is None:
        messages.success(request, _("The decision was recorded."))
        return redirect(reverse("trackers:sanjose_staff") + "#adoptions")
    return _sanjose_staff(request, forms={"adoption": form}, status=status)


@requires(Cap.TRACKER_EDIT)
@require_POST
def sanjose_rapporteur_add(request: HttpRequest) -> HttpResponse:
    form = RapporteurForm(request.POST, auto_id="rapporteur_%s")
    status, _result = attempt(form, lambda d: services.rapporteur_add(actor=request.user, **d))
    if status is None:
        messages.success(request, _("The rapporteur or focal point was recorded."))
        return redirect(reverse("trackers:sanjose_staff") + "#rapporteurs")
    return _sanjose_staff(request, forms={"rapporteur": form}, status=status)


def _case_ids(user: Any, text: str) -> list[int]:
    return [case.pk for case in cases_by_references_for_user(user, text)]


@requires(Cap.TRACKER_EDIT)
@require_POST
def sanjose_action_add(request: HttpRequest) -> HttpResponse:
    form = ActionForm(request.POST, auto_id="action_%s")

    def record(d: dict[str, Any]) -> Any:
        return services.action_record(
            actor=request.user, treaty_body=d["treaty_body"], kind=d["kind"], taken_on=d["taken_on"],
            reference=d["reference"], country=d["country"] or None, description=d["description"],
            case_ids=_case_ids(request.user, d["cases"]))

    status, _result = attempt(form, record)
    if status is None:
        messages.success(request, _("The action was recorded."))
        return redirect(reverse("trackers:sanjose_staff") + "#actions")
    return _sanjose_staff(request, forms={"action": form}, status=status)


# ---------------------------------------------------------------- online intimidation


@requires(Cap.TRACKER_VIEW)
def online_statistics(request: HttpRequest) -> HttpResponse:
    stats = selectors.online_statistics(request.user)
    return page(request, "trackers/online_stats.html", {"stats": stats, "platforms": Platform})


def _evidence_page(request: HttpRequest, case: Any, form: EvidenceForm, *, status: int = 200) -> HttpResponse:
    return page(request, "trackers/evidence_form.html", {"case": case, "form": form,
                                                          "max_size": files.human_size(files.MAX_BYTES)},
                status=status)


@csrf_exempt
@requires(Cap.TRACKER_EDIT)
def evidence_add(request: HttpRequest, case_id: int) -> HttpResponse:
    # Uploads stay in memory (never a plaintext temporary file); CSRF is then checked by the inner view.
    bounded(request, files.MAX_BYTES)
    return _evidence_add(request, case_id)


@csrf_protect
def _evidence_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_detail(request.user, case_id)
    incidents = list(case.incidents.all())
    if not incidents:
        messages.info(request, _("Record an incident first: online evidence is attached to an incident."))
        return redirect(reverse("case_detail", kwargs={"case_id": case.pk}) + "#incidents")
    if request.method != "POST":
        form = EvidenceForm(incidents=incidents, auto_id="evidence_%s", initial={"incident": incidents[-1].pk})
        return _evidence_page(request, case, form)
    form = EvidenceForm(request.POST, request.FILES, incidents=incidents, auto_id="evidence_%s")
    if refuse_unless_multipart(request, form):
        return _evidence_page(request, case, form, status=422)

    def add(d: dict[str, Any]) -> Any:
        upload = d.get("file")
        data = None
        if upload is not None:
            if upload.size > files.MAX_BYTES:
                raise ValidationFailed.single("file", _("the file is %(size)s; the limit is %(limit)s") % {
                    "size": files.human_size(upload.size), "limit": files.human_size(files.MAX_BYTES)})
            data = upload.read()
        return services.evidence_add(
            actor=request.user, incident=d["incident"], platform=d["platform"], seen_at=d["seen_at"], url=d["url"],
            account_handle=d["account_handle"], text=d["text"], file_name=upload.name if upload else "",
            file_data=data)

    status, _result = attempt(form, add)
    if status is None:
        messages.success(request, _("The online evidence was recorded."))
        return redirect(reverse("case_detail", kwargs={"case_id": case.pk}) + "#online-evidence")
    return _evidence_page(request, case, form, status=status)


@requires(Cap.TRACKER_VIEW)
@require_POST
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """The decrypted file, as an attachment; audited by the service. POST so that no prefetch or crawler
    triggers a download (and an audit entry)."""
    evidence, data = services.evidence_download(actor=request.user, evidence_id=evidence_id)
    return download_response(evidence, data)
