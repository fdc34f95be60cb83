"""Reading affected parties out of the register as plain linkage records (a handful of queries, no
model instances per row).

What a party brings: its name and other spellings, kind, gender, roles; from its case the State, the
years of the incidents (or the case year), the UN bodies engaged with, and for an individual the
names of the organisations targeted in the same case.

Anonymous parties are left out unless ``include_anonymous``; then their real name is decrypted into the
record in memory only. Nothing here writes a name anywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from reprisals.cases.models import AffectedParty, Engagement, Incident, PartyKind
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
