"""Reads that depend on who asks. Every view, API operation and export reads cases through here.

``cases_visible_to`` is the object half of the permission layer: a role's capability opens the door,
compartments and the focal point's entity decide which cases are behind it. Anything not visible is
reported as not found, so a caller cannot learn that a restricted case exists.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import get_language, gettext, gettext_noop

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases import search
from reprisals.cases.models import (
    AffectedParty,
    Allegation,
    Case,
    ConsentUse,
    Engagement,
    Incident,
    StatusChange,
)
from reprisals.cases.workflow import OPEN_STATUSES
from reprisals.core.errors import NotFound, ValidationFailed
from reprisals.core.prepared import PreparedQueries, StandIns
from reprisals.reference.i18n import localized_name


def _in_compartment(user: Any) -> Q:
    member = Case.compartment.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk)
    return Q(is_restricted=False) | Q(Exists(member))


def cases_visible_to(user: Any) -> QuerySet[Case]:
    qs = Case.objects.all()
    if has_cap(user, Cap.CASE_VIEW_ALL):
        return qs.filter(_in_compartment(user))
    if has_cap(user, Cap.CASE_VIEW) and getattr(user, "entity_id", None):
        raised = Allegation.objects.filter(case_id=OuterRef("pk"), source_entity_id=user.entity_id)
        return qs.filter(Exists(raised)).filter(_in_compartment(user))
    return qs.none()


def reveal_rule_allegation(user: Any, allegation: Allegation) -> bool:
    """The object rule of ``core.access.may_reveal`` for a reader who does not see every case (a focal
    point): the identity and contact of the source of an allegation its own entity sent, nothing else."""
    entity = getattr(user, "entity_id", None)
    return bool(entity) and allegation.source_entity_id == entity


def case_get_for_user(user: Any, case_id: int | str) -> Case:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    case = cases_visible_to(user).select_related("country", "assigned_to").filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def case_get_by_reference_for_user(user: Any, reference: str) -> Case:
    case = cases_visible_to(user).filter(reference=reference).first()
    if case is None:
        raise NotFound()
    return case


def case_references(text: str) -> list[str]:
    """Case references as people type them into one field: separated by spaces, commas, semicolons or
    bars, in any case; upper-cased, each once, in the order given."""
    return list(dict.fromkeys(part.upper() for part in re.split(r"[\s,;|]+", text or "") if part))


def cases_by_references_for_user(user: Any, text: str) -> list[Case]:
    """The cases named in ``text`` (``case_references``), all visible to ``user``; the first that is not
    is refused naming ``cases``, without telling whether it exists."""
    cases = []
    for reference in case_references(text):
        try:
            cases.append(case_get_by_reference_for_user(user, reference))
        except NotFound:
            raise ValidationFailed.single("cases", gettext("there is no case %(reference)s that you may see")
                                          % {"reference": reference}) from None
    return cases


@dataclass(frozen=True)
class CaseFilters:
    """The list filters, already validated (ids and codes, never raw user text except ``text``)."""

    country: int | None = None
    regional_group: str | None = None
    un_body: int | None = None
    form: int | None = None
    role: int | None = None
    status: str | None = None
    open_only: bool = False
    year: int | None = None
    assigned_to: int | None = None
    unassigned: bool = False
    risk_level: str | None = None
    text: str = ""


def case_list(user: Any, filters: CaseFilters) -> QuerySet[Case]:
    """Visible cases matching the filters, newest first. Related filters are ``id IN (subquery)``, never
    joins that multiply rows: both databases build the matching set once from the related table's index
    and then walk cases newest first, so keyset pagination stays exact and cheap."""
    qs = cases_visible_to(user)
    f = filters
    if f.country:
        qs = qs.filter(country_id=f.country)
    if f.regional_group:
        qs = qs.filter(country__regional_group=f.regional_group)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.risk_level:
        qs = qs.filter(risk_level=f.risk_level)
    if f.assigned_to:
        qs = qs.filter(assigned_to_id=f.assigned_to)
    if f.unassigned:
        qs = qs.filter(assigned_to__isnull=True)
    if f.un_body:
        qs = qs.filter(pk__in=Engagement.objects.filter(un_body_id=f.un_body).values("case_id"))
    if f.form:
        qs = qs.filter(pk__in=Incident.forms.through.objects.filter(term_id=f.form).values("incident__case_id"))
    if f.role:
        qs = qs.filter(
            pk__in=AffectedParty.roles.through.objects.filter(term_id=f.role).values("affectedparty__case_id")
        )
    if f.text:
        qs = search.filter_by_text(qs, f.text)
    return qs.order_by("-id")


# The case list counts its matches up to here and says "more than" beyond: the count then reads at most
# this many ids from an index (the list itself is keyset-paginated and never needs a total).
CASE_COUNT_LIMIT = 10_000


def case_count(user: Any, filters: CaseFilters, *, limit: int | None = None) -> int:
    """How many visible cases match ``filters``, counted exactly up to ``limit``; a result above ``limit``
    (it is then ``limit + 1``) means "more than ``limit``". ``COUNT(*)`` over ``LIMIT limit + 1`` ids
    without an order: the cost is bounded by the limit, not by the size of the register."""
    limit = CASE_COUNT_LIMIT if limit is None else limit
    return case_list(user, filters).order_by().values("pk")[: limit + 1].count()


# The filters that carry a value (the others are flags that change the query's form).
_VALUE_FILTERS = {"country": int, "regional_group": str, "un_body": int, "form": int, "role": int, "status": str,
                  "year": int, "assigned_to": int, "risk_level": str}
_LIST_PAGES = PreparedQueries()


def case_list_page(user: Any, filters: CaseFilters, columns: Sequence[str], *, after: int | None = None,
                   limit: int) -> list[tuple[Any, ...]]:
    """``case_list(user, filters)`` older than ``after``, as ``values_list(*columns)[:limit]``: the same
    rows, from SQL compiled once per shape of request (``core.prepared``). The list API's hot path: the
    ORM's build and compile cost more than the database's answer to a cheap filter."""
    match = search.text_match(filters.text) if filters.text else None
    entity = getattr(user, "entity_id", None)
    given = tuple(name for name in _VALUE_FILTERS if getattr(filters, name))  # as case_list tests them
    # Everything ``cases_visible_to`` branches on; the reader's own ids are stand-ins below.
    access = (getattr(user, "role", ""), has_cap(user, Cap.CASE_VIEW_ALL), has_cap(user, Cap.CASE_VIEW), bool(entity))
    shape = ("case_list", access, given,
             filters.open_only, filters.unassigned, match is not None, after is not None, limit, tuple(columns))

    def build(stand: StandIns) -> QuerySet[Case]:
        reader = copy.copy(user)
        reader.pk = stand.int("user")
        if entity:
            reader.entity_id = stand.int("entity")
        values = {name: stand.int(name) if _VALUE_FILTERS[name] is int else stand.text(name) for name in given}
        text = stand.word("text", search.text_match) if match is not None else ""
        qs = case_list(reader, dataclasses.replace(filters, **values, text=text))
        if after is not None:
            qs = qs.filter(pk__lt=stand.int("after"))
        return qs.values_list(*columns)[:limit]

    def ordinary() -> QuerySet[Case]:
        qs = case_list(user, filters)
        if after is not None:
            qs = qs.filter(pk__lt=after)
        return qs.values_list(*columns)[:limit]

    values = {"user": user.pk, "entity": entity, "text": match, "after": after,
              **{name: getattr(filters, name) for name in given}}
    return _LIST_PAGES.rows(shape, build, values, ordinary)


def case_detail(user: Any, case_id: int | str) -> Case:
    """A case with everything its page shows, in a fixed number of queries."""
    case = case_get_for_user(user, case_id)
    return (
        Case.objects.filter(pk=case.pk)
        .select_related("country", "assigned_to")
        .prefetch_related(
            Prefetch("parties", queryset=AffectedParty.objects.prefetch_related("roles", "consequences", "consents")),
            Prefetch("incidents",
                     queryset=Incident.objects.select_related("perpetrator", "country").prefetch_related("forms")),
            Prefetch("engagements", queryset=Engagement.objects.select_related("un_body", "kind")),
            Prefetch("allegations", queryset=Allegation.objects.select_related("source_entity", "country")),
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("actor")),
            "compartment",
        )
        .get()
    )


@dataclass(frozen=True, order=True)
class TimelineEvent:
    """One line of a case's timeline. Sources build it while the page or API response is made, inside the
    reader's request, so ``title`` and ``detail`` are in the reader's language: fixed words through gettext,
    reference names through ``localized_name``. Text a person wrote (a narrative, a reason) stays as written."""

    when: dt.date
    order: int
    kind: str = field(compare=False)
    title: str = field(compare=False)
    detail: str = field(compare=False, default="")
    date_label: str = field(compare=False, default="")


# Reasons that the system writes on a status change, not a person ("Case opened"; follow-up adds "Communication
# %(what)s sent by %(body)s on %(date)s." and others). They are stored as their English source text, the gettext
# msgid with language-neutral values (a document symbol, an ISO date, an English register name), which is the same
# whoever wrote them, and translated for the reader when shown: ``status_reason`` recognises the msgid, takes the
# values back out, lets the app that wrote it name them in the reader's language, and fills the translation.
# Rows written before, in the writer's language, were rewritten by cases migration 0008.


@dataclass(frozen=True)
class SystemReason:
    msgid: str
    pattern: re.Pattern[str]
    localize: Callable[[dict[str, str]], dict[str, str]] | None = None


SYSTEM_REASONS: dict[str, SystemReason] = {}
VALUE = {"date": r"\d{4}-\d{2}-\d{2}"}  # what a value may be, when ".+?" could swallow the words around it


def register_system_reason(msgid: str, localize: Callable[[dict[str, str]], dict[str, str]] | None = None) -> str:
    """Declare a reason the system writes (mark the msgid with ``gettext_noop``); returns the msgid.
    ``localize`` turns the stored values (English) into the reader's language."""
    parts = re.split(r"%\((\w+)\)s", msgid)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>{VALUE.get(part, '.+?')})"
                    for i, part in enumerate(parts))
    SYSTEM_REASONS[msgid] = SystemReason(msgid, re.compile(regex, re.DOTALL), localize)
    return msgid


def system_reason_text(msgid: str, **values: str) -> str:
    """The stored form of a system reason: its English source text with the values filled in."""
    assert msgid in SYSTEM_REASONS, f"not a registered system reason: {msgid!r}"
    return msgid % values if values else msgid


def status_reason(change: StatusChange) -> str:
    """The reason of a status change for the reader: a system reason in the active language, a person's as written."""
    text = change.reason
    for reason in SYSTEM_REASONS.values():
        found = reason.pattern.fullmatch(text)
        if found is None:
            continue
        values = found.groupdict()
        if not values:
            return gettext(reason.msgid)
        return gettext(reason.msgid) % (reason.localize(values) if reason.localize else values)
    return text


REASON_CASE_OPENED = register_system_reason(gettext_noop("Case opened"))


def list_separator() -> str:
    """The separator of a short list in the active language: the Chinese enumeration comma, the Arabic comma."""
    lang = (get_language() or "en").lower()
    return "、" if lang.startswith("zh") else "، " if lang.startswith("ar") else ", "


# Other apps add their events (communications, responses, developments) by appending a function
# ``(case) -> list[TimelineEvent]`` here from their AppConfig.ready(); cases never imports them.
TIMELINE_SOURCES: list[Callable[[Case], list[TimelineEvent]]] = []


def case_timeline(case: Case) -> list[TimelineEvent]:
    """Everything that happened to a case, oldest first: allegations, engagements, incidents, status
    changes, and what other apps register in ``TIMELINE_SOURCES``. Takes a case loaded by
    ``case_detail`` (prefetched) so that its own events add no queries. Call it with the reader's
    language active: the titles are made in it."""
    events: list[TimelineEvent] = []
    for source in TIMELINE_SOURCES:
        events.extend(source(case))
    for a in case.allegations.all():
        sender = localized_name(a.source_entity) if a.source_entity else str(a.get_channel_display())
        events.append(TimelineEvent(a.received_on, 1, "allegation", f"{a.reference} · {sender}", a.narrative,
                                    a.received_on.isoformat()))
    for e in case.engagements.all():
        events.append(TimelineEvent(e.date.earliest, 0, "engagement",
                                    f"{localized_name(e.kind)} · {localized_name(e.un_body)}",
                                    e.description, str(e.date)))
    for i in case.incidents.all():
        forms = list_separator().join(localized_name(t) for t in i.forms.all())
        events.append(TimelineEvent(i.date.earliest, 2, "incident", forms, i.description, str(i.date)))
    for s in case.status_changes.all():
        when = s.at.date()
        label = s.get_to_status_display()
        events.append(TimelineEvent(when, 3, "status", str(label), status_reason(s), when.isoformat()))
    return sorted(events)


def consent_in_force(party: AffectedParty, use: str) -> bool:
    """The latest decision on this use; no decision means no consent."""
    decisions = sorted(party.consents.all(), key=lambda c: (c.recorded_at, c.pk), reverse=True)
    for decision in decisions:
        if decision.use == use:
            return decision.granted
    return False


def parties_without_consent(case: Case, use: str) -> list[AffectedParty]:
    """The parties of ``case`` for whom no consent to ``use`` is in force (never asked, or refused)."""
    parties = case.parties.prefetch_related("consents").order_by("id")
    return [p for p in parties if not consent_in_force(p, use)]


def consent_summary(party: AffectedParty) -> dict[str, bool]:
    return {use: consent_in_force(party, use) for use in ConsentUse.values}


def allegations_in_triage(user: Any) -> QuerySet[Allegation]:
    qs = Allegation.objects.filter(case__isnull=True).select_related("country", "source_entity")
    if has_cap(user, Cap.CASE_VIEW_ALL):
        return qs
    if has_cap(user, Cap.ALLEGATION_CREATE) and getattr(user, "entity_id", None):
        return qs.filter(source_entity_id=user.entity_id)
    return qs.none()


def allegation_get_for_user(user: Any, allegation_id: int | str) -> Allegation:
    try:
        pk = int(allegation_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    allegation = Allegation.objects.select_related("case", "country", "source_entity").filter(pk=pk).first()
    if allegation is None:
        raise NotFound()
    if allegation.case_id is None:
        if not allegations_in_triage(user).filter(pk=pk).exists():
            raise NotFound()
    elif not cases_visible_to(user).filter(pk=allegation.case_id).exists():
        raise NotFound()
    return allegation


def dashboard(user: Any) -> dict[str, Any]:
    visible = cases_visible_to(user)
    open_cases = visible.filter(status__in=OPEN_STATUSES)
    by_status = dict(open_cases.values_list("status").annotate(n=Count("id")).order_by())
    top_states = list(
        open_cases.values("country__name", "country__iso3", "country_id").annotate(n=Count("id"))
        .order_by("-n", "country__name")[:10]
    )
    return {
        "open_by_status": by_status,
        "open_total": sum(by_status.values()),
        "top_states": top_states,
        "newest_allegations": list(
            Allegation.objects.filter(Q(case__in=visible) | Q(pk__in=allegations_in_triage(user).values("pk")))
            .select_related("country", "source_entity", "case")
            .order_by("-received_on", "-id")[:10]
        ),
        "triage_count": allegations_in_triage(user).count(),
        "urgent": list(open_cases.filter(risk_level="urgent").select_related("country")[:10]),
        "mine": open_cases.filter(assigned_to_id=user.pk).count(),
        "unassigned": open_cases.filter(assigned_to__isnull=True).count(),
    }
