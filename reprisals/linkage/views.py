"""Staff pages of linkage: the review queue, a linked person, and the patterns across linked records;
the duplicate allegations queue and the groups of allegations of one incident.

Thin adapters over ``linkage.selectors`` and ``linkage.services``; every view needs
``Cap.LINKAGE_REVIEW``; decisions are POST only. Pages are never cached.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.views import capabilities
from reprisals.core.access import requires
from reprisals.core.errors import Conflict, NotFound, ValidationFailed
from reprisals.linkage import selectors, services
from reprisals.linkage.models import INCIDENT_PAIR_STATUS, CandidateStatus

PAGE_SIZE = 25
DECISIONS = {
    "accept": services.candidate_accept, "reject": services.candidate_reject, "defer": services.candidate_defer,
}


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, template, {"can": capabilities(request.user), "section": "linkage", **context},
                      status=status)
    add_never_cache_headers(response)
    return response


@requires(Cap.LINKAGE_REVIEW)
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", CandidateStatus.PROPOSED)
    if status not in CandidateStatus.values:
        status = CandidateStatus.PROPOSED
    paginator = Paginator(selectors.candidate_queue(request.user, status=status), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return _page(request, "linkage/queue.html", {
        "status": status, "statuses": CandidateStatus.choices, "page": page,
        "items": selectors.candidate_views(request.user, list(page.object_list)),
    })


@requires(Cap.LINKAGE_REVIEW)
@require_POST
def decide(request: HttpRequest, candidate_id: int) -> HttpResponse:
    action = DECISIONS.get(request.POST.get("decision", ""))
    if action is None:
        raise NotFound()
    try:
        result = action(actor=request.user, candidate=selectors.candidate_get_for_user(request.user, candidate_id),
                        note=request.POST.get("note", "")[:500],
                        expected_status=request.POST.get("expected_status") or services.DECIDABLE)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        if request.POST.get("decision") == "accept":
            messages.success(request, _("Linked: both reports are now part of person P-%(id)s.") % {"id": result.pk})
        elif request.POST.get("decision") == "reject":
            messages.success(request, _("Rejected: this pair will not be proposed again."))
        else:
            messages.success(request, _("Deferred."))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/linkage/") else reverse("linkage_queue"))


@requires(Cap.LINKAGE_REVIEW)
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    """Match the named parties of the whole register now, as ``reprisals link run`` does (a run over
    anonymous parties' protected names stays with the command and the API, where it is asked for)."""
    done = services.linkage_run(actor=request.user)
    messages.success(request, _("%(n)d reports compared; %(p)d new pairs proposed.")
                     % {"n": done.parties, "p": done.proposed})
    return redirect("linkage_queue")


@requires(Cap.LINKAGE_REVIEW)
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    found = selectors.person_get_for_user(request.user, person_id)
    return _page(request, "linkage/person.html", {
        "person": found, "members": selectors.person_members(request.user, found),
    })


@requires(Cap.LINKAGE_REVIEW)
@require_POST
def unmerge(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        party_id = int(request.POST.get("party", ""))
    except ValueError:
        raise NotFound() from None
    try:
        found: Any = selectors.person_get_for_user(request.user, person_id)
    except NotFound:
        found = None  # dissolved meanwhile (a second click, another tab), or never visible: said alike
    if found is None or party_id not in {c.id for c in selectors.person_members(request.user, found)}:
        messages.error(request, _("This party is not part of this person."))
        return redirect("linkage_person", person_id=found.pk) if found else redirect("linkage_queue")
    try:
        remaining = services.person_unmerge(actor=request.user, person=found, party=party_id,
                                            note=request.POST.get("note", "")[:500])
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("linkage_person", person_id=found.pk)
    messages.success(request, _("The report was taken out of this person; the pair will not be proposed again."))
    if remaining is None or remaining.pk not in selectors.persons_shown(request.user, [remaining.pk]):
        return redirect("linkage_queue")  # dissolved, or left with one report the user may see
    return redirect("linkage_person", person_id=remaining.pk)


@requires(Cap.LINKAGE_REVIEW)
def patterns(request: HttpRequest) -> HttpResponse:
    return _page(request, "linkage/patterns.html", {"patterns": selectors.linkage_patterns(request.user)})


# ---------------------------------------------------------------- duplicate allegations

ALLEGATION_DECISIONS = {
    "accept": services.allegation_candidate_accept, "reject": services.allegation_candidate_reject,
    "defer": services.allegation_candidate_defer,
}


def _note(request: HttpRequest) -> str:
    note = request.POST.get("note", "")
    if len(note) > 500:
        raise ValidationFailed.single("note", _("longer than %(limit)d characters") % {"limit": 500})
    return note


@requires(Cap.LINKAGE_REVIEW)
def allegation_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", CandidateStatus.PROPOSED)
    if status not in CandidateStatus.values:
        status = CandidateStatus.PROPOSED
    paginator = Paginator(selectors.allegation_candidate_queue(request.user, status=status), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return _page(request, "linkage/allegations.html", {
        "status": status, "statuses": list(INCIDENT_PAIR_STATUS.items()), "page": page,
        "items": selectors.allegation_candidate_views(request.user, list(page.object_list)),
    })


@requires(Cap.LINKAGE_REVIEW)
@require_POST
def allegation_decide(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Accept, reject or defer one pair. The form sends the status the reviewer saw: a pair decided
    meanwhile by someone else (a second click, another tab) is not decided twice; the reviewer is told
    on the queue, as on the queue of persons."""
    decision = request.POST.get("decision", "")
    action = ALLEGATION_DECISIONS.get(decision)
    if action is None:
        raise ValidationFailed.single("decision", _("choose accept, reject or defer"))
    candidate = selectors.allegation_candidate_get_for_user(request.user, candidate_id)
    try:
        result = action(actor=request.user, candidate=candidate, note=_note(request),
                        expected_status=request.POST.get("expected_status") or None)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        _decided(request, decision, result)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/linkage/") else reverse("linkage_allegations"))


def _decided(request: HttpRequest, decision: str, result: Any) -> None:
    if decision == "accept":
        messages.success(request, _("Grouped: both allegations are now recorded as reports of incident "
                                    "I-%(id)s. Both are kept as received.") % {"id": result.pk})
    elif decision == "reject":
        messages.success(request, _("Rejected: this pair will not be proposed again."))
    else:
        messages.success(request, _("Deferred."))


@requires(Cap.LINKAGE_REVIEW)
def incident_group(request: HttpRequest, group_id: int) -> HttpResponse:
    found = selectors.incident_group_get_for_user(request.user, group_id)
    members = selectors.incident_group_members(request.user, found)
    # A member still in triage can be added to the case of another report of the same incident: a case
    # decision, so only for those who may edit cases (the cases app's own attach view does it).
    cases = {c.case_id: c.case_reference for c in members if c.case_id} if has_cap(request.user, Cap.CASE_EDIT) else {}
    return _page(request, "linkage/incident_group.html", {
        "group": found, "members": members, "attach_to": sorted(cases.values()),
    })


@requires(Cap.LINKAGE_REVIEW)
@require_POST
def incident_group_unmerge(request: HttpRequest, group_id: int) -> HttpResponse:
    try:
        allegation_id = int(request.POST.get("allegation", ""))
    except ValueError:
        raise ValidationFailed.single("allegation", _("not a member of this group")) from None
    try:
        found: Any = selectors.incident_group_get_for_user(request.user, group_id)
    except NotFound:
        found = None  # dissolved meanwhile (a second click, another tab), or never visible: said alike
    if found is None or allegation_id not in {c.id for c in selectors.incident_group_members(request.user, found)}:
        messages.error(request, _("This allegation is not part of this group."))
        return redirect("linkage_incident_group", group_id=found.pk) if found else redirect("linkage_allegations")
    remaining = services.incident_group_unmerge(actor=request.user, group=found, allegation=allegation_id,
                                                note=_note(request))
    messages.success(request, _("The allegation was taken out of this group; the pair will not be proposed again."))
    if remaining is None or remaining.pk not in selectors.groups_shown(request.user, [remaining.pk]):
        return redirect("linkage_allegations")  # dissolved, or left with one allegation the user may see
    return redirect("linkage_incident_group", group_id=remaining.pk)


@requires(Cap.LINKAGE_REVIEW)
@require_POST
def allegation_run(request: HttpRequest) -> HttpResponse:
    run = services.allegation_duplicates_run(actor=request.user)
    messages.success(request, _("%(n)d allegations compared; %(p)d new pairs proposed.")
                     % {"n": run.allegations, "p": run.proposed})
    return redirect("linkage_allegations")
