"""Synthetic follow-up data for the demo cases: communications, responses, assessments, developments.

Realistic in proportion: most communications get no answer; answers are often late and seldom
adequate; cases closed as adequately addressed have a confirmed adequate answer to their latest
communication; cases awaiting a response have a recent communication, some due soon, some overdue.
Deterministic for a seed; bulk inserts in chunks, one audit entry for the load.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from reprisals.accounts.models import User
from reprisals.accounts.roles import Role
from reprisals.cases.models import Case, CaseStatus
from reprisals.core.audit import audit_record
from reprisals.followup import rules
from reprisals.followup.choices import AssessmentLevel, AssessmentStatus, CommunicationKind, DevelopmentKind
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, StateResponse
from reprisals.followup.services import summary_digest
from reprisals.reference.models import UNBody, UNBodyKind

CHUNK = 1000
RAISED = (CaseStatus.RAISED_WITH_STATE, CaseStatus.AWAITING_RESPONSE, CaseStatus.FOLLOW_UP,
          CaseStatus.CLOSED_ADEQUATELY_ADDRESSED)
KIND_WEIGHTS = {
    CommunicationKind.SP_ALLEGATION_LETTER: 45, CommunicationKind.SP_URGENT_APPEAL: 20,
    CommunicationKind.TREATY_BODY_LETTER: 10, CommunicationKind.HRC_PRESIDENT_LETTER: 5,
    CommunicationKind.NOTE_VERBALE: 10, CommunicationKind.SENIOR_OFFICIAL_MEETING: 5, CommunicationKind.OTHER: 5,
}
PREFIX = {
    CommunicationKind.SP_ALLEGATION_LETTER: "AL", CommunicationKind.SP_URGENT_APPEAL: "UA",
    CommunicationKind.TREATY_BODY_LETTER: "TB", CommunicationKind.HRC_PRESIDENT_LETTER: "HRC-P",
    CommunicationKind.NOTE_VERBALE: "NV", CommunicationKind.SENIOR_OFFICIAL_MEETING: "ASG",
    CommunicationKind.OTHER: "OTH",
}
ANSWER_LEVELS = {AssessmentLevel.ACKNOWLEDGEMENT: 30, AssessmentLevel.DOES_NOT_ADDRESS: 40,
                 AssessmentLevel.PARTIAL: 22, AssessmentLevel.ADEQUATE: 8}
RESPONSES = {
    AssessmentLevel.ACKNOWLEDGEMENT: "The Permanent Mission acknowledges receipt and has transmitted the letter to "
                                     "the competent authorities.",
    AssessmentLevel.DOES_NOT_ADDRESS: "The Government states that the person was prosecuted under the law on "
                                      "terrorism and that the proceedings have no link with any cooperation with "
                                      "the United Nations.",
    AssessmentLevel.PARTIAL: "The Government reports that the Public Prosecution has opened an inquiry into the "
                             "complaint; no result is given.",
    AssessmentLevel.ADEQUATE: "The Government reports that an independent investigation was opened, that the travel "
                              "ban was lifted and that the officers involved were suspended.",
}
REASONS = {
    AssessmentLevel.NO_RESPONSE: "No reply received by the deadline.",
    AssessmentLevel.ACKNOWLEDGEMENT: "Acknowledges receipt only; nothing on the substance.",
    AssessmentLevel.DOES_NOT_ADDRESS: "Does not address the allegation of reprisal for cooperation with the UN.",
    AssessmentLevel.PARTIAL: "An inquiry is announced, without independence guarantees or results.",
    AssessmentLevel.ADEQUATE: "Independent investigation, remedy and preventive measures reported and corroborated.",
}
DEVELOPMENTS = {
    DevelopmentKind.RELEASE: "Released after {months} months in detention.",
    DevelopmentKind.NEW_CHARGES: "New charges brought under the counter-terrorism law.",
    DevelopmentKind.NEW_INCIDENT: "Summoned again for questioning about contacts with UN mechanisms.",
    DevelopmentKind.DEATH: "Died in custody; no independent investigation reported.",
    DevelopmentKind.OTHER: "Travel ban extended by a court decision.",
}


def _bodies() -> dict[str, list[UNBody]]:
    by_kind: dict[str, list[UNBody]] = {}
    for body in UNBody.objects.filter(is_active=True).order_by("code"):
        by_kind.setdefault(body.kind, []).append(body)
    fallback = by_kind.get(UNBodyKind.OHCHR) or next(iter(by_kind.values()))
    named = {b.code: b for bodies in by_kind.values() for b in bodies}

    def pick(*codes: str) -> list[UNBody]:
        return [named[c] for c in codes if c in named] or fallback

    return {
        CommunicationKind.SP_ALLEGATION_LETTER: by_kind.get(UNBodyKind.SPECIAL_PROCEDURE, fallback),
        CommunicationKind.SP_URGENT_APPEAL: by_kind.get(UNBodyKind.SPECIAL_PROCEDURE, fallback),
        CommunicationKind.TREATY_BODY_LETTER: by_kind.get(UNBodyKind.TREATY_BODY, fallback),
        CommunicationKind.HRC_PRESIDENT_LETTER: pick("HRC-PRES"),
        CommunicationKind.NOTE_VERBALE: pick("OHCHR", "HC"),
        CommunicationKind.SENIOR_OFFICIAL_MEETING: pick("ASG"),
        CommunicationKind.OTHER: pick("OHCHR", "DHC"),
    }


def _day_in(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def plan(cases: Iterable[tuple[int, int, str, str, int]], *, seed: int, per_case: tuple[int, int] = (1, 3),
         today: dt.date | None = None) -> Iterator[dict[str, Any]]:
    """Yield one plain description per communication for cases given as (id, country id, ISO3, status,
    year). No database access."""
    rng = random.Random(seed)
    today = today or timezone.now().date()
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    numbers: dict[tuple[str, str, int], int] = {}
    for case_id, country_id, iso3, status, year in cases:
        if status not in RAISED:
            continue
        n = rng.randint(*per_case)
        start = dt.date(min(year, today.year), 1, 1)
        days = sorted(_day_in(rng, start, today - dt.timedelta(days=1)) for _ in range(n))
        if status == CaseStatus.AWAITING_RESPONSE:  # the latest one is recent: pending, due soon or overdue
            days[-1] = today - dt.timedelta(days=rng.randrange(0, 90))
        for k, sent_on in enumerate(days):
            latest = k == n - 1
            kind = rng.choices(kinds, weights)[0]
            key = (PREFIX[kind], iso3, sent_on.year)
            numbers[key] = numbers.get(key, 0) + 1
            deadline = rules.default_deadline(kind, sent_on)
            answered_on: dt.date | None = None
            level: str | None = None
            if status == CaseStatus.CLOSED_ADEQUATELY_ADDRESSED and latest:
                level = AssessmentLevel.ADEQUATE
            elif not (status == CaseStatus.AWAITING_RESPONSE and latest) and rng.random() < 0.3:
                level = rng.choices(list(ANSWER_LEVELS), list(ANSWER_LEVELS.values()))[0]
                if level == AssessmentLevel.ADEQUATE and latest:
                    level = AssessmentLevel.PARTIAL  # an adequate latest answer would have closed the case
            if level is not None:
                answered_on = min(sent_on + dt.timedelta(days=rng.randint(5, 150)), today)
            elif rules.is_overdue(deadline, None, today) and rng.random() < 0.5:
                level = AssessmentLevel.NO_RESPONSE
            yield {
                "case_id": case_id, "country_id": country_id, "kind": kind, "sent_on": sent_on,
                "deadline": deadline, "symbol": f"{key[0]} {iso3} {numbers[key]}/{sent_on.year}",
                "answered_on": answered_on, "level": level,
                "assessed": level is not None and (answered_on or deadline) < today,
                "development": latest and status == CaseStatus.FOLLOW_UP and rng.random() < 0.15,
                "development_kind": rng.choice(list(DEVELOPMENTS)), "months": rng.randint(2, 40),
            }


def _insert(items: list[dict[str, Any]], bodies: dict[str, list[UNBody]], rng: random.Random,
            officers: list[Any], reviewers: list[Any], today: dt.date) -> None:
    now = timezone.now()
    comms = []
    for item in items:
        assessed = item["assessed"]
        comms.append(Communication(
            country_id=item["country_id"], kind=item["kind"], un_body=rng.choice(bodies[item["kind"]]),
            symbol=item["symbol"], sent_on=item["sent_on"], deadline=item["deadline"],
            summary=("The mandate holders expressed concern at allegations of reprisals following cooperation "
                     "with the United Nations and asked the Government to provide information."),
            answered_on=item["answered_on"],
            days_to_answer=(item["answered_on"] - item["sent_on"]).days if item["answered_on"] else None,
            assessment_level=item["level"] if assessed else "", assessed_at=now if assessed else None,
        ))
    Communication.objects.bulk_create(comms)
    Link = Communication.cases.through
    Link.objects.bulk_create([Link(communication_id=c.pk, case_id=i["case_id"]) for c, i in zip(comms, items,
                                                                                               strict=True)])
    responses, pairs = [], []
    for c, item in zip(comms, items, strict=True):
        if item["answered_on"]:
            text = RESPONSES[item["level"]]
            r = StateResponse(communication=c, received_on=item["answered_on"], summary=text,
                              summary_digest=summary_digest(text), channel=rng.choice(["note_verbale", "email"]))
            responses.append(r)
            pairs.append((c, item, r))
        elif item["level"]:
            pairs.append((c, item, None))
    StateResponse.objects.bulk_create(responses)
    assessments = []
    for c, item, r in pairs:
        level = item["level"]
        adequate = level == AssessmentLevel.ADEQUATE
        proposer = rng.choice(officers) if officers else None
        reviewer = next((u for u in reviewers if u != proposer), None)
        confirmed = item["assessed"]
        assessments.append(Assessment(
            communication=c, response=r, level=level, reason=REASONS[level],
            investigation_opened=adequate or (level == AssessmentLevel.PARTIAL and rng.random() < 0.5),
            remedy_provided=adequate and rng.random() < 0.7, preventive_measures=adequate and rng.random() < 0.5,
            status=AssessmentStatus.CONFIRMED if confirmed else AssessmentStatus.PROPOSED, proposed_by=proposer,
            decided_by=reviewer if confirmed else None, decided_at=now if confirmed else None,
        ))
    Assessment.objects.bulk_create(assessments)
    CaseDevelopment.objects.bulk_create([
        CaseDevelopment(case_id=i["case_id"], kind=i["development_kind"], date_year=today.year,
                        date_month=today.month,
                        description=DEVELOPMENTS[i["development_kind"]].format(months=i["months"]))
        for i in items if i["development"]
    ])


def insert_planned(planned: Iterable[dict[str, Any]], *, seed: int) -> int:
    """Insert planned communications in chunks; returns how many."""
    rng = random.Random(seed + 1)
    bodies = _bodies()
    officers = list(User.objects.filter(role=Role.CASE_OFFICER, is_active=True).order_by("pk"))
    reviewers = list(User.objects.filter(role__in=[Role.REVIEWER, Role.SENIOR_OFFICIAL], is_active=True).order_by("pk"))
    today = timezone.now().date()
    total = 0
    batch: list[dict[str, Any]] = []
    for item in planned:
        batch.append(item)
        if len(batch) >= CHUNK:
            _insert(batch, bodies, rng, officers, reviewers, today)
            total += len(batch)
            batch = []
    if batch:
        _insert(batch, bodies, rng, officers, reviewers, today)
        total += len(batch)
    return total


@transaction.atomic
def demo_followup(*, seed: int = 2016, actor: Any = None, per_case: tuple[int, int] = (1, 3)) -> int:
    """Communications, responses, assessments and developments for every demo case raised with its State
    that has no communication yet; returns how many communications were created."""
    have = Communication.cases.through.objects.values("case_id")
    cases = (Case.objects.filter(status__in=RAISED).exclude(pk__in=have).order_by("pk")
             .values_list("pk", "country_id", "country__iso3", "status", "year"))
    created = insert_planned(plan(cases.iterator(chunk_size=2000), seed=seed, per_case=per_case), seed=seed)
    audit_record(actor=actor, action="demo.followup", payload={"communications": created, "seed": seed})
    return created
