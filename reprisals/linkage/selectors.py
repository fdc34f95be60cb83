"""Reads of linkage that depend on who asks: the review queue, persons, and the patterns they reveal.

A candidate is visible when both of its parties' cases are visible to the user
(``cases.selectors.cases_visible_to``); a person is visible through the members whose cases are, and
shows only those. What is not visible is not found. The same holds for duplicate allegations: a pair
is visible when both allegations are (in a visible case, or in triage the user may see).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.models import AffectedParty, Allegation, Engagement, Incident, PartyKind
from reprisals.cases.selectors import allegations_in_triage, cases_visible_to
from reprisals.core.errors import Forbidden, NotFound
from reprisals.linkage import allegations as dup
from reprisals.linkage import patterns
from reprisals.linkage.compare import FIELD_LABELS
from reprisals.linkage.models import (
    AllegationCandidate,
    CandidateStatus,
    IncidentGroup,
    IncidentGroupMember,
    MatchCandidate,
    Person,
    PersonLink,
)
from reprisals.reference.i18n import localized_name, term_label
from reprisals.reference.models import Term


def _check(user: Any) -> None:
    if not has_cap(user, Cap.LINKAGE_REVIEW):
        raise Forbidden()


def _visible_cases(user: Any) -> QuerySet:
    return cases_visible_to(user).values("pk")


def candidates_visible_to(user: Any) -> QuerySet[MatchCandidate]:
    _check(user)
    visible = _visible_cases(user)
    return MatchCandidate.objects.filter(party_a__case__in=visible, party_b__case__in=visible)


def already_one_person() -> Exists:
    """A pair whose two parties are already in one person (linked through other pairs)."""
    person_of_a = PersonLink.objects.filter(party_id=OuterRef(OuterRef("party_a_id"))).values("person_id")[:1]
    return Exists(PersonLink.objects.filter(party_id=OuterRef("party_b_id"), person_id=Subquery(person_of_a)))


def candidate_queue(user: Any, *, status: str = CandidateStatus.PROPOSED) -> QuerySet[MatchCandidate]:
    """Candidates of one status, strongest first. A proposed pair whose parties are already one person
    (through other accepted pairs) has nothing left to decide and is left out; it comes back if an
    unmerge parts them."""
    queue = candidates_visible_to(user).filter(status=status)
    if status == CandidateStatus.PROPOSED:
        queue = queue.exclude(already_one_person())
    return queue.order_by("-score", "id")


def candidate_get_for_user(user: Any, candidate_id: int | str) -> MatchCandidate:
    try:
        pk = int(candidate_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    found = candidates_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def persons_shown(user: Any, person_ids: Any) -> set[int]:
    """The persons of ``person_ids`` the user may know of: those with at least two reports it may see.
    A person seen through one report would tell the user that the same person is named in a report out
    of its sight (a compartment, another entity's case), which a compartment exists to hide."""
    ids = {int(i) for i in person_ids if i is not None}
    if not ids:
        return set()
    return set(PersonLink.objects.filter(person_id__in=ids, party__case__in=_visible_cases(user))
               .values("person_id").annotate(n=Count("pk")).filter(n__gte=2).values_list("person_id", flat=True))


def person_get_for_user(user: Any, person_id: int | str) -> Person:
    _check(user)
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    person = Person.objects.filter(pk=pk).first()
    if person is None or pk not in persons_shown(user, [pk]):
        raise NotFound()
    return person


def linked_party_groups(party_ids: Any) -> dict[int, int]:
    """Confirmed links for other apps (the report's patterns, ``reports.patterns``): party id → the id
    of the person a reviewer linked it to, for those of ``party_ids`` that are linked. Ids only; the
    caller decides what it may show."""
    ids = [int(i) for i in party_ids]
    out: dict[int, int] = {}
    for start in range(0, len(ids), 900):  # within SQLite's limit on query parameters
        out.update(PersonLink.objects.filter(party_id__in=ids[start:start + 900]).values_list("party_id", "person_id"))
    return out


# ---------------------------------------------------------------- what a reviewer sees of a party


@dataclass
class PartyCard:
    """One side of a candidate, or one member of a person: only what the reviewer may see."""

    id: int
    display_name: str
    anonymous: bool
    kind: str
    other_spellings: list[str]
    country: str
    country_name: str
    roles: list[str]
    case_id: int
    case_reference: str
    case_title: str
    year: int
    un_bodies: list[str] = field(default_factory=list)
    person_id: int | None = None


def party_cards(user: Any, party_ids: list[int]) -> dict[int, PartyCard]:
    """Cards for parties already known to be visible (a handful of queries for any number). A card names
    its person only when the user may know of it (``persons_shown``)."""
    parties = (AffectedParty.objects.filter(pk__in=party_ids)
               .select_related("case", "case__country").prefetch_related("roles"))
    case_ids = {p.case_id for p in parties}
    bodies: dict[int, set[str]] = defaultdict(set)
    for case_id, code in Engagement.objects.filter(case_id__in=case_ids).values_list("case_id", "un_body__code"):
        bodies[case_id].add(code)
    persons = dict(PersonLink.objects.filter(party_id__in=party_ids).values_list("party_id", "person_id"))
    shown = persons_shown(user, persons.values())
    persons = {party: person for party, person in persons.items() if person in shown}
    out = {}
    for p in parties:
        out[p.pk] = PartyCard(
            id=p.pk, display_name=p.display_name, anonymous=p.is_anonymous, kind=p.kind,
            other_spellings=[] if p.is_anonymous else list(p.name_variants or []),
            country=p.case.country.iso3, country_name=localized_name(p.case.country),
            roles=[localized_name(t) for t in p.roles.all()], case_id=p.case_id, case_reference=p.case.reference,
            case_title=p.case.title, year=p.case.year, un_bodies=sorted(bodies.get(p.case_id, ())),
            person_id=persons.get(p.pk),
        )
    return out


@dataclass
class CandidateView:
    candidate: MatchCandidate
    a: PartyCard
    b: PartyCard

    @property
    def reason_rows(self) -> list[tuple[str, str, float | None]]:
        """(field, what was found, evidence weight) for the fields present on both sides, translated."""
        rows = []
        why = self.candidate.reasons or {}
        for key in ("given", "family"):
            if isinstance(why.get(key), dict) and why[key].get("level"):
                title = _("Given name") if key == "given" else _("Family name")
                rows.append((title, _(str(why[key].get("label", ""))), None))
        for name, r in (why.get("fields") or {}).items():
            if isinstance(r, dict) and r.get("level"):
                rows.append((_(FIELD_LABELS.get(name, name)), _(str(r.get("label", ""))), r.get("weight")))
        return rows


def candidate_views(user: Any, candidates: list[MatchCandidate]) -> list[CandidateView]:
    ids = [c.party_a_id for c in candidates] + [c.party_b_id for c in candidates]
    cards = party_cards(user, ids)
    return [CandidateView(c, cards[c.party_a_id], cards[c.party_b_id]) for c in candidates
            if c.party_a_id in cards and c.party_b_id in cards]


def person_members(user: Any, person: Person) -> list[PartyCard]:
    """The members of a person that the user may see, oldest case first."""
    visible = _visible_cases(user)
    ids = list(PersonLink.objects.filter(person=person, party__case__in=visible).values_list("party_id", flat=True))
    cards = party_cards(user, ids)
    return sorted(cards.values(), key=lambda c: (c.year, c.case_reference, c.id))


# ---------------------------------------------------------------- patterns


def linkage_patterns(user: Any, *, limit: int = 200) -> patterns.Patterns:
    """Patterns across the linked records the user may see: persons targeted again after a first report,
    persons raised by several UN bodies, families, organisations targeted together."""
    _check(user)
    visible = _visible_cases(user)
    rows = list(AffectedParty.objects.filter(case__in=visible).values_list(
        "pk", "case_id", "kind", "name", "is_anonymous", "description", "case__country__iso3", "case__year",
        "case__reference",
    ))
    person_of = dict(PersonLink.objects.filter(party__case__in=visible).values_list("party_id", "person_id"))
    shown = persons_shown(user, person_of.values())
    person_of = {party: person for party, person in person_of.items() if person in shown}
    case_ids = {r[1] for r in rows}
    years: dict[int, set[int]] = defaultdict(set)
    for case_id, year in Incident.objects.filter(case_id__in=case_ids).values_list("case_id", "date_year"):
        years[case_id].add(year)
    bodies: dict[int, set[str]] = defaultdict(set)
    for case_id, code in Engagement.objects.filter(case_id__in=case_ids).values_list("case_id", "un_body__code"):
        bodies[case_id].add(code)
    parties = [
        patterns.PartyFact(
            party_id=pk, entity=("P", person_of[pk]) if pk in person_of else ("A", pk), case_id=case_id,
            case_reference=reference, kind="organisation" if kind == PartyKind.ORGANISATION else "individual",
            name="" if anonymous else name, label=name if not anonymous else (description or "—"),
            country=iso3, years=tuple(sorted(years.get(case_id) or {case_year})),
            un_bodies=tuple(sorted(bodies.get(case_id, ()))),
        )
        for pk, case_id, kind, name, anonymous, description, iso3, case_year, reference in rows
    ]
    return patterns.find(parties, limit=limit)


# ---------------------------------------------------------------- duplicate allegations


def allegations_visible_to(user: Any) -> QuerySet[Allegation]:
    """Allegations in a case the user may see, and those in triage the user may see."""
    return Allegation.objects.filter(
        Q(case__in=_visible_cases(user)) | Q(case__isnull=True, pk__in=allegations_in_triage(user).values("pk")))


def allegation_candidates_visible_to(user: Any) -> QuerySet[AllegationCandidate]:
    """Pairs whose two allegations the user may see: a restricted case's allegations never show to
    someone outside its compartment, not even as the other side of a pair."""
    _check(user)
    visible = allegations_visible_to(user).values("pk")
    return AllegationCandidate.objects.filter(allegation_a__in=visible, allegation_b__in=visible)


def already_one_incident() -> Exists:
    """A pair whose two allegations are already in one incident group (grouped through other pairs)."""
    group_of_a = IncidentGroupMember.objects.filter(
        allegation_id=OuterRef(OuterRef("allegation_a_id"))).values("group_id")[:1]
    return Exists(IncidentGroupMember.objects.filter(allegation_id=OuterRef("allegation_b_id"),
                                                     group_id=Subquery(group_of_a)))


def allegation_candidate_queue(user: Any, *, status: str = CandidateStatus.PROPOSED) -> QuerySet[AllegationCandidate]:
    """Candidates of one status, strongest first; a proposed pair already in one group is left out (as for
    persons)."""
    queue = allegation_candidates_visible_to(user).filter(status=status)
    if status == CandidateStatus.PROPOSED:
        queue = queue.exclude(already_one_incident())
    return queue.order_by("-score", "id")


def allegation_candidate_get_for_user(user: Any, candidate_id: int | str) -> AllegationCandidate:
    try:
        pk = int(candidate_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    found = allegation_candidates_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def groups_shown(user: Any, group_ids: Any) -> set[int]:
    """The incident groups the user may know of: those with at least two allegations it may see (as for
    persons, ``persons_shown``)."""
    ids = {int(i) for i in group_ids if i is not None}
    if not ids:
        return set()
    visible = allegations_visible_to(user).values("pk")
    return set(IncidentGroupMember.objects.filter(group_id__in=ids, allegation__in=visible)
               .values("group_id").annotate(n=Count("pk")).filter(n__gte=2).values_list("group_id", flat=True))


def incident_group_get_for_user(user: Any, group_id: int | str) -> IncidentGroup:
    """A group with at least two members the user may see (and only those are shown)."""
    _check(user)
    try:
        pk = int(group_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    group = IncidentGroup.objects.filter(pk=pk).first()
    if group is None or pk not in groups_shown(user, [pk]):
        raise NotFound()
    return group


@dataclass
class AllegationCard:
    """One side of a duplicate candidate, or one member of a group: what the reviewer may see of it. The
    source's identity and contact (protected) are never part of it; nor are party names."""

    id: int
    reference: str
    received_on: str
    channel: str
    source: str
    source_reference: str
    country: str
    country_name: str
    case_id: int | None
    case_reference: str
    incident_dates: list[str]
    forms: list[str]
    un_bodies: list[str]
    parties: int
    narrative: str
    group_id: int | None = None


NARRATIVE_EXCERPT = 600


def allegation_cards(user: Any, allegation_ids: list[int]) -> dict[int, AllegationCard]:
    """Cards for allegations already known to be visible (a handful of queries for any number). A card
    names its incident group only when the user may know of it (``groups_shown``)."""
    from reprisals.intake.models import Submission

    rows = list(Allegation.objects.filter(pk__in=allegation_ids).select_related("case", "country", "source_entity"))
    case_ids = {a.case_id for a in rows if a.case_id}
    triage = [a.pk for a in rows if a.case_id is None]
    dates: dict[int, list[str]] = defaultdict(list)
    forms: dict[int, set[str]] = defaultdict(set)
    for incident in Incident.objects.filter(case_id__in=case_ids).prefetch_related("forms"):
        dates[incident.case_id].append(str(incident.date))
        forms[incident.case_id].update(localized_name(t) for t in incident.forms.all())
    bodies: dict[int, set[str]] = defaultdict(set)
    for case_id, code in Engagement.objects.filter(case_id__in=case_ids).values_list("case_id", "un_body__code"):
        bodies[case_id].add(code)
    parties = dict(AffectedParty.objects.filter(case_id__in=case_ids).values("case_id")
                   .annotate(n=Count("pk")).values_list("case_id", "n"))
    labels = {code: term_label("reprisal_form", code, english)
              for code, english in Term.objects.filter(vocabulary="reprisal_form").values_list("code", "label")}
    submitted = {s.allegation_id: s for s in Submission.objects.filter(allegation_id__in=triage)
                 .select_related("un_body").only("allegation_id", "incident_date", "forms", "un_body__code")}
    groups = dict(IncidentGroupMember.objects.filter(allegation_id__in=allegation_ids)
                  .values_list("allegation_id", "group_id"))
    shown = groups_shown(user, groups.values())
    groups = {allegation: group for allegation, group in groups.items() if group in shown}
    out = {}
    for a in rows:
        if a.case_id:
            d, f, b, n = sorted(dates.get(a.case_id, [])), sorted(forms.get(a.case_id, ())), \
                sorted(bodies.get(a.case_id, ())), parties.get(a.case_id, 0)
        elif (s := submitted.get(a.pk)) is not None:
            d = [s.incident_date] if s.incident_date else []
            f = sorted(labels.get(c, c) for c in (s.forms or []) if isinstance(c, str))
            b, n = ([s.un_body.code] if s.un_body_id else []), 0
        else:
            d, f, b, n = [], [], [], 0
        narrative = a.narrative if len(a.narrative) <= NARRATIVE_EXCERPT else a.narrative[:NARRATIVE_EXCERPT] + "…"
        out[a.pk] = AllegationCard(
            id=a.pk, reference=a.reference, received_on=a.received_on.isoformat(), channel=a.channel,
            source=localized_name(a.source_entity) if a.source_entity else str(a.get_channel_display()),
            source_reference=a.source_reference, country=a.country.iso3, country_name=localized_name(a.country),
            case_id=a.case_id, case_reference=a.case.reference if a.case else "", incident_dates=d, forms=f,
            un_bodies=b, parties=n, narrative=narrative, group_id=groups.get(a.pk),
        )
    return out


@dataclass
class AllegationCandidateView:
    candidate: AllegationCandidate
    a: AllegationCard
    b: AllegationCard

    @property
    def reason_rows(self) -> list[tuple[str, str, float | None]]:
        """(field, what was found, evidence weight), translated; the source carries no weight."""
        rows = []
        for name, r in ((self.candidate.reasons or {}).get("fields") or {}).items():
            if isinstance(r, dict) and r.get("level") != "missing":
                weight = r.get("weight") if name != "source" else None
                rows.append((_(dup.FIELD_LABELS.get(name, name)), _(str(r.get("label", ""))), weight))
        return rows


def allegation_candidate_views(user: Any, candidates: list[AllegationCandidate]) -> list[AllegationCandidateView]:
    ids = [c.allegation_a_id for c in candidates] + [c.allegation_b_id for c in candidates]
    cards = allegation_cards(user, ids)
    return [AllegationCandidateView(c, cards[c.allegation_a_id], cards[c.allegation_b_id]) for c in candidates
            if c.allegation_a_id in cards and c.allegation_b_id in cards]


def incident_group_members(user: Any, group: IncidentGroup) -> list[AllegationCard]:
    """The members of a group that the user may see, first received first (the original report)."""
    visible = allegations_visible_to(user).values("pk")
    ids = list(IncidentGroupMember.objects.filter(group=group, allegation__in=visible)
               .values_list("allegation_id", flat=True))
    return sorted(allegation_cards(user, ids).values(), key=lambda c: (c.received_on, c.reference))
