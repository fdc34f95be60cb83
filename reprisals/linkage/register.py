"""Reading affected parties out of the register as plain linkage records (a handful of queries, no
model instances per row).

What a party brings: its name and other spellings, kind, gender, roles; from its case the State, the
years of the incidents (or the case year), the UN bodies engaged with, and for an individual the
names of the organisations targeted in the same case.

Anonymous parties are left out unless ``include_anonymous``; then their real name is decrypted into the
record in memory only. Nothing here writes a name anywhere.

Allegations (``load_allegation_records``) are read the same way, for duplicate detection.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from reprisals.cases.models import AffectedParty, Engagement, Incident, PartyKind
from reprisals.linkage.allegations import AllegationRecord
from reprisals.linkage.compare import INDIVIDUAL, ORGANISATION, Record

_GENDER = {"female": "female", "male": "male"}


def load_records(party_ids: Iterable[int] | None = None, *, include_anonymous: bool = False) -> list[Record]:
    """Records for the given parties (all parties when ``None``), ordered by id."""
    qs = AffectedParty.objects.all()
    if party_ids is not None:
        qs = qs.filter(pk__in=list(party_ids))
    if not include_anonymous:
        qs = qs.filter(is_anonymous=False)
    rows = list(qs.order_by("pk").values_list(
        "pk", "case_id", "kind", "name", "name_variants", "is_anonymous", "gender", "case__country__iso3",
        "case__year",
    ))
    if not rows:
        return []
    ids = [r[0] for r in rows]
    case_ids = sorted({r[1] for r in rows})
    protected: dict[int, str] = {}
    if include_anonymous:
        anonymous = [r[0] for r in rows if r[5]]
        for start in range(0, len(anonymous), 2000):
            for p in AffectedParty.objects.filter(pk__in=anonymous[start:start + 2000]).only("pk", "protected_name"):
                protected[p.pk] = p.protected_name
    roles: dict[int, set[str]] = defaultdict(set)
    for party_id, code in _chunked(AffectedParty.roles.through.objects, "affectedparty_id", ids,
                                   ("affectedparty_id", "term__code")):
        roles[party_id].add(code)
    years: dict[int, set[int]] = defaultdict(set)
    for case_id, year in _chunked(Incident.objects, "case_id", case_ids, ("case_id", "date_year")):
        years[case_id].add(year)
    bodies: dict[int, set[str]] = defaultdict(set)
    for case_id, code in _chunked(Engagement.objects, "case_id", case_ids, ("case_id", "un_body__code")):
        bodies[case_id].add(code)
    orgs: dict[int, list[str]] = defaultdict(list)
    for case_id, name in _chunked(AffectedParty.objects.filter(kind=PartyKind.ORGANISATION, is_anonymous=False),
                                  "case_id", case_ids, ("case_id", "name")):
        orgs[case_id].append(name)
    out = []
    for pk, case_id, kind, name, variants, is_anonymous, gender, iso3, case_year in rows:
        if is_anonymous:
            names = tuple(n for n in (protected.get(pk, ""),) if n)
        else:
            names = tuple(n for n in (name, *(variants or [])) if isinstance(n, str) and n.strip())
        if not names:
            continue
        is_org = kind == PartyKind.ORGANISATION
        out.append(Record(
            id=pk,
            names=names,
            kind=ORGANISATION if is_org else INDIVIDUAL,
            country=iso3 or "",
            gender=_GENDER.get(gender, ""),
            roles=frozenset(roles.get(pk, ())),
            organisations=() if is_org else tuple(o for o in orgs.get(case_id, ()) if o != name),
            years=tuple(sorted(years.get(case_id) or {case_year})),
            un_bodies=frozenset(bodies.get(case_id, ())),
        ))
    return out


def _chunked(manager, field: str, ids: list[int], columns: tuple[str, ...]):  # type: ignore[no-untyped-def]
    for start in range(0, len(ids), 5000):
        yield from manager.filter(**{f"{field}__in": ids[start:start + 5000]}).values_list(*columns)


# ---------------------------------------------------------------- allegations


def _party_key(name: str) -> str:
    from reprisals.linkage.names import normalise

    key = " ".join(sorted(normalise(name).split()))
    return f"N:{key}" if key else ""


def _partial(text: str) -> tuple[int, int | None, int | None] | None:
    from reprisals.core.dates import PartialDate

    try:
        d = PartialDate.parse(text or "")
    except ValueError:
        return None
    return (d.year, d.month, d.day)


def _date_order(date: tuple[int, int | None, int | None]) -> tuple[int, int, int]:
    """Partial dates in order, a year ("2010") before any day within it ("2010-12-21")."""
    year, month, day = date
    return year, month or 0, day or 0


def load_allegation_records(allegation_ids: Iterable[int] | None = None) -> list[AllegationRecord]:
    """Records for the given allegations (all when ``None``), ordered by id.

    An allegation in a case brings the case's incidents (dates, forms), engagements (UN bodies) and named
    parties (as linked persons and normalised names); one still in triage brings what its submission says,
    if it came through intake. Names of parties become comparison keys in memory only; anonymous parties
    bring nothing."""
    from reprisals.cases.models import Allegation
    from reprisals.intake.models import Submission
    from reprisals.linkage.models import PersonLink

    qs = Allegation.objects.all()
    if allegation_ids is not None:
        qs = qs.filter(pk__in=list(allegation_ids))
    rows = list(qs.order_by("pk").values_list(
        "pk", "case_id", "country__iso3", "source_entity_id", "received_on", "narrative"))
    if not rows:
        return []
    case_ids = sorted({r[1] for r in rows if r[1] is not None})
    triage_ids = [r[0] for r in rows if r[1] is None]
    dates: dict[int, set[tuple[int, int | None, int | None]]] = defaultdict(set)
    for case_id, y, m, d in _chunked(Incident.objects, "case_id", case_ids,
                                     ("case_id", "date_year", "date_month", "date_day")):
        dates[case_id].add((y, m, d))
    forms: dict[int, set[str]] = defaultdict(set)
    for case_id, code in _chunked(Incident.forms.through.objects, "incident__case_id", case_ids,
                                  ("incident__case_id", "term__code")):
        forms[case_id].add(code)
    bodies: dict[int, set[str]] = defaultdict(set)
    for case_id, code in _chunked(Engagement.objects, "case_id", case_ids, ("case_id", "un_body__code")):
        bodies[case_id].add(code)
    parties: dict[int, set[str]] = defaultdict(set)
    party_case: dict[int, int] = {}
    for pk, case_id, name, variants in _chunked(AffectedParty.objects.filter(is_anonymous=False), "case_id",
                                                 case_ids, ("pk", "case_id", "name", "name_variants")):
        party_case[pk] = case_id
        for n in (name, *(variants or [])):
            if isinstance(n, str) and (key := _party_key(n)):
                parties[case_id].add(key)
    for party_id, person_id in _chunked(PersonLink.objects, "party_id", sorted(party_case),
                                        ("party_id", "person_id")):
        parties[party_case[party_id]].add(f"P{person_id}")
    from_submission: dict[int, tuple[set, set, set, set]] = {}  # type: ignore[type-arg]
    for start in range(0, len(triage_ids), 2000):
        for s in (Submission.objects.filter(allegation_id__in=triage_ids[start:start + 2000])
                  .select_related("un_body").only("allegation_id", "incident_date", "forms", "un_body__code",
                                                  "persons")):
            when = _partial(s.incident_date)
            keys = set()
            try:
                persons = json.loads(s.persons or "[]")
            except ValueError:
                persons = []
            for person in persons if isinstance(persons, list) else []:
                if isinstance(person, dict) and not person.get("is_anonymous") and isinstance(person.get("name"), str):
                    if key := _party_key(person["name"]):
                        keys.add(key)
            from_submission[s.allegation_id] = (
                {when} if when else set(), {f for f in (s.forms or []) if isinstance(f, str)},
                {s.un_body.code} if s.un_body_id else set(), keys)
    out = []
    for pk, case_id, iso3, entity_id, received, narrative in rows:
        if case_id is not None:
            d, f, b, p = dates.get(case_id, set()), forms.get(case_id, set()), bodies.get(case_id, set()), \
                parties.get(case_id, set())
        else:
            d, f, b, p = from_submission.get(pk, (set(), set(), set(), set()))
        out.append(AllegationRecord(
            id=pk, country=iso3 or "", source=f"E{entity_id}" if entity_id else "", received=received,
            dates=tuple(sorted(d, key=_date_order)), forms=frozenset(f), un_bodies=frozenset(b), parties=frozenset(p),
            text=narrative or "", case_id=case_id,
        ))
    return out
