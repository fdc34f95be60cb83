"""Staff web pages of the case register.

Thin adapters: parse a form, call one selector or service, render or redirect. Reads go through
``cases.selectors`` and writes through ``cases.services``; refusals come back as ``DomainError``s that
are shown on the form (``ValidationFailed``, ``InvalidTransition``, ``Conflict``) or, for ``NotFound``
and ``Forbidden``, as an error page by ``core.views.DomainErrorMiddleware``. Every view declares the
capability it needs with ``@requires``. Pages that show case data are never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reprisals.accounts.roles import Cap, has_cap
from reprisals.accounts.views import recent_authentication
from reprisals.cases import erasure, selectors, services, workflow
from reprisals.cases.forms import (
    AllegationForm,
    AssignForm,
    AttachForm,
    BootstrapForm,
    CaseEditForm,
    CaseFilterForm,
    ConsentForm,
    EngagementForm,
    ErasureRefusalForm,
    ErasureRequestForm,
    IncidentForm,
    OpenCaseForm,
    PartyForm,
    TransitionForm,
    add_domain_errors,
)
from reprisals.cases.models import AffectedParty, Allegation, Case, CaseStatus, ConsentUse
from reprisals.core.access import AUTHENTICATED, capabilities, may_reveal, requires
from reprisals.core.errors import Conflict, DomainError, Forbidden, InvalidTransition, NotFound, ValidationFailed
from reprisals.core.services import protected_reveal_many
from reprisals.followup.selectors import case_panel_context as followup_panel_context
from reprisals.trackers.selectors import incident_evidence_context

PAGE_SIZE = 50


# ---------------------------------------------------------------- shared helpers


def page(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    response = render(request, template, {"can": capabilities(request.user), **context}, status=status)
    add_never_cache_headers(response)
    return response


def attempt(form: BootstrapForm, action: Callable[[dict[str, Any]], Any]) -> tuple[int | None, Any]:
    """Validate ``form`` and run ``action(cleaned_data)``.

    Returns ``(None, result)`` on success, else ``(status, None)`` with the refusal shown on the form:
    422 for invalid input, 409 for a stale version (``form.conflict`` is set) or a disallowed transition.
    """
    if not form.is_valid():
        return 422, None
    try:
        return None, action(form.cleaned_data)
    except Conflict as exc:
        form.conflict = True
        form.add_error(None, exc.message)
        return 409, None
    except InvalidTransition as exc:
        add_domain_errors(form, exc, summary=True)
        return 409, None
    except ValidationFailed as exc:
        add_domain_errors(form, exc)
        return 422, None


def positive_int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None


def case_url(case: Case, anchor: str = "") -> str:
    url = reverse("case_detail", kwargs={"case_id": case.pk})
    return f"{url}#{anchor}" if anchor else url


# ---------------------------------------------------------------- dashboard and list


@requires(AUTHENTICATED)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_cap(user, Cap.STATE_PORTAL):
        return redirect("followup:portal_list")
    if not has_cap(user, Cap.DASHBOARD):
        return page(request, "cases/no_dashboard.html", {"role": user.get_role_display()})  # type: ignore[union-attr]
    data = selectors.dashboard(user)
    labels = dict(CaseStatus.choices)
    by_status = [(s, labels[s], data["open_by_status"].get(s, 0)) for s in workflow.OPEN_STATUSES]
    top_states = [{**row, "iso3": row["country__iso3"]} for row in data["top_states"]]
    erasures = erasure.erasure_requests_waiting(user) if has_cap(user, Cap.ERASURE_CONFIRM) else None
    return page(request, "cases/dashboard.html", {
        "section": "dashboard", "data": data, "by_status": by_status, "top_states": top_states,
        "erasures_waiting": None if erasures is None else len(erasures),
    })


@requires(Cap.CASE_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET)
    context: dict[str, Any] = {"section": "cases", "form": form, "cases": [], "older": None}
    if not form.is_valid():
        return page(request, "cases/case_list.html", context, status=400)
    filters = form.filters(request.user)
    qs = selectors.case_list(request.user, filters).select_related("country", "assigned_to")
    if not request.headers.get("HX-Request"):  # "Older →" through htmx takes only the rows and the pager
        total = selectors.case_count(request.user, filters)
        limit = selectors.CASE_COUNT_LIMIT
        context.update(total=min(total, limit), total_shown=number_format(min(total, limit), force_grouping=True),
                       more_than=total > limit, count_limit=number_format(limit, force_grouping=True))
    before = form.cleaned_data["before"]

    def fetch(after: int | None, n: int) -> list[Case]:
        return list((qs.filter(pk__lt=after) if after else qs)[:n])

    # What the reader may not read is left out before the "Older" link is made (``page_shown``).
    cases, older = selectors.page_shown(request.user, fetch, after=before, limit=PAGE_SIZE, text=filters.text)
    context.update(
        cases=cases,
        older=older,
        before=before,
        filtered=form.is_filtered(),
    )
    return page(request, "cases/case_list.html", context)


# ---------------------------------------------------------------- the case page


@dataclass
class PartyRow:
    party: AffectedParty
    consent: list[tuple[str, str]]  # (label of the use, "granted" | "refused" | "none")
    consent_form: ConsentForm | None
    revealed: dict[str, str] | None = field(default_factory=dict)  # None: withheld from this reader
    erasure_form: ErasureRequestForm | None = None
    erasure: str = ""  # "pending" or "done" when such a request exists


def _party_rows(request: HttpRequest, case: Case, revealed: dict[int, dict[str, str] | None]) -> list[PartyRow]:
    can_consent = selectors.may_record_consent(request.user, case)
    can_erase = has_cap(request.user, Cap.ERASURE_REQUEST)
    erasures = erasure.erasure_states(case)
    rows = []
    for party in case.parties.all():
        in_force = selectors.consent_summary(party)
        decided = {c.use for c in party.consents.all()}
        consent = [
            (str(label), "none" if use not in decided else "granted" if in_force[use] else "refused")
            for use, label in ConsentUse.choices
        ]
        form = ConsentForm(auto_id=f"consent{party.pk}_%s") if can_consent else None
        erasable = can_erase and party.pk not in erasures
        rows.append(PartyRow(party, consent, form, revealed.get(party.pk, {}),
                             ErasureRequestForm(auto_id=f"erasure{party.pk}_%s") if erasable else None,
                             erasures.get(party.pk, "")))
    return rows


def _case_page(
    request: HttpRequest, case: Case, *, revealed: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    revealed = revealed or {}
    can = capabilities(user)
    allowed = _allowed_next(user, case)
    context = {
        "section": "cases",
        "case": case,
        "timeline": selectors.case_timeline(case),
        "parties": _party_rows(request, case, revealed.get("parties", {})),
        "allegations": [(a, revealed.get("allegations", {}).get(a.pk, {})) for a in case.allegations.all()],
        "revealed": revealed,
        "shows_reporter": selectors.sees_who_reported(user),
        "allowed_next": allowed,
        "edit_form": (CaseEditForm(case=case, risk_notes=may_reveal(user, case), auto_id="edit_%s")
                      if can["case_edit"] and not getattr(case, "texts_withheld", None) else None),
        "assign_form": AssignForm(case=case, auto_id="assign_%s") if can["case_assign"] else None,
        "transition_form": (TransitionForm(case=case, allowed=allowed, auto_id="transition_%s")
                            if can["case_transition"] and allowed else None),
        "party_form": PartyForm(auto_id="party_%s") if can["case_edit"] else None,
        "incident_form": IncidentForm(auto_id="incident_%s") if can["case_edit"] else None,
        "engagement_form": EngagementForm(auto_id="engagement_%s") if can["case_edit"] else None,
    }
    context.update(incident_evidence_context(user, case))
    context.update(followup_panel_context(user, case))
    return page(request, "cases/case_detail.html", context, status=status)


def _allowed_next(user: Any, case: Case) -> tuple[str, ...]:
    return workflow.allowed_for(user, case.status)


@requires(Cap.CASE_VIEW)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_page(request, selectors.case_detail(request.user, case_id))


@requires(Cap.PROTECTED_READ)
@require_POST
def case_reveal(request: HttpRequest, case_id: int) -> HttpResponse:
    """Show the protected fields of the case, its parties and allegations that the reader may see
    (``core.access.may_reveal``; the others show as withheld); each disclosure is audited."""
    user = request.user
    case = selectors.case_detail(user, case_id)
    parties, allegations = list(case.parties.all()), list(case.allegations.all())
    with transaction.atomic():
        values = protected_reveal_many(actor=user, anchor=case, objs=[case, *parties, *allegations])
    revealed = {
        "case": values[("cases.case", case.pk)],
        "parties": {p.pk: values[("cases.affectedparty", p.pk)] for p in parties},
        "allegations": {a.pk: values[("cases.allegation", a.pk)] for a in allegations},
    }
    return _case_page(request, case, revealed=revealed)


# ---------------------------------------------------------------- actions on a case


ACTIONS: dict[str, tuple[str, str]] = {
    # action: (template of its form, anchor on the case page to return to)
    "edit": ("cases/forms/edit.html", ""),
    "assign": ("cases/forms/assign.html", ""),
    "transition": ("cases/forms/transition.html", "timeline"),
    "party": ("cases/forms/party.html", "parties"),
    "incident": ("cases/forms/incident.html", "incidents"),
    "engagement": ("cases/forms/engagement.html", "engagements"),
    "consent": ("cases/forms/consent.html", "parties"),
    "erasure": ("cases/forms/erasure_request.html", "parties"),
}


def _action_page(
    request: HttpRequest, case: Case, action: str, form: Form, *, status: int = 200, **extra: Any
) -> HttpResponse:
    template, _anchor = ACTIONS[action]
    party = extra.get("party")
    if party is not None and party.pk in selectors.withheld_from(request.user, case).parties:
        extra["party"] = selectors.party_detail(request.user, party.pk)  # its name withheld, as on the case
    return page(request, "cases/case_action.html", {
        "section": "cases", "case": selectors.case_heading(request.user, case), "action": action, "form": form,
        "form_template": template, **extra,
    }, status=status)


def _post_data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _done(request: HttpRequest, case: Case, action: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(case_url(case, ACTIONS[action][1]))


@requires(Cap.CASE_EDIT)
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, case_id)
    if selectors.case_texts_withheld(request.user, case):
        raise Forbidden(_("This case's title or summary names a person withheld from you: only OHCHR may change "
                          "it."))
    form = CaseEditForm(_post_data(request), case=case, risk_notes=may_reveal(request.user, case), auto_id="edit_%s")
    if request.method != "POST":
        return _action_page(request, case, "edit", form)
    status, _result = attempt(form, lambda data: services.case_update(
        actor=request.user, case=case, expected_version=data["version"], **form.values()))
    if status is None:
        return _done(request, case, "edit", _("The case was saved."))
    return _action_page(request, case, "edit", form, status=status)


@requires(Cap.CASE_ASSIGN)
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, case_id)
    form = AssignForm(_post_data(request), case=case, auto_id="assign_%s")
    if request.method != "POST":
        return _action_page(request, case, "assign", form)
    status, _result = attempt(form, lambda data: services.case_assign(
        actor=request.user, case=case, assignee=data["assigned_to"], expected_version=data["version"]))
    if status is None:
        return _done(request, case, "assign", _("The responsible officer was changed."))
    return _action_page(request, case, "assign", form, status=status)


@requires(Cap.CASE_TRANSITION)
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, case_id)
    form = TransitionForm(_post_data(request), case=case, allowed=_allowed_next(request.user, case),
                          auto_id="transition_%s")
    if request.method != "POST":
        return _action_page(request, case, "transition", form)
    status, _result = attempt(form, lambda data: services.case_transition(
        actor=request.user, case=case, to_status=data["to_status"], reason=data["reason"],
        expected_version=data["version"]))
    if status is None:
        return _done(request, case, "transition", _("The status was changed."))
    return _action_page(request, case, "transition", form, status=status)


@requires(Cap.CASE_EDIT)
def party_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, case_id)
    form = PartyForm(_post_data(request), auto_id="party_%s")
    if request.method != "POST":
        return _action_page(request, case, "party", form)

    def add(data: dict[str, Any]) -> AffectedParty:
        values = form.values()
        roles, consequences = values.pop("roles"), values.pop("consequences")
        return services.party_add(actor=request.user, case=case, roles=roles, consequences=consequences, **values)

    status, _result = attempt(form, add)
    if status is None:
        return _done(request, case, "party", _("The affected party was added."))
    return _action_page(request, case, "party", form, status=status)


@requires(Cap.CASE_EDIT)
def incident_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, case_id)
    form = IncidentForm(_post_data(request), auto_id="incident_%s")
    if request.method != "POST":
        return _action_page(request, case, "incident", form)
    status, _result = attempt(form, lambda data: services.incident_add(actor=request.user, case=case, **form.values()))
    if status is None:
        return _done(request, case, "incident", _("The incident was recorded."))
    return _action_page(request, case, "incident", form, status=status)


@requires(Cap.CASE_EDIT)
def engagement_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, case_id)
    form = EngagementForm(_post_data(request), auto_id="engagement_%s")
    if request.method != "POST":
        return _action_page(request, case, "engagement", form)
    status, _result = attempt(form, lambda data: services.engagement_add(
        actor=request.user, case=case, un_body=services.un_body_by_code(data["un_body"]), kind=data["kind"],
        date=data["date"], description=data["description"]))
    if status is None:
        return _done(request, case, "engagement", _("The UN engagement was recorded."))
    return _action_page(request, case, "engagement", form, status=status)


@requires(Cap.CASE_EDIT)
def consent_record(request: HttpRequest, case_id: int, party_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, case_id)
    party = case.parties.filter(pk=party_id).first()
    if party is None:
        raise NotFound()
    if not selectors.may_record_consent(request.user, case):
        raise Forbidden(_("Consent on a case that holds another organisation's allegations is recorded by OHCHR."))
    form = ConsentForm(_post_data(request), auto_id=f"consent{party.pk}_%s")
    if request.method != "POST":
        return _action_page(request, case, "consent", form, party=party)
    status, _result = attempt(form, lambda data: services.consent_record(actor=request.user, party=party, **data))
    if status is None:
        return _done(request, case, "consent", _("The consent decision was recorded."))
    return _action_page(request, case, "consent", form, status=status, party=party)


@requires(Cap.ERASURE_REQUEST)
def erasure_request(request: HttpRequest, case_id: int, party_id: int) -> HttpResponse:
    """Ask that a person's identifying details be erased; another reviewer decides."""
    case = selectors.case_get_for_user(request.user, case_id)
    party = case.parties.filter(pk=party_id).first()
    if party is None:
        raise NotFound()
    form = ErasureRequestForm(_post_data(request), auto_id=f"erasure{party.pk}_%s")
    if request.method != "POST":
        return _action_page(request, case, "erasure", form, party=party)
    status, _result = attempt(form, lambda data: erasure.erasure_request(
        actor=request.user, party=party, reason=data["reason"]))
    if status is None:
        return _done(request, case, "erasure", _("The erasure was requested; another reviewer must confirm it."))
    return _action_page(request, case, "erasure", form, status=status, party=party)


@requires(Cap.ERASURE_CONFIRM)
def erasure_queue(request: HttpRequest) -> HttpResponse:
    return page(request, "cases/erasure_queue.html", {
        "section": "erasures", "waiting": erasure.erasure_requests_waiting(request.user)})


@requires(Cap.ERASURE_CONFIRM)
@recent_authentication
def erasure_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    """Confirm (irreversible) or refuse with a reason. Both factors proved in the last minutes first."""
    wanted = erasure.erasure_request_get_for_user(request.user, request_id)
    refusal = ErasureRefusalForm(request.POST if request.POST.get("decision") == "refuse" else None,
                                 auto_id="refusal_%s")
    context = {"section": "erasures", "erasure": wanted, "case": wanted.party.case, "refusal": refusal,
               "own": wanted.requested_by_id == request.user.pk}
    if request.method != "POST":
        return page(request, "cases/erasure_decide.html", context)
    decision = request.POST.get("decision")
    if decision == "confirm":
        try:
            erasure.erasure_confirm(actor=request.user, request=wanted)
        except DomainError as exc:
            messages.error(request, exc.message)
            return page(request, "cases/erasure_decide.html", context, status=exc.status)
        messages.success(request, _("The person's details were erased."))
        return redirect("erasure_queue")
    if decision == "refuse":
        status, _result = attempt(refusal, lambda data: erasure.erasure_refuse(
            actor=request.user, request=wanted, reason=data["reason"]))
        if status is None:
            messages.success(request, _("The erasure was refused; the details stay."))
            return redirect("erasure_queue")
        return page(request, "cases/erasure_decide.html", context, status=status)
    return page(request, "cases/erasure_decide.html", context, status=400)


# ---------------------------------------------------------------- allegations


@requires(Cap.ALLEGATION_CREATE)
def allegation_record(request: HttpRequest) -> HttpResponse:
    user = request.user
    fixed_entity = None if has_cap(user, Cap.CASE_VIEW_ALL) else user.entity  # type: ignore[union-attr]
    form = AllegationForm(_post_data(request), fixed_entity=fixed_entity)
    context = {"section": "record", "form": form}
    if request.method != "POST":
        return page(request, "cases/allegation_form.html", context)

    def record(data: dict[str, Any]) -> Allegation:
        entity = services.entity_by_code(data["source_entity"]) if data["source_entity"] else None
        return services.allegation_record(
            actor=user, country=data["country"], received_on=data["received_on"], narrative=data["narrative"],
            source_entity=entity, source_reference=data["source_reference"],
            source_identity=data["source_identity"], source_contact=data["source_contact"],
        )

    status, allegation = attempt(form, record)
    if status is None:
        messages.success(request, _("Allegation %(reference)s was recorded. It waits in triage until it is "
                                    "part of a case.") % {"reference": allegation.reference})
        return redirect("allegation_triage")
    return page(request, "cases/allegation_form.html", context, status=status)


def _triage_page(request: HttpRequest, *, errors: dict[int, Form] | None = None, status: int = 200) -> HttpResponse:
    before = positive_int(request.GET.get("before"))
    qs = selectors.allegations_in_triage(request.user).order_by("-id")
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: PAGE_SIZE + 1])
    errors = errors or {}
    items = [(a, errors.get(a.pk) or AttachForm(auto_id=f"attach{a.pk}_%s")) for a in rows[:PAGE_SIZE]]
    return page(request, "cases/triage.html", {
        "section": "allegations", "items": items, "before": before,
        "older": rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None,
    }, status=status)


@requires(Cap.ALLEGATION_CREATE)
def allegation_triage(request: HttpRequest) -> HttpResponse:
    return _triage_page(request)


@requires(Cap.CASE_EDIT)
@require_POST
def allegation_attach(request: HttpRequest, allegation_id: int) -> HttpResponse:
    user = request.user
    allegation = selectors.allegation_get_for_user(user, allegation_id)
    form = AttachForm(request.POST, auto_id=f"attach{allegation.pk}_%s")

    def attach(data: dict[str, Any]) -> Case:
        try:
            case = selectors.case_get_by_reference_for_user(user, data["reference"].strip().upper())
        except NotFound:
            raise ValidationFailed.single("reference", _("there is no case with this reference that you may "
                                                         "see")) from None
        services.allegation_attach(actor=user, allegation=allegation, case=case, field="reference")
        return case

    status, case = attempt(form, attach)
    if status is None:
        messages.success(request, _("Allegation %(allegation)s was added to case %(case)s.")
                         % {"allegation": allegation.reference, "case": case.reference})
        return redirect(case_url(case, "allegations"))
    return _triage_page(request, errors={allegation.pk: form}, status=status)


@requires(Cap.CASE_CREATE)
def case_open(request: HttpRequest, allegation_id: int) -> HttpResponse:
    user = request.user
    allegation = selectors.allegation_get_for_user(user, allegation_id)
    if allegation.case_id is not None and request.method != "POST":
        messages.info(request, _("Allegation %(reference)s is already part of this case.")
                      % {"reference": allegation.reference})
        return redirect(case_url(allegation.case, "allegations"))  # type: ignore[arg-type]
    form = OpenCaseForm(_post_data(request), can_assign=has_cap(user, Cap.CASE_ASSIGN),
                        initial={"country": allegation.country.iso3})
    context = {"section": "allegations", "form": form, "allegation": allegation}
    if request.method != "POST":
        return page(request, "cases/case_open.html", context)
    status, case = attempt(form, lambda data: services.case_open(
        actor=user, title=data["title"], country=data["country"], allegation=allegation, summary=data["summary"],
        risk_level=data["risk_level"], risk_notes=data["risk_notes"], assigned_to=data.get("assigned_to")))
    if status is None:
        messages.success(request, _("Case %(reference)s was opened.") % {"reference": case.reference})
        return redirect(case_url(case))
    return page(request, "cases/case_open.html", context, status=status)
