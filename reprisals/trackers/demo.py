"""Demonstration data for the trackers, deterministic for a seed: ``demo_trackers(seed)``.

* San José Guidelines: the documented history (``data/san_jose_guidelines.csv``, real), plus SYNTHETIC
  rapporteurs and focal points (names end in "(demo)") and actions linked to demo cases.
* ECOSOC Committee on NGOs: a SYNTHETIC history of dozens of applications over the Committee's real
  rhythm (a regular session early in the year, a resumed session in May), some recommended quickly,
  some deferred session after session with the same States asking questions, some closed or rejected,
  some linked to demo cases whose incidents include blocked UN accreditation. Every history passes
  ``rules.check_history``.
* Online evidence: SYNTHETIC posts attached to demo incidents with online forms of reprisal, some with
  a small PNG or text file (sealed like any upload).

Each part is skipped when its tables already hold data, so running the demo twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib

from django.db import transaction
from django.utils import timezone

from reprisals.cases.models import Case, Engagement, Incident
from reprisals.core.audit import audit_record
from reprisals.reference.models import Country, UNBody
from reprisals.trackers import rules, sealing, services
from reprisals.trackers.models import (
    ActionKind,
    EvidenceFile,
    NGOApplication,
    OnlineEvidence,
    Platform,
    RapporteurRole,
    ReprisalsRapporteur,
    SessionOutcome,
    TreatyBodyAction,
)
from reprisals.trackers.selectors import ONLINE_FORMS

FIRST_YEAR = 2011
# States drawn as questioning members: a pool of States that have sat on the Committee. The draws are
# random; they describe no real State's conduct.
COMMITTEE_POOL = ("CHN", "CUB", "RUS", "PAK", "IND", "IRN", "NIC", "BHR", "TUR", "SDN", "VEN", "BDI", "ZAF",
                  "GRC", "ISR", "USA", "GBR", "URY", "MEX", "EST", "LBY", "MRT", "AZE", "KGZ", "BRA")
AREAS = ("women's rights", "LGBTI rights", "minority rights", "indigenous peoples' rights", "freedom of expression",
         "rule of law", "human rights defenders", "land rights", "environment", "migrants and refugees",
         "torture prevention", "disability rights", "children's rights", "labour rights", "caste discrimination",
         "press freedom", "religious freedom", "transitional justice")
NGO_PATTERNS = ("{place} Centre for Human Rights", "{place} Human Rights Defenders Network",
                "Association for Justice in {place}", "{place} Women's Rights Coalition", "Lawyers for Rights {place}",
                "{place} Institute for Democracy and Law", "Observatory of Freedoms {place}",
                "{place} Minority Rights Forum", "Free Press Union {place}", "{place} Legal Aid Foundation",
                "{place} Dalit and Caste Justice Initiative", "Network of Women Defenders {place}")
PLACES = ("Al-Noor", "Riverside", "Highlands", "Coastal", "Northern", "Southern", "Lakeside", "Valley", "Capital",
          "Eastern", "Western", "Delta", "Mountain", "Plains", "Oasis", "Harbour", "Steppe", "Island")
POSTS = (
    "Traitor who sold our country in Geneva. Everyone should know where she lives.",
    "These so-called activists are foreign agents. They will pay for what they said at the UN.",
    "We know who spoke to the UN committee. Your family is next.",
    "Photo of the delegation at the Palais des Nations with faces circled: 'enemies of the nation'.",
    "Leaked home address and phone number of the lawyer who testified.",
    "Video calling the NGO a terrorist front after its UPR submission.",
)


def _sessions(today: dt.date) -> list[tuple[str, dt.date]]:
    out = []
    for year in range(FIRST_YEAR, today.year + 1):
        for name, month, day in (("regular session", 1, 24), ("resumed session", 5, 16)):
            when = dt.date(year, month, day)
            if when <= today:
                out.append((f"{year} {name}", when))
    return out


def _history(rng: random.Random, sessions: list[tuple[str, dt.date]], applied_on: dt.date,
             profile: str) -> list[tuple[str, dt.date, str]]:
    later = [s for s in sessions if s[1] >= applied_on + dt.timedelta(days=120)]
    if not later:
        return []
    if profile == "quick":
        steps = ["deferred"] * rng.choice((0, 0, 1)) + ["recommended"]
    elif profile == "blocked_pending":
        steps = ["deferred"] * len(later)
    else:  # blocked, then an end
        streak = rng.randint(3, 12)
        steps = ["deferred"] * streak + [rng.choice(("recommended", "recommended", "closed_without_prejudice",
                                                     "rejected"))]
    return [(name, day, outcome) for (name, day), outcome in zip(later, steps, strict=False)]


def _ngo_part(rng: random.Random, today: dt.date, count: int) -> tuple[int, int]:
    sessions = _sessions(today)
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=COMMITTEE_POOL)}
    pool = [countries[c] for c in COMMITTEE_POOL if c in countries]
    home = list(Country.objects.filter(un_status="member").order_by("iso3"))
    accreditation_cases = list(
        Case.objects.filter(incidents__forms__code="blocked_un_accreditation").distinct().order_by("id")[:8])
    combos = [pattern.format(place=place) for pattern in NGO_PATTERNS for place in PLACES]
    names = rng.sample(combos, k=min(count, len(combos)))
    outcomes_created = 0
    for name in names:
        profile = rng.choices(("quick", "blocked_pending", "blocked_ended"), weights=(45, 25, 30))[0]
        if profile == "blocked_pending":  # still deferred today: applied within the last eight years
            applied_on = dt.date(rng.randint(today.year - 8, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        else:
            applied_on = dt.date(rng.randint(2010, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        history = _history(rng, sessions, applied_on, profile)
        facts = [rules.SessionFact(*h) for h in history]
        if rules.check_history(applied_on, facts):  # the generator must only make valid histories
            raise RuntimeError(f"invalid demo history for {name}")
        app = NGOApplication.objects.create(
            ngo_name=name, name_key=services.name_key(name), country=rng.choice(home), applied_on=applied_on,
            areas_of_work=rng.sample(AREAS, k=rng.randint(1, 3)),
            case=accreditation_cases.pop() if profile != "quick" and accreditation_cases and rng.random() < 0.4
            else None,
        )
        sticky = rng.sample(pool, k=min(len(pool), rng.randint(1, 2)))
        rows = [SessionOutcome(application=app, session=s, session_date=d, outcome=o) for s, d, o in history]
        SessionOutcome.objects.bulk_create(rows)
        links = []
        for row in rows:
            if row.outcome == "deferred":
                asking = set(sticky) | set(rng.sample(pool, k=rng.choice((0, 0, 1, 2))))
            else:
                asking = set(rng.sample(pool, k=rng.choice((0, 0, 1))))
            links += [SessionOutcome.questioning_states.through(sessionoutcome_id=row.pk, country_id=c.pk)
                      for c in sorted(asking, key=lambda c: c.iso3)]
        SessionOutcome.questioning_states.through.objects.bulk_create(links)
        outcomes_created += len(rows)
    return len(names), outcomes_created


def _sanjose_part(rng: random.Random, today: dt.date) -> tuple[int, int]:
    bodies = {b.code: b for b in UNBody.objects.filter(code__in=rules.TREATY_BODIES)}
    rapporteurs = 0
    for n, code in enumerate(rules.TREATY_BODIES):
        if code not in bodies:
            continue
        start = dt.date(rng.randint(2013, 2016), rng.choice((1, 5, 9)), 1)
        letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        terms = rng.randint(2, 4)
        for term in range(terms):
            end = start + dt.timedelta(days=365 * rng.randint(2, 4))
            last = term == terms - 1 or end >= today  # the latest term is still running
            ReprisalsRapporteur.objects.create(
                treaty_body=bodies[code], name=f"Member {letter[(n * 3 + term) % 26]}. {code.title()} (demo)",
                role=rng.choice((RapporteurRole.RAPPORTEUR, RapporteurRole.FOCAL_POINT)), started_on=start,
                ended_on=None if last else end, notes="Synthetic demonstration record.")
            rapporteurs += 1
            if last:
                break
            start = end + dt.timedelta(days=1)
    engagements = (Engagement.objects.filter(un_body__kind="treaty_body").select_related("case", "un_body")
                   .order_by("id")[:60])
    actions = 0
    for e in engagements:
        year = max(e.date_year, 2015)
        taken_on = min(dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), today)
        kind = rng.choice((ActionKind.LETTER, ActionKind.LETTER, ActionKind.CASE_RAISED))
        action = TreatyBodyAction.objects.create(
            treaty_body=e.un_body, kind=kind, taken_on=taken_on, country=e.case.country,
            reference=f"{e.un_body.code}/reprisals/{year}/{rng.randint(1, 40)} (demo)",
            description="Synthetic demonstration record: the reprisals rapporteur wrote to the Permanent Mission.")
        action.cases.add(e.case)
        actions += 1
    return rapporteurs, actions


def tiny_png(shade: int) -> bytes:
    """A valid 8x8 greyscale PNG (a stand-in for a screenshot)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes([(shade + x * 16) % 256 for x in range(8)]) for _y in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _evidence_part(rng: random.Random, limit: int) -> int:
    incidents = list(Incident.objects.filter(forms__code__in=ONLINE_FORMS).distinct().order_by("id")[:limit])
    now = timezone.now()
    created = 0
    for incident in incidents:
        for k in range(rng.choice((1, 1, 2))):
            platform = rng.choice(Platform.values)
            month = incident.date_month or rng.randint(1, 12)
            seen = dt.datetime(incident.date_year, month, incident.date_day or rng.randint(1, 28),
                               rng.randint(0, 23), rng.randint(0, 59), tzinfo=dt.UTC)
            seen = min(seen, now - dt.timedelta(hours=1))
            text = rng.choice(POSTS)
            handle = f"@{rng.choice(('patriot', 'truth', 'nation', 'watch'))}_{rng.randint(100, 9999)}"
            data, name, kind = None, "", ""
            pick = rng.random()
            if pick < 0.35:
                data, name, kind = tiny_png(rng.randint(0, 255)), f"screenshot-{incident.pk}-{k}.png", "png"
            elif pick < 0.5:
                data, name, kind = (f"{handle} ({seen:%Y-%m-%d %H:%M} UTC):\n{text}\n").encode(), \
                    f"post-{incident.pk}-{k}.txt", "text"
            digest = sealing.sha256_hex(data) if data else ""
            url = "" if platform == Platform.WHATSAPP else \
                f"https://{platform.replace('_twitter', '')}.example/{handle[1:]}/{rng.randint(10**6, 10**7)}"
            evidence = OnlineEvidence.objects.create(
                incident=incident, platform=platform, url=url, account_handle=handle, seen_at=seen, text=text,
                file_name=name, file_kind=kind, file_size=len(data) if data else None, file_sha256=digest,
                captured_at=now)
            if data:
                EvidenceFile.objects.create(evidence=evidence, sealed=sealing.seal(data, digest))
            created += 1
    return created


@transaction.atomic
def demo_trackers(seed: int = 2016, *, ngos: int = 60, evidence: int = 80) -> dict[str, int]:
    """Load the trackers' demonstration data (after the demo cases, so that links have targets).
    Returns what was created, by part."""
    rng = random.Random(seed * 31 + 8)
    today = timezone.now().date()
    created = {"san_jose_decisions": services.sanjose_load_seed(actor=services.SYSTEM)}
    if not ReprisalsRapporteur.objects.exists() and not TreatyBodyAction.objects.exists():
        created["rapporteurs"], created["treaty_body_actions"] = _sanjose_part(rng, today)
    if not NGOApplication.objects.exists():
        created["ngo_applications"], created["session_outcomes"] = _ngo_part(rng, today, ngos)
    if not OnlineEvidence.objects.exists():
        created["online_evidence"] = _evidence_part(rng, evidence)
    audit_record(actor=None, action="trackers.demo_load", payload={"seed": seed, **created})
    return created


def demo_summary(created: dict[str, int]) -> str:
    return ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in created.items())

