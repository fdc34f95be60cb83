"""Reads of linkage that depend on who asks: the review queue, persons, and the patterns they reveal.

A candidate is visible when both of its parties' cases are visible to the user
(``cases.selectors.cases_visible_to``); a person is visible through the members whose cases are, and
shows only those. What is not visible is not found.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.models import AffectedParty, Engagement, Incident, PartyKind
from reprisals.cases.selectors import cases_visible_to
from reprisals.core.errors import Forbidden, NotFound
from reprisals.linkage import patterns
from reprisals.linkage.compare import FIELD_LABELS
from reprisals.linkage.models import CandidateStatus, MatchCandidate, Person, PersonLink


def _check(user: Any) -> None:
    if not has_cap(user, Cap.LINKAGE_REVIEW):
        raise Forbidden()


def _visible_cases(user: Any) -> QuerySet:
    return cases_visible_to(user).values("pk")


def candidates_visible_to(user: Any) -> QuerySet[MatchCandidate]:
    _check(user)
    visible = _visible_cases(user)
    return MatchCandidate.objects.filter(party_a__case__in=visible, party_b__case__in=visible)


def candidate_queue(user: Any, *, status: str = CandidateStatus.PROPOSED) -> QuerySet[MatchCandidate]:
    """Candidates of one status, strongest first."""
    return candidates_visible_to(user).filter(status=status).order_by("-score", "id")


def candidate_get_for_user(user: Any, candidate_id: int | str) -> MatchCandidate:
    try:
        pk = int(candidate_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    found = candidates_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def person_get_for_user(user: Any, person_id: int | str) -> Person:
    _check(user)
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    person = Person.objects.filter(pk=pk, links__party__case__in=_visible_cases(user)).distinct().first()
    if person is None:
        raise NotFound()
    return person


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


def party_cards(party_ids: list[int]) -> dict[int, PartyCard]:
    """Cards for parties already known to be visible (a handful of queries for any number)."""
    parties = (AffectedParty.objects.filter(pk__in=party_ids)
               .select_related("case", "case__country").prefetch_related("roles"))
    case_ids = {p.case_id for p in parties}
    bodies: dict[int, set[str]] = defaultdict(set)
    for case_id, code in Engagement.objects.filter(case_id__in=case_ids).values_list("case_id", "un_body__code"):
        bodies[case_id].add(code)
    persons = dict(PersonLink.objects.filter(party_id__in=party_ids).values_list("party_id", "person_id"))
    out = {}
    for p in parties:
        out[p.pk] = PartyCard(
            id=p.pk, display_name=p.display_name, anonymous=p.is_anonymous, kind=p.kind,
            other_spellings=[] if p.is_anonymous else list(p.name_variants or []),
            country=p.case.country.iso3, country_name=p.case.country.name,
            roles=[t.label for t in p.roles.all()], case_id=p.case_id, case_reference=p.case.reference,
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


def candidate_views(candidates: list[MatchCandidate]) -> list[CandidateView]:
    ids = [c.party_a_id for c in candidates] + [c.party_b_id for c in candidates]
    cards = party_cards(ids)
    return [CandidateView(c, cards[c.party_a_id], cards[c.party_b_id]) for c in candidates
            if c.party_a_id in cards and c.party_b_id in cards]


def person_members(user: Any, person: Person) -> list[PartyCard]:
    """The members of a person that the user may see, oldest case first."""
    visible = _visible_cases(user)
    ids = list(PersonLink.objects.filter(person=person, party__case__in=visible).values_list("party_id", flat=True))
    cards = party_cards(ids)
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
