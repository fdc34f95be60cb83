"""A realistic synthetic register for demonstrations, tests at scale and benchmarks.

Deterministic for a seed. Covers every form of reprisal, UN body and party role, about 80 States,
every year from 2010 to this year, names in many scripts (some persons reported again in later cases,
spelt another way), protected fields filled so that encryption and audit are always exercised.

Loading uses bulk inserts in chunks (100,000 cases in minutes, not hours) inside one transaction and
records one audit entry for the load; it is a system import, not an officer's edit.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from reprisals.cases import search
from reprisals.cases.models import (
    AffectedParty,
    Allegation,
    Case,
    CaseStatus,
    Channel,
    ConsentRecord,
    ConsentUse,
    Engagement,
    Gender,
    Incident,
    PartyKind,
    ReferenceSequence,
    RiskLevel,
    StatusChange,
)
from reprisals.cases.workflow import TRANSITIONS
from reprisals.core.audit import audit_record
from reprisals.core.crypto import blind_index
from reprisals.reference.models import Country, Entity, Term, UNBody, UNStatus

NAMES = json.loads((Path(__file__).parent / "data" / "demo_names.json").read_text(encoding="utf-8"))
FIRST_YEAR = 2010
CHUNK = 1000

# Paths through the workflow from "received" to each final status.
STATUS_WEIGHTS = {
    CaseStatus.RECEIVED: 4,
    CaseStatus.UNDER_ASSESSMENT: 6,
    CaseStatus.VERIFIED: 6,
    CaseStatus.RAISED_WITH_STATE: 8,
    CaseStatus.AWAITING_RESPONSE: 14,
    CaseStatus.FOLLOW_UP: 34,
    CaseStatus.CLOSED_ADEQUATELY_ADDRESSED: 5,
    CaseStatus.CLOSED_NOT_SUBSTANTIATED: 6,
    CaseStatus.CLOSED_WITHDRAWN: 3,
}
_FINAL_PATH = {
    CaseStatus.RECEIVED: [],
    CaseStatus.UNDER_ASSESSMENT: [CaseStatus.UNDER_ASSESSMENT],
    CaseStatus.VERIFIED: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED],
    CaseStatus.RAISED_WITH_STATE: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED, CaseStatus.RAISED_WITH_STATE],
    CaseStatus.AWAITING_RESPONSE: [
        CaseStatus.UNDER_ASSESSMENT,
        CaseStatus.VERIFIED,
        CaseStatus.RAISED_WITH_STATE,
        CaseStatus.AWAITING_RESPONSE,
    ],
    CaseStatus.FOLLOW_UP: [
        CaseStatus.UNDER_ASSESSMENT,
        CaseStatus.VERIFIED,
        CaseStatus.RAISED_WITH_STATE,
        CaseStatus.AWAITING_RESPONSE,
        CaseStatus.FOLLOW_UP,
    ],
    CaseStatus.CLOSED_ADEQUATELY_ADDRESSED: [
        CaseStatus.UNDER_ASSESSMENT,
        CaseStatus.VERIFIED,
        CaseStatus.RAISED_WITH_STATE,
        CaseStatus.AWAITING_RESPONSE,
        CaseStatus.FOLLOW_UP,
        CaseStatus.CLOSED_ADEQUATELY_ADDRESSED,
    ],
    CaseStatus.CLOSED_NOT_SUBSTANTIATED: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.CLOSED_NOT_SUBSTANTIATED],
    CaseStatus.CLOSED_WITHDRAWN: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED, CaseStatus.CLOSED_WITHDRAWN],
}
REASONS = {
    CaseStatus.UNDER_ASSESSMENT: "Information being checked against a second independent source.",
    CaseStatus.VERIFIED: "Corroborated by two independent, reliable sources.",
    CaseStatus.RAISED_WITH_STATE: "Raised with the Permanent Mission by note verbale.",
    CaseStatus.AWAITING_RESPONSE: "Communication sent; response awaited.",
    CaseStatus.FOLLOW_UP: "No response addressing the allegations; kept under follow-up.",
    CaseStatus.CLOSED_ADEQUATELY_ADDRESSED: "Independent investigation opened and remedy provided.",
    CaseStatus.CLOSED_NOT_SUBSTANTIATED: "Could not be corroborated by an independent source.",
    CaseStatus.CLOSED_WITHDRAWN: "The person asked that the case not be pursued.",
}
PARTY_DESCRIPTIONS = {
    "woman_human_rights_defender": "a woman human rights defender",
    "lawyer": "a lawyer",
    "journalist": "a journalist",
    "victim": "a victim of human rights violations",
    "witness": "a witness",
    "relative": "a relative of a victim",
}


def _validate_paths() -> None:
    for final, path in _FINAL_PATH.items():
        current = CaseStatus.RECEIVED
        for step in path:
            assert step in TRANSITIONS[current], (current, step)
            current = step
        assert current == final


_validate_paths()


@dataclass
class Reference:
    countries: list[Country]
    weights: list[float]
    bodies: list[UNBody]
    entities: list[Entity]
    terms: dict[str, list[Term]]


def _reference() -> Reference:
    members = list(Country.objects.filter(un_status=UNStatus.MEMBER).order_by("iso3"))
    if not members:
        raise RuntimeError("reference data is not loaded: run `reprisals load_reference` first")
    rng = random.Random(7)
    chosen = rng.sample(members, k=min(80, len(members)))
    # A long tail: a few States account for many cases, as in the Secretary-General's reports.
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(chosen))]
    terms: dict[str, list[Term]] = {}
    for t in Term.objects.filter(is_active=True).order_by("vocabulary", "sort_order", "code"):
        terms.setdefault(t.vocabulary, []).append(t)
    return Reference(
        countries=chosen,
        weights=weights,
        bodies=list(UNBody.objects.filter(is_active=True).order_by("code")),
        entities=list(Entity.objects.filter(is_active=True).order_by("code")),
        terms=terms,
    )


# Which name cultures of demo_names.json a State's people are drawn from, by M49 sub-region, with a few
# States of their own; elsewhere (Europe, North America, Oceania) and for one person in seven anywhere
# (exiles, diasporas, foreign nationals), any culture.
CULTURES_BY_SUBREGION = {
    "Sub-Saharan Africa": ("french", "east_african"),
    "Latin America and the Caribbean": ("spanish",),
    "Western Asia": ("arabic_latin", "arabic_script"),
    "Northern Africa": ("arabic_latin", "arabic_script", "french"),
    "Southern Asia": ("hindi_devanagari", "hindi_latin"),
    "South-eastern Asia": ("vietnamese", "burmese_latin", "thai"),
    "Eastern Asia": ("chinese_han", "chinese_pinyin"),
    "Eastern Europe": ("russian_cyrillic", "russian_latin"),
    "Central Asia": ("russian_cyrillic", "russian_latin"),
}
CULTURES_BY_STATE = {
    "AFG": ("persian",), "IRN": ("persian",), "TUR": ("turkish",), "VNM": ("vietnamese",),
    "MMR": ("burmese_latin",), "THA": ("thai",),
}
ELSEWHERE = 1 / 7
AVOID = frozenset(NAMES["avoid"])


class NameMaker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cultures = NAMES["cultures"]

    def person(self, gender: str, country: Country) -> tuple[str, list[str]]:
        local = CULTURES_BY_STATE.get(country.iso3) or CULTURES_BY_SUBREGION.get(country.m49_subregion)
        keys = list(local) if local and self.rng.random() >= ELSEWHERE else sorted(self.cultures)
        c = self.cultures[self.rng.choice(keys)]
        sep = "" if c.get("no_space") else " "
        name = ""
        while not name or name in AVOID:  # never a real, well-known person with invented allegations
            given = self.rng.choice(c["given_f"] if gender == Gender.FEMALE else c["given_m"])
            family = self.rng.choice(c["family"])
            name = f"{family}{sep}{given}" if c.get("family_first") else f"{given}{sep}{family}"
        return name, self.variants(name)

    def variants(self, name: str) -> list[str]:
        out = []
        if "-" in name:
            out.append(name.replace("-", ""))
        if name.lower() != name and self.rng.random() < 0.3:
            out.append(name.upper())
        if len(name) > 6 and name.isascii() and self.rng.random() < 0.4:
            i = self.rng.randrange(2, len(name) - 2)
            out.append(name[:i] + name[i + 1 :])  # a dropped letter, as in "Cao Sunli"
        return out

    def organisation(self) -> str:
        return self.rng.choice(NAMES["organisation_patterns"]).format(place=self.rng.choice(NAMES["places"]))


def _dates(rng: random.Random, year: int, today: dt.date) -> tuple[int, int | None, int | None]:
    r = rng.random()
    if r < 0.15:
        return year, None, None
    month = rng.randint(1, 12 if year < today.year else today.month)
    if r < 0.35:
        return year, month, None
    day = rng.randint(1, 28)
    if dt.date(year, month, day) > today:
        day = 1
    return year, month, day


def generate(n_cases: int, seed: int, ref: Reference, start_number: dict[int, int]) -> Iterator[dict[str, Any]]:
    """Yield one plain description of a case at a time (no database access)."""
    rng = random.Random(seed)
    names = NameMaker(rng)
    today = timezone.now().date()
    forms, roles, bodies = ref.terms["reprisal_form"], ref.terms["party_role"], ref.bodies
    kinds, perps, consequences = ref.terms["engagement_kind"], ref.terms["perpetrator"], ref.terms["consequence"]
    statuses, status_w = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    earlier_people: list[dict[str, Any]] = []
    for i in range(n_cases):
        year = FIRST_YEAR + (i * 7919 + rng.randrange(1000)) % (today.year - FIRST_YEAR + 1)
        country = rng.choices(ref.countries, weights=ref.weights)[0]
        parties = []
        for p in range(rng.choice((1, 1, 1, 2, 2, 3))):
            is_org = rng.random() < 0.15
            role_pick = [roles[(i + p) % len(roles)]] + rng.sample(roles, k=rng.choice((0, 0, 1)))
            if is_org:
                role_pick = [t for t in roles if t.code == "ngo"] or role_pick
            if not is_org and p == 0 and earlier_people and rng.random() < 0.06:
                again = rng.choice(earlier_people)  # the same person, targeted again, spelt another way
                name, variants, gender = again["name"], names.variants(again["name"]), again["gender"]
                country = again["country"]
            elif is_org:
                name, variants, gender = names.organisation(), [], Gender.UNKNOWN
            else:
                gender = rng.choices([Gender.FEMALE, Gender.MALE, Gender.UNKNOWN], weights=[45, 50, 5])[0]
                name, variants = names.person(gender, country)
            anonymous = rng.random() < 0.25
            role_codes = [t.code for t in role_pick]
            description = next((PARTY_DESCRIPTIONS[c] for c in role_codes if c in PARTY_DESCRIPTIONS), "")
            if gender == Gender.FEMALE and "human_rights_defender" in role_codes:
                description = "a woman human rights defender"
            parties.append(
                {
                    "kind": PartyKind.ORGANISATION if is_org else PartyKind.INDIVIDUAL,
                    "name": "" if anonymous else name,
                    "protected_name": name if anonymous else "",
                    "is_anonymous": anonymous,
                    "description": description
                    or ("a civil society organisation" if is_org else "a human rights defender"),
                    "name_variants": [] if anonymous else variants,
                    "gender": gender,
                    "is_minor": (not is_org) and rng.random() < 0.03,
                    "is_foreign_national": (not is_org) and rng.random() < 0.05,
                    "contact": f"Signal +{rng.randint(10, 999)} {rng.randint(1000000, 9999999)}"
                    if rng.random() < 0.6
                    else "",
                    "roles": role_pick,
                    "consequences": rng.sample(consequences, k=rng.choice((0, 1, 1, 2))),
                    "consent": {use: rng.random() < 0.7 for use in ConsentUse.values},
                }
            )
            if not is_org and not anonymous:
                earlier_people.append({"name": name, "gender": gender, "country": country})
        incidents = []
        for k in range(rng.choice((1, 1, 2, 3))):
            form_pick = [forms[(i + k) % len(forms)]] + rng.sample(forms, k=rng.choice((0, 1, 2)))
            incidents.append(
                {
                    "date": _dates(rng, min(year + (k > 0) * rng.randint(0, 1), today.year), today),
                    "place": rng.choice(NAMES["cities"]),
                    "forms": list(dict.fromkeys(form_pick)),
                    "perpetrator": rng.choice(perps),
                    "description": (f"Reported {', '.join(t.label.lower() for t in form_pick)} after cooperation "
                                    "with the UN."),
                }
            )
        engagements = []
        for k in range(rng.choice((1, 1, 2))):
            body = bodies[(i + k) % len(bodies)] if k == 0 else rng.choice(bodies)
            engagements.append(
                {
                    "un_body": body,
                    "kind": kinds[(i + k) % len(kinds)],
                    "date": _dates(rng, year, today),
                    "description": f"Engagement with {body.name}.",
                }
            )
        status = rng.choices(statuses, weights=status_w)[0]
        if year >= today.year - 1 and status.startswith("closed_") and rng.random() < 0.5:
            status = CaseStatus.UNDER_ASSESSMENT
        if CaseStatus.RAISED_WITH_STATE in _FINAL_PATH[status]:
            for party in parties:  # raised with the State only with every party's consent (DOMAIN.md §3)
                party["consent"][ConsentUse.RAISE_WITH_STATE] = True
        start_number[year] = start_number.get(year, 0) + 1
        first = parties[0]
        title = first["name"] or first["description"].capitalize()
        yield {
            "reference": f"RT-{year}-{start_number[year]:05d}",
            "title": f"{title} ({country.name})",
            "country": country,
            "year": year,
            "status": status,
            "risk_level": rng.choices(list(RiskLevel.values), weights=[8, 22, 70])[0],
            "risk_notes": "Lives in hiding; do not contact by phone." if rng.random() < 0.3 else "",
            "summary": (
                f"Alleged reprisals against {first['description']} in {country.name} after cooperation "
                f"with {engagements[0]['un_body'].name}."
            ),
            "parties": parties,
            "incidents": incidents,
            "engagements": engagements,
            "allegations": [
                {
                    "entity": rng.choice(ref.entities) if ref.entities else None,
                    "received_on": dt.date(
                        year, (incidents[0]["date"][1] or 6), min(28, incidents[0]["date"][2] or 15)
                    ),
                    "narrative": (
                        f"The source reports that {first['description']} was subjected to "
                        f"{incidents[0]['forms'][0].label.lower()} following engagement with "
                        f"{engagements[0]['un_body'].name}."
                    ),
                    "source_identity": f"Source {rng.randint(100, 999)}, {rng.choice(NAMES['places'])} network",
                    "source_contact": f"source{rng.randint(1000, 9999)}@example.org",
                }
                for _ in range(rng.choice((1, 1, 2)))
            ],
        }


def _received_on_clamped(d: dt.date, today: dt.date) -> dt.date:
    return min(d, today)


@transaction.atomic
def demo_load(*, actor: Any, cases: int = 500, seed: int = 2016, officers: list[Any] | None = None) -> int:
    """Insert ``cases`` synthetic cases; returns how many were created."""
    ref = _reference()
    today = timezone.now().date()
    officers = officers or []
    rng = random.Random(seed + 1)
    _advance_sequences()
    start_number = dict(ReferenceSequence.objects.filter(prefix="RT").values_list("year", "last"))
    al_numbers = dict(ReferenceSequence.objects.filter(prefix="AL").values_list("year", "last"))
    created = 0
    batch: list[dict[str, Any]] = []
    for item in generate(cases, seed, ref, start_number):
        batch.append(item)
        if len(batch) >= CHUNK:
            _insert(batch, officers, rng, today, al_numbers)
            created += len(batch)
            batch = []
    if batch:
        _insert(batch, officers, rng, today, al_numbers)
        created += len(batch)
    _advance_sequences()
    audit_record(actor=actor, action="demo.load", payload={"cases": created, "seed": seed})
    if created >= 10_000:
        # Fresh statistics, so that the planners pick the indexes for a register this size.
        transaction.on_commit(_analyze)
    return created


def _advance_sequences() -> None:
    """Bulk loads bypass the services' reference numbering: move each sequence past what was loaded."""
    for model, prefix in ((Case, "RT"), (Allegation, "AL")):
        highest: dict[int, int] = {}
        for reference in model.objects.values_list("reference", flat=True).iterator(chunk_size=5000):
            _, year, number = reference.split("-")
            highest[int(year)] = max(highest.get(int(year), 0), int(number))
        for year, number in highest.items():
            ReferenceSequence.objects.update_or_create(prefix=prefix, year=year, defaults={"last": number})


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _insert(
    batch: list[dict[str, Any]], officers: list[Any], rng: random.Random, today: dt.date, al_numbers: dict[int, int]
) -> None:
    case_objs = []
    for item in batch:
        case_objs.append(
            Case(
                reference=item["reference"],
                title=item["title"][:300],
                country=item["country"],
                status=item["status"],
                risk_level=item["risk_level"],
                risk_notes=item["risk_notes"],
                summary=item["summary"],
                year=item["year"],
                assigned_to=rng.choice(officers) if officers and rng.random() < 0.75 else None,
            )
        )
    Case.objects.bulk_create(case_objs)
    parties, party_roles, party_cons, consents = [], [], [], []
    incidents, incident_forms, engagements, allegations, changes = [], [], [], [], []
    for case, item in zip(case_objs, batch, strict=True):
        # Consent is asked when the allegation comes in, before the case can be raised with the State.
        intake = min((_received_on_clamped(a["received_on"], today) for a in item["allegations"]), default=today)
        senders = {a["entity"] for a in item["allegations"]}  # as services.party_add: the one sender, if any
        reporter = senders.pop() if len(senders) == 1 else None
        for p in item["parties"]:
            party = AffectedParty(
                case=case,
                kind=p["kind"],
                name=p["name"],
                is_anonymous=p["is_anonymous"],
                description=p["description"],
                protected_name=p["protected_name"],
                protected_name_index=blind_index(p["protected_name"]) if p["protected_name"] else "",
                name_variants=p["name_variants"],
                gender=p["gender"],
                is_minor=p["is_minor"],
                is_foreign_national=p["is_foreign_national"],
                contact=p["contact"],
                reported_by=reporter,
            )
            parties.append((party, {**p, "decided_on": intake}))
        for inc in item["incidents"]:
            y, m, d = inc["date"]
            incidents.append(
                (
                    Incident(
                        case=case,
                        date_year=y,
                        date_month=m,
                        date_day=d,
                        place=inc["place"],
                        perpetrator=inc["perpetrator"],
                        description=inc["description"],
                    ),
                    inc["forms"],
                )
            )
        for e in item["engagements"]:
            y, m, d = e["date"]
            engagements.append(
                Engagement(
                    case=case,
                    un_body=e["un_body"],
                    kind=e["kind"],
                    date_year=y,
                    date_month=m,
                    date_day=d,
                    description=e["description"],
                )
            )
        for a in item["allegations"]:
            received = _received_on_clamped(a["received_on"], today)
            al_numbers[received.year] = al_numbers.get(received.year, 0) + 1
            allegations.append(
                Allegation(
                    reference=f"AL-{received.year}-{al_numbers[received.year]:06d}",
                    case=case,
                    source_entity=a["entity"],
                    channel=Channel.WEB,
                    received_on=received,
                    country=case.country,
                    narrative=a["narrative"],
                    source_identity=a["source_identity"],
                    source_contact=a["source_contact"],
                )
            )
        previous = ""
        for step in [CaseStatus.RECEIVED, *_FINAL_PATH[item["status"]]]:
            changes.append(
                StatusChange(case=case, from_status=previous, to_status=step, reason=REASONS.get(step, "Case opened"))
            )
            previous = step
    AffectedParty.objects.bulk_create([p for p, _ in parties])
    for party, p in parties:
        party_roles += [AffectedParty.roles.through(affectedparty_id=party.pk, term_id=t.pk) for t in p["roles"]]
        party_cons += [
            AffectedParty.consequences.through(affectedparty_id=party.pk, term_id=t.pk) for t in p["consequences"]
        ]
        consents += [
            ConsentRecord(party=party, use=use, granted=granted, decided_on=p["decided_on"], note="Recorded at intake")
            for use, granted in p["consent"].items()
        ]
    AffectedParty.roles.through.objects.bulk_create(party_roles, ignore_conflicts=True)
    AffectedParty.consequences.through.objects.bulk_create(party_cons, ignore_conflicts=True)
    ConsentRecord.objects.bulk_create(consents)
    Incident.objects.bulk_create([i for i, _ in incidents])
    for incident, forms in incidents:
        incident_forms += [Incident.forms.through(incident_id=incident.pk, term_id=t.pk) for t in forms]
    Incident.forms.through.objects.bulk_create(incident_forms, ignore_conflicts=True)
    Engagement.objects.bulk_create(engagements)
    Allegation.objects.bulk_create(allegations)
    StatusChange.objects.bulk_create(changes)
    _index(case_objs, batch)


def _index(case_objs: list[Case], batch: list[dict[str, Any]]) -> None:
    rows = []
    for case, item in zip(case_objs, batch, strict=True):
        parts = [case.reference, case.title, case.summary]
        names = [name for p in item["parties"] for name in (p["name"], *p["name_variants"])]
        parts += names + [p["description"] for p in item["parties"]]
        parts += [a["narrative"] for a in item["allegations"]]
        parts += [i["description"] for i in item["incidents"]] + [i["place"] for i in item["incidents"]]
        rows.append((case.pk, search.build_search_text(parts, names)))
    Case.objects.bulk_update([Case(pk=pk, search_text=text) for pk, text in rows], ["search_text"], batch_size=500)
