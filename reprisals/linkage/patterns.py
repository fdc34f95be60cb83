"""Patterns that only linked records show (pure functions over plain facts; the selector loads them).

An *entity* is a linked person (``("P", person_id)``) or a party not linked to anyone (``("A", party_id)``).

- persons targeted again: a linked person whose cases span more than one year;
- persons raised by several UN bodies: a linked person whose cases involve two or more UN bodies;
- families: people of one State who share a family name (same consonant skeleton, so spellings in
  other scripts meet) but are clearly not the same person (different given names): relatives, or
  namesakes worth a look, never merged;
- organisations targeted together: two organisations named in the same cases at least twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from reprisals.linkage import names as N
from reprisals.linkage.compare import INDIVIDUAL, Record, given_compatible, prepare


@dataclass(frozen=True)
class PartyFact:
    party_id: int
    entity: tuple[str, int]
    case_id: int
    case_reference: str
    kind: str
    name: str  # empty for anonymous parties
    label: str  # what may be shown: the name, or the public description of an anonymous party
    country: str
    years: tuple[int, ...]
    un_bodies: tuple[str, ...]


@dataclass
class EntitySummary:
    entity: tuple[str, int]
    labels: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    cases: list[tuple[str, int]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    un_bodies: list[str] = field(default_factory=list)

    @property
    def person_id(self) -> int | None:
        return self.entity[1] if self.entity[0] == "P" else None

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else ""


@dataclass
class Family:
    country: str
    family_name: str
    members: list[EntitySummary]


@dataclass
class OrganisationsTogether:
    members: list[EntitySummary]
    cases: list[tuple[str, int]]


@dataclass
class Patterns:
    targeted_again: list[EntitySummary]
    several_bodies: list[EntitySummary]
    families: list[Family]
    organisations_together: list[OrganisationsTogether]


def _summaries(parties: list[PartyFact]) -> dict[tuple[str, int], EntitySummary]:
    out: dict[tuple[str, int], EntitySummary] = {}
    for p in sorted(parties, key=lambda p: (min(p.years) if p.years else 0, p.case_id)):
        s = out.setdefault(p.entity, EntitySummary(p.entity))
        if p.label and p.label not in s.labels:
            s.labels.append(p.label)
        if p.country and p.country not in s.countries:
            s.countries.append(p.country)
        if (p.case_reference, p.case_id) not in s.cases:
            s.cases.append((p.case_reference, p.case_id))
        s.years = sorted(set(s.years) | set(p.years))
        s.un_bodies = sorted(set(s.un_bodies) | set(p.un_bodies))
    return out


def _family_key(name: str) -> str:
    parsed = N.parse(name)
    key = N.skeleton(parsed.family) if parsed.family else ""
    return key if len(key) >= 2 and parsed.given else ""


def find(parties: list[PartyFact], *, limit: int = 200) -> Patterns:
    summaries = _summaries(parties)
    persons = [s for s in summaries.values() if s.person_id is not None]
    again = sorted((s for s in persons if len(s.years) > 1 and len(s.cases) > 1),
                   key=lambda s: (-len(s.cases), s.years[0]))[:limit]
    several = sorted((s for s in persons if len(s.un_bodies) > 1), key=lambda s: (-len(s.un_bodies), s.years[:1]))
    return Patterns(again, several[:limit], _families(parties, summaries, limit),
                    _organisations_together(parties, summaries, limit))


def _families(parties: list[PartyFact], summaries: dict, limit: int) -> list[Family]:  # type: ignore[type-arg]
    groups: dict[tuple[str, str], dict[tuple[str, int], list[PartyFact]]] = defaultdict(lambda: defaultdict(list))
    for p in parties:
        if p.kind != INDIVIDUAL or not p.name or not p.country:
            continue
        key = _family_key(p.name)
        if key:
            groups[(p.country, key)][p.entity].append(p)
    out = []
    for (country, _key), members in groups.items():
        if len(members) < 2:
            continue
        prepared = {e: prepare(Record(id=e, names=tuple(dict.fromkeys(f.name for f in facts))))
                    for e, facts in members.items()}
        related = set()
        for x, y in combinations(sorted(prepared), 2):
            if not given_compatible(prepared[x], prepared[y]):
                related.update((x, y))
        if len(related) >= 2:
            first = members[sorted(related)[0]][0].name
            out.append(Family(country, N.parse(first).family, [summaries[e] for e in sorted(related)]))
    out.sort(key=lambda f: (-len(f.members), f.country, f.family_name))
    return out[:limit]


def _organisations_together(parties: list[PartyFact], summaries: dict, limit: int) -> list[OrganisationsTogether]:  # type: ignore[type-arg]
    by_case: dict[int, set[tuple[str, int]]] = defaultdict(set)
    refs: dict[int, str] = {}
    for p in parties:
        if p.kind != INDIVIDUAL:
            by_case[p.case_id].add(p.entity)
            refs[p.case_id] = p.case_reference
    together: dict[tuple, list[tuple[str, int]]] = defaultdict(list)  # type: ignore[type-arg]
    for case_id, entities in by_case.items():
        for x, y in combinations(sorted(entities), 2):
            together[(x, y)].append((refs[case_id], case_id))
    out = [OrganisationsTogether([summaries[x], summaries[y]], sorted(cases))
           for (x, y), cases in together.items() if len(cases) >= 2]
    out.sort(key=lambda o: -len(o.cases))
    return out[:limit]
