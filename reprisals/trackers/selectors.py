"""Reads of the trackers. Adoption of the San José Guidelines is public; everything that touches the case
register (actions linked to cases, NGO applications linked to a case, online evidence) goes through
``cases.selectors`` so that a case the reader cannot see stays invisible (not found, never counted).

The free texts of a row about a case are copies of the case (an action's ``description`` and ``reference``;
an application's ``notes`` and the ``notes`` of its session outcomes; an online evidence's ``text``, ``url``
and ``account_handle``), so the reader sees them only as the case lets it:

- a treaty-body action or an NGO application linked to a case the reader cannot see (restricted to a
  compartment, or not raised by a focal point's entity) is still listed, so that counts per treaty body,
  State and session stay the same for everyone, but its texts come back blank, with ``withheld`` set;
- on a case the reader can see, the names withheld from it there (``cases.selectors.withheld_names_by_case``:
  a party without consent to share with other UN bodies, on a case another source reported too) are
  blanked from those texts as on the case itself (``cases.selectors.blank_names``).

The querysets (``actions_for_user``, ``ngo_applications``) are for counting, filtering and paging only. The
rows to show go through ``shown_actions``, ``shown_applications`` or the evidence reads, which set
``shown_description``, ``shown_reference``, ``shown_notes``, ``shown_text``, ``shown_url`` and
``shown_account_handle`` in Python after the query: the pages and the API read only those, so a row that
did not go through them shows nothing (the API fails) rather than the stored text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.models import Case, Incident
from reprisals.cases.selectors import (
    WithheldNames,
    blank_names,
    case_get_for_user,
    cases_visible_to,
    withheld_names_by_case,
)
from reprisals.core.access import may_reveal
from reprisals.core.errors import NotFound
from reprisals.reference.models import UNBody
from reprisals.trackers import rules
from reprisals.trackers.models import (
    GuidelineAdoption,
    NGOApplication,
    OnlineEvidence,
    Outcome,
    Platform,
    ReprisalsRapporteur,
    SessionOutcome,
    TreatyBodyAction,
)

ONLINE_FORMS = ("online_harassment", "hacking", "surveillance", "smear_campaign")
FINAL = [Outcome.RECOMMENDED, Outcome.CLOSED, Outcome.REJECTED]


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


# ---------------------------------------------------------------- San José Guidelines (public)


def treaty_bodies() -> dict[str, UNBody]:
    """The ten treaty bodies in the order of ``rules.TREATY_BODIES``."""
    found = {b.code: b for b in UNBody.objects.filter(code__in=rules.TREATY_BODIES)}
    return {code: found[code] for code in rules.TREATY_BODIES if code in found}


def adoption_facts() -> list[rules.AdoptionFact]:
    rows = GuidelineAdoption.objects.select_related("treaty_body").order_by("decided_on", "id")
    return [rules.AdoptionFact(a.treaty_body.code, a.status, a.decided_on, a.date_uncertain,
                               a.decision_reference, a.notes, a.pk) for a in rows]


def adoptions() -> QuerySet[GuidelineAdoption]:
    return GuidelineAdoption.objects.select_related("treaty_body").order_by("decided_on", "id")


def rapporteurs(on: dt.date | None = None) -> QuerySet[ReprisalsRapporteur]:
    """All rapporteurs and focal points, or those in office on ``on``."""
    qs = ReprisalsRapporteur.objects.select_related("treaty_body")
    if on is not None:
        qs = qs.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    return qs.order_by("treaty_body__code", "-started_on", "id")


@dataclass(frozen=True)
class BodyState:
    code: str
    name: str
    fact: rules.AdoptionFact | None
    rapporteurs: list[ReprisalsRapporteur]


@dataclass(frozen=True)
class SanJoseState:
    on: dt.date
    state: rules.AdoptionState
    bodies: list[BodyState]
    history: list[tuple[rules.AdoptionFact, int]]
    names: dict[str, str] = field(default_factory=dict)


def sanjose_state(on: dt.date) -> SanJoseState:
    """Each treaty body's state of adoption on ``on``, with who was its rapporteur then, and the history."""
    bodies = treaty_bodies()
    facts = adoption_facts()
    state = rules.adoption_on(facts, on, tuple(bodies))
    in_office: dict[str, list[ReprisalsRapporteur]] = {}
    for r in rapporteurs(on):
        in_office.setdefault(r.treaty_body.code, []).append(r)
    rows = [BodyState(code, body.name, state.by_body.get(code), in_office.get(code, []))
            for code, body in bodies.items()]
    return SanJoseState(on=on, state=state, bodies=rows, history=rules.adoption_history(facts),
                        names={code: body.name for code, body in bodies.items()})


def sanjose_public_json(on: dt.date) -> dict[str, Any]:
    """The open-data shape of the public page (documented in docs/trackers.md)."""
    data = sanjose_state(on)

    def fact_json(fact: rules.AdoptionFact | None) -> dict[str, Any] | None:
        if fact is None:
            return None
        return {"status": fact.status, "decided_on": fact.decided_on.isoformat(),
                "date_uncertain": fact.date_uncertain, "decision_reference": fact.reference, "note": fact.note}

    return {
        "guidelines": "HRI/MC/2015/6",
        "on": on.isoformat(),
        "adopted_count": data.state.adopted_count,
        "treaty_bodies": [
            {"code": b.code, "name": b.name, "decision": fact_json(b.fact),
             "rapporteurs": [{"name": r.name, "role": r.role, "started_on": r.started_on.isoformat(),
                              "ended_on": r.ended_on.isoformat() if r.ended_on else None} for r in b.rapporteurs]}
            for b in data.bodies
        ],
        "history": [{"treaty_body": f.treaty_body, "adopted_count_after": n, **(fact_json(f) or {})}
                    for f, n in data.history],
    }


# ---------------------------------------------------------------- texts about cases the reader cannot see

def _not_visible(user: Any, case_ref: str) -> Exists:
    """True when the case ``case_ref`` (an outer column) is not in ``cases_visible_to(user)``. A correlated
    probe per linked case, so that a page of rows costs one index look-up per link."""
    return ~Exists(cases_visible_to(user).filter(pk=OuterRef(case_ref)))


def _names(held: dict[int, WithheldNames], case_ids: Iterable[int]) -> WithheldNames:
    """The names withheld from the reader on any of ``case_ids``."""
    return WithheldNames.joined(held[pk] for pk in case_ids if pk in held)


def _shown(text: str, *, withheld: bool, names: WithheldNames) -> str:
    return "" if withheld else blank_names(text, names)


def actions_for_user(user: Any) -> QuerySet[TreatyBodyAction]:
    """Treaty body actions, for counting, filtering and paging: each with only the linked cases the user can
    see (``visible_cases``) and ``withheld`` set when linked to any case the user cannot see. Show them
    through ``shown_actions``."""
    visible = Case.objects.filter(pk__in=cases_visible_to(user).values("pk")).only("id", "reference", "title")
    hidden = TreatyBodyAction.cases.through.objects.filter(treatybodyaction_id=OuterRef("pk")).filter(
        _not_visible(user, "case_id"))
    qs = (TreatyBodyAction.objects.select_related("treaty_body", "country")
          .annotate(withheld=Exists(hidden))
          .prefetch_related(Prefetch("cases", queryset=visible, to_attr="visible_cases"))
          .order_by("-taken_on", "-id"))
    return qs


def shown_actions(user: Any, rows: Iterable[TreatyBodyAction]) -> list[TreatyBodyAction]:
    """``rows`` of ``actions_for_user(user)`` as the user may read them: ``shown_description`` and
    ``shown_reference`` blank when the action is ``withheld``, else with the names withheld from the user on
    its (visible) cases blanked. One query for the names of a whole page."""
    rows = list(rows)
    held = withheld_names_by_case(user, sorted({c.pk for a in rows for c in a.visible_cases}))
    for action in rows:
        names = _names(held, (c.pk for c in action.visible_cases))
        action.shown_description = _shown(action.description, withheld=action.withheld,  # type: ignore[attr-defined]
                                          names=names)
        action.shown_reference = _shown(action.reference, withheld=action.withheld,  # type: ignore[attr-defined]
                                        names=names)
    return rows


def action_get_for_user(user: Any, action_id: int | str) -> TreatyBodyAction:
    found = shown_actions(user, actions_for_user(user).filter(pk=_pk(action_id))[:1])
    if not found:
        raise NotFound()
    return found[0]


# ---------------------------------------------------------------- ECOSOC Committee on NGOs


@dataclass(frozen=True)
class NGOFilters:
    min_deferrals: int = 0
    pending_only: bool = False
    country: str = ""
    session: str = ""
    text: str = ""
    order: str = "waiting"  # "waiting" (longest first), "recent" (newest application first)


def _latest_outcome() -> Subquery:
    return Subquery(SessionOutcome.objects.filter(application_id=OuterRef("pk"))
                    .order_by("-session_date", "-id").values("outcome")[:1])


def ngo_applications(user: Any, filters: NGOFilters = NGOFilters()) -> QuerySet[NGOApplication]:
    """Applications with ``deferrals``, ``sessions``, ``last_session_on``, ``final_on`` (None while
    pending), ``latest_outcome`` and ``withheld`` (linked to a case the user cannot see) annotated, filtered;
    for counting and paging. Show them through ``shown_applications``."""
    f = filters
    withheld = Q(case__isnull=False) & Q(_not_visible(user, "case_id"))
    qs = NGOApplication.objects.select_related("country").annotate(
        withheld=ExpressionWrapper(withheld, output_field=BooleanField()),
        deferrals=Count("outcomes", filter=Q(outcomes__outcome=Outcome.DEFERRED)),
        sessions=Count("outcomes"),
        last_session_on=Max("outcomes__session_date"),
        final_on=Max("outcomes__session_date", filter=Q(outcomes__outcome__in=FINAL)),
        latest_outcome=_latest_outcome(),
    )
    if f.min_deferrals:
        qs = qs.filter(deferrals__gte=f.min_deferrals)
    if f.pending_only:
        qs = qs.filter(final_on__isnull=True)
    if f.country:
        qs = qs.filter(country__iso3=f.country.upper())
    if f.session:
        qs = qs.filter(pk__in=SessionOutcome.objects.filter(session__iexact=f.session).values("application_id"))
    if f.text:
        qs = qs.filter(ngo_name__icontains=f.text)
    if f.order == "recent":
        return qs.order_by("-applied_on", "-id")
    return qs.order_by("applied_on", "id")


def ngo_longest_waiting(user: Any, limit: int = 20) -> list[NGOApplication]:
    """Pending applications, longest waiting first, each with ``waiting_days``."""
    return shown_applications(user, ngo_applications(user, NGOFilters(pending_only=True))[:limit])


def shown_applications(user: Any, rows: Iterable[NGOApplication]) -> list[NGOApplication]:
    """Applications as the user may read them, with their histories (``with_histories``): ``visible_case``
    is the linked case only if the user can see it (its title with the names withheld from the user
    blanked), and ``shown_notes`` (of the application, and of its outcomes when they are prefetched) is blank
    when the linked case is one the user cannot see, else with those names blanked."""
    rows = list(rows)
    ids = {r.case_id for r in rows if r.case_id}
    seen = {c.pk: c for c in cases_visible_to(user).filter(pk__in=ids)} if ids else {}
    held = withheld_names_by_case(user, sorted(seen))
    for app in rows:
        app.visible_case = seen.get(app.case_id) if app.case_id else None  # type: ignore[attr-defined]
        app.withheld = bool(app.case_id) and app.visible_case is None  # type: ignore[attr-defined]
        names = _names(held, [app.case_id] if app.visible_case is not None else [])  # type: ignore[attr-defined]
        if app.visible_case is not None and names:  # type: ignore[attr-defined]
            app.visible_case.title = blank_names(app.visible_case.title, names)  # type: ignore[attr-defined]
        app.shown_notes = _shown(app.notes, withheld=app.withheld, names=names)  # type: ignore[attr-defined]
        if "outcomes" in getattr(app, "_prefetched_objects_cache", {}):
            for outcome in app.outcomes.all():
                outcome.shown_notes = _shown(outcome.notes, withheld=app.withheld,  # type: ignore[attr-defined]
                                             names=names)
    return with_histories(rows)


def with_histories(rows: list[NGOApplication]) -> list[NGOApplication]:
    """Give each row ``history`` (SessionFacts), ``streak`` and ``waiting_days`` (rules), in two queries."""
    today = timezone.now().date()
    by_app: dict[int, list[rules.SessionFact]] = {row.pk: [] for row in rows}
    for app_id, session, day, outcome in (SessionOutcome.objects.filter(application_id__in=by_app)
                                          .order_by("session_date", "id")
                                          .values_list("application_id", "session", "session_date", "outcome")):
        by_app[app_id].append(rules.SessionFact(session, day, outcome))
    for row in rows:
        history = by_app[row.pk]
        row.history = history  # type: ignore[attr-defined]
        row.streak = rules.deferral_streak(history)  # type: ignore[attr-defined]
        row.waiting_days = rules.waiting_days(row.applied_on, history, today)  # type: ignore[attr-defined]
        row.pending = rules.is_pending(history)  # type: ignore[attr-defined]
        row.latest_outcome = rules.current_outcome(history)  # type: ignore[attr-defined]
    return rows


def ngo_application_get(user: Any, application_id: int | str) -> NGOApplication:
    """One application with its outcomes, as the user may read it (``shown_applications``)."""
    app = (NGOApplication.objects.select_related("country")
           .prefetch_related(Prefetch("outcomes", queryset=SessionOutcome.objects.prefetch_related(
               "questioning_states").order_by("session_date", "id")))
           .filter(pk=_pk(application_id)).first())
    if app is None:
        raise NotFound()
    return shown_applications(user, [app])[0]


def ngo_deferrals_by_state(user: Any) -> list[dict[str, Any]]:
    """Per questioning State: deferrals it asked questions at, how many applications and sessions."""
    through = SessionOutcome.questioning_states.through
    return list(
        through.objects.values("country__iso3", "country__name")
        .annotate(
            questions=Count("id"),
            deferrals=Count("id", filter=Q(sessionoutcome__outcome=Outcome.DEFERRED)),
            applications=Count("sessionoutcome__application_id", distinct=True,
                               filter=Q(sessionoutcome__outcome=Outcome.DEFERRED)),
            sessions=Count("sessionoutcome__session", distinct=True,
                           filter=Q(sessionoutcome__outcome=Outcome.DEFERRED)),
        )
        .order_by("-deferrals", "-questions", "country__name")
    )


def ngo_by_session(user: Any) -> list[dict[str, Any]]:
    """Per session (newest first): how many applications were recommended, deferred, closed, rejected."""
    counts = {o.value: Count("id", filter=Q(outcome=o.value)) for o in Outcome}
    rows = (SessionOutcome.objects.values("session")
            .annotate(first_date=Min("session_date"), total=Count("id"), **counts)
            .order_by("-first_date", "session"))
    return [{**row, "closed": row[Outcome.CLOSED.value]} for row in rows]


def ngo_summary(user: Any) -> dict[str, int]:
    qs = ngo_applications(user)
    pending = qs.filter(final_on__isnull=True)
    return {
        "applications": qs.count(),
        "pending": pending.count(),
        "deferred_3": pending.filter(deferrals__gte=3).count(),
        "linked_cases": NGOApplication.objects.filter(case__in=cases_visible_to(user)).count(),
    }


# ---------------------------------------------------------------- online evidence


def shown_evidence(user: Any, rows: Iterable[OnlineEvidence]) -> list[OnlineEvidence]:
    """Online evidence (on cases the user can see) as the user may read it: ``shown_text``, ``shown_url``,
    ``shown_account_handle`` and ``shown_file_name`` with the names withheld from the user on the evidence's
    case blanked (``blank_names``: also a name glued in a handle, "@JoseNunez", or percent-escaped in an
    address, which is then shown decoded)."""
    rows = list(rows)
    held = withheld_names_by_case(user, sorted({e.incident.case_id for e in rows}))
    for e in rows:
        names = _names(held, [e.incident.case_id])
        e.shown_text = blank_names(e.text, names)  # type: ignore[attr-defined]
        e.shown_url = blank_names(e.url, names)  # type: ignore[attr-defined]
        e.shown_account_handle = blank_names(e.account_handle, names, handle=True)  # type: ignore[attr-defined]
        e.shown_file_name = blank_names(e.file_name, names)  # type: ignore[attr-defined]
    return rows


def evidence_get_for_user(user: Any, evidence_id: int | str) -> OnlineEvidence:
    evidence = (OnlineEvidence.objects.select_related("incident", "recorded_by")
                .filter(pk=_pk(evidence_id)).first())
    if evidence is None:
        raise NotFound()
    case_get_for_user(user, evidence.incident.case_id)
    return shown_evidence(user, [evidence])[0]


def incident_get_for_user(user: Any, incident_id: int | str) -> Incident:
    incident = Incident.objects.filter(pk=_pk(incident_id)).first()
    if incident is None:
        raise NotFound()
    case_get_for_user(user, incident.case_id)
    return incident


def evidence_for_incident(user: Any, incident_id: int | str) -> list[OnlineEvidence]:
    incident = incident_get_for_user(user, incident_id)
    return shown_evidence(user, OnlineEvidence.objects.filter(incident=incident)
                          .select_related("incident", "recorded_by"))


def evidence_for_case(user: Any, case: Case | int) -> list[OnlineEvidence]:
    case_id = case.pk if isinstance(case, Case) else case
    case_get_for_user(user, case_id)
    return shown_evidence(user, OnlineEvidence.objects.filter(incident__case_id=case_id)
                          .select_related("incident", "recorded_by")
                          .order_by("incident__date_year", "incident__date_month", "incident__date_day",
                                    "incident_id", "seen_at", "id"))


def incident_evidence_context(user: Any, case: Case) -> dict[str, Any]:
    """Context for ``trackers/_incident_evidence.html`` on the case page: ``{"online_evidence": ...}``,
    None when the user may not see trackers. Evidence is grouped by incident, oldest incident first."""
    if not has_cap(user, Cap.TRACKER_VIEW):
        return {"online_evidence": None}
    items = evidence_for_case(user, case)
    groups: dict[int, tuple[Incident, list[OnlineEvidence]]] = {}
    for item in items:
        groups.setdefault(item.incident_id, (item.incident, []))[1].append(item)
    return {"online_evidence": {
        "case": case,
        "groups": list(groups.values()),
        "count": len(items),
        "can_add": has_cap(user, Cap.TRACKER_EDIT),
        "can_download": may_reveal(user, OnlineEvidence()),  # the same rule as the download itself
        "add_url": reverse("trackers:evidence_add", kwargs={"case_id": case.pk}),
    }}


@dataclass
class OnlineStats:
    years: list[dict[str, Any]]
    forms: list[str]
    platforms: list[tuple[str, str]]
    by_platform_total: dict[str, int]
    by_form_total: dict[str, int]
    totals: dict[str, int]


def online_statistics(user: Any) -> OnlineStats:
    """Incidents with online forms of reprisal or with online evidence, by incident year, by form and by
    platform, over the cases the user can see. An incident counts once per year, form and platform."""
    visible = cases_visible_to(user).values("pk")
    incidents = Incident.objects.filter(case_id__in=visible)
    with_forms = Incident.forms.through.objects.filter(
        term__vocabulary="reprisal_form", term__code__in=ONLINE_FORMS).values("incident_id")
    with_evidence = OnlineEvidence.objects.values("incident_id")
    online = Q(pk__in=with_forms) | Q(pk__in=with_evidence)
    per_year = {r["date_year"]: r for r in incidents.values("date_year").annotate(
        incidents=Count("id"),
        online=Count("id", filter=online),
        with_forms=Count("id", filter=Q(pk__in=with_forms)),
        with_evidence=Count("id", filter=Q(pk__in=with_evidence)),
    ).order_by()}
    by_form: dict[tuple[int, str], int] = {
        (r["incident__date_year"], r["term__code"]): r["n"]
        for r in Incident.forms.through.objects.filter(incident__case_id__in=visible, term__vocabulary="reprisal_form",
                                                       term__code__in=ONLINE_FORMS)
        .values("incident__date_year", "term__code").annotate(n=Count("incident_id", distinct=True)).order_by()
    }
    by_platform: dict[tuple[int, str], int] = {
        (r["incident__date_year"], r["platform"]): r["n"]
        for r in OnlineEvidence.objects.filter(incident__case_id__in=visible)
        .values("incident__date_year", "platform").annotate(n=Count("incident_id", distinct=True)).order_by()
    }
    years = []
    for year in sorted(per_year, reverse=True):
        row = dict(per_year[year])
        row["year"] = year
        row["share"] = round(100 * row["online"] / row["incidents"]) if row["incidents"] else 0
        row["forms"] = [by_form.get((year, code), 0) for code in ONLINE_FORMS]
        row["platforms"] = [by_platform.get((year, code), 0) for code, _label in Platform.choices]
        years.append(row)
    totals = {key: sum(r[key] for r in years) for key in ("incidents", "online", "with_forms", "with_evidence")}
    return OnlineStats(
        years=years, forms=list(ONLINE_FORMS), platforms=list(Platform.choices),
        by_platform_total={code: sum(n for (_y, c), n in by_platform.items() if c == code) for code in Platform.values},
        by_form_total={code: sum(n for (_y, c), n in by_form.items() if c == code) for code in ONLINE_FORMS},
        totals=totals,
    )
