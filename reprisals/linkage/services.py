"""The only write path of linkage: runs that propose candidates, the reviewers' decisions, merges and
unmerges. Every function takes the acting user (``None`` is the system: the command line), checks the
capability, writes in one transaction and appends an audit entry holding ids and codes, never names.

Decisions:
- a pair once rejected is never proposed again (by a run or on intake); an explicit ``candidate_accept``
  can still reverse the rejection;
- merging links parties into a ``Person``; no party, spelling or case is changed or deleted;
- ``person_unmerge`` takes one party out of its person and marks the accepted pairs that tied it there
  as rejected, so that the next run does not propose them again; accepting one of them again undoes it;
- anonymous parties are left out of automatic matching unless a run asks for them explicitly
  (``include_anonymous``): their real names are then decrypted in memory only, and candidates involving
  them carry the same name-free reasons as any other.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.models import AffectedParty
from reprisals.core.audit import audit_record
from reprisals.core.errors import Conflict, Forbidden
from reprisals.linkage import blocking, engine
from reprisals.linkage.compare import KIND_ORDER, Comparison, compare, prepare, reasons
from reprisals.linkage.models import CandidateStatus, LinkageRun, MatchCandidate, PartyKey, Person, PersonLink
from reprisals.linkage.register import load_records
from reprisals.linkage.scoring import Model, default_model, probability_of_weight
from reprisals.linkage.selectors import candidate_get_for_user, person_get_for_user

CLOSED = (CandidateStatus.ACCEPTED, CandidateStatus.REJECTED, CandidateStatus.DEFERRED)
MAX_INTAKE_NEIGHBOURS = 500


def _require(actor: Any, cap: str) -> None:
    """The system (``actor=None``, the command line) may run; a user needs the capability."""
    if actor is not None and not has_cap(actor, cap):
        raise Forbidden()


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _reasons(c: Comparison, model: Model) -> dict[str, Any]:
    return reasons(c, model.field_weights(c.levels))


def latest_models() -> dict[str, Model]:
    """The models fitted by the last run, or the documented priors."""
    run = LinkageRun.objects.exclude(parameters={}).order_by("-id").first()
    models = {kind: default_model(kind) for kind in KIND_ORDER}
    if run is not None:
        for kind, data in (run.parameters or {}).items():
            if kind in models and isinstance(data, dict):
                models[kind] = Model.from_dict(data)
    return models


# ---------------------------------------------------------------- runs


@transaction.atomic
def linkage_run(*, actor: Any, include_anonymous: bool = False, threshold: float = engine.PROPOSE,
                workers: int = 1) -> LinkageRun:
    """Compare every party with every other that shares a blocking key; propose the pairs at or above
    ``threshold`` that are not decided yet and not already in one person. Refreshes the intake keys."""
    _require(actor, Cap.LINKAGE_REVIEW)
    if include_anonymous:
        _require(actor, Cap.PROTECTED_READ)
    run = LinkageRun.objects.create(started_by=actor if actor is not None else None,
                                    include_anonymous=include_anonymous)
    records = load_records(include_anonymous=include_anonymous)
    prepared = [prepare(r) for r in records]
    scored, models = engine.score(prepared, models=latest_models(), workers=workers)
    _store_keys(prepared)
    ids = [int(r.id) for r in records]  # type: ignore[call-overload]
    linked = dict(PersonLink.objects.values_list("party_id", "person_id"))
    existing = {(a, b): status for a, b, status in MatchCandidate.objects.values_list("party_a", "party_b", "status")}
    new, refreshed = [], 0
    compared = 0
    for kind, s in scored.items():
        compared += len(s.pairs)
        model = models[kind]
        weights = model.weights_of(s.levels) if len(s.levels) else np.zeros(0)
        for k in np.nonzero(s.probability >= threshold)[0]:
            a, b = _pair(ids[s.pairs[k, 0]], ids[s.pairs[k, 1]])
            if linked.get(a) is not None and linked.get(a) == linked.get(b):
                continue
            status = existing.get((a, b))
            if status in CLOSED:
                continue
            why = _reasons(s.comparison(int(k)), model)
            if status == CandidateStatus.PROPOSED:
                refreshed += MatchCandidate.objects.filter(party_a_id=a, party_b_id=b, status=status).update(
                    score=float(s.probability[k]), weight=float(weights[k]), reasons=why, run=run)
                continue
            new.append(MatchCandidate(party_a_id=a, party_b_id=b, score=float(s.probability[k]),
                                      weight=float(weights[k]), reasons=why, run=run))
    MatchCandidate.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    run.parties, run.pairs_compared, run.proposed = len(records), compared, len(new)
    run.parameters = {kind: m.to_dict() for kind, m in models.items()}
    run.finished_at = timezone.now()
    run.save()
    audit_record(actor=actor, action="linkage.run", obj=run, payload={
        "parties": len(records), "pairs_compared": compared, "proposed": len(new), "refreshed": refreshed,
        "include_anonymous": include_anonymous, "threshold": threshold,
    })
    return run


def _store_keys(prepared: list) -> None:  # type: ignore[type-arg]
    PartyKey.objects.all().delete()
    rows = [PartyKey(party_id=p.record.id, key=key[:120]) for p in prepared for key in blocking.keys(p)]
    PartyKey.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


@transaction.atomic
def candidates_for_party(party: AffectedParty | int, *, actor: Any = None,
                         threshold: float = engine.PROPOSE) -> list[MatchCandidate]:
    """Propose matches for one party against the register (call it after ``party_add`` or
    ``party_update``). Uses the blocking keys stored by the last run, so it costs a few queries, not a
    full run. Returns the proposals made now (pairs decided before are left alone). Anonymous parties
    are not matched automatically. Needs no capability: it shows nothing to the caller, and what it
    proposes waits in the review queue; ``actor`` is who the audit entry names."""
    party_id = party.pk if isinstance(party, AffectedParty) else int(party)
    mine = load_records([party_id])
    if not mine:
        return []
    me = prepare(mine[0])
    my_keys = [k[:120] for k in blocking.keys(me)]
    PartyKey.objects.filter(party_id=party_id).delete()
    PartyKey.objects.bulk_create([PartyKey(party_id=party_id, key=k) for k in my_keys], ignore_conflicts=True)
    neighbours = list(PartyKey.objects.filter(key__in=my_keys).exclude(party_id=party_id)
                      .values_list("party_id", flat=True).distinct()[:MAX_INTAKE_NEIGHBOURS])
    if not neighbours:
        return []
    models = latest_models()
    model = models[me.kind]
    existing = set(MatchCandidate.objects.filter(Q(party_a_id=party_id) | Q(party_b_id=party_id))
                   .values_list("party_a_id", "party_b_id"))
    link = PersonLink.objects.filter(party_id=party_id).values_list("person_id", flat=True).first()
    same_person = set(PersonLink.objects.filter(person_id=link).values_list("party_id", flat=True)) if link else set()
    made = []
    for other in load_records(neighbours):
        them = prepare(other)
        if them.kind != me.kind or other.id in same_person:
            continue
        c = compare(me, them)
        weight = model.match_weight(c.levels)
        probability = probability_of_weight(weight)
        pair = _pair(party_id, int(other.id))  # type: ignore[call-overload]
        if probability < threshold or pair in existing:
            continue
        made.append(MatchCandidate(party_a_id=pair[0], party_b_id=pair[1], score=probability, weight=weight,
                                   reasons=_reasons(c, model)))
    MatchCandidate.objects.bulk_create(made, ignore_conflicts=True)
    if made:
        audit_record(actor=actor, action="linkage.propose", object_type="cases.affectedparty",
                     object_id=str(party_id), payload={"proposed": len(made)})
    return made


# ---------------------------------------------------------------- decisions


def _decide(candidate: MatchCandidate, actor: Any, status: str, note: str) -> None:
    candidate.status = status
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.note = (note or "")[:500]
    candidate.save(update_fields=["status", "decided_by", "decided_at", "note"])


def _candidate_for_write(actor: Any, candidate: MatchCandidate | int) -> MatchCandidate:
    _require(actor, Cap.LINKAGE_REVIEW)
    pk = candidate.pk if isinstance(candidate, MatchCandidate) else int(candidate)
    if actor is None:
        return MatchCandidate.objects.select_for_update().get(pk=pk)
    candidate_get_for_user(actor, pk)
    return MatchCandidate.objects.select_for_update().get(pk=pk)


@transaction.atomic
def candidate_accept(*, actor: Any, candidate: MatchCandidate | int, note: str = "") -> Person:
    """The two parties are one person: link them (merging their persons if both had one)."""
    candidate = _candidate_for_write(actor, candidate)
    a, b = candidate.party_a_id, candidate.party_b_id
    links = {link.party_id: link for link in PersonLink.objects.select_for_update().filter(party_id__in=[a, b])}
    la, lb = links.get(a), links.get(b)
    moved: list[int] = []
    if la is None and lb is None:
        person = Person.objects.create(created_by=actor)
        PersonLink.objects.bulk_create([PersonLink(party_id=p, person=person, candidate=candidate, linked_by=actor)
                                        for p in (a, b)])
    elif la is not None and lb is not None:
        person = la.person
        if la.person_id != lb.person_id:
            keep, drop = (la.person, lb.person)
            if drop.links.count() > keep.links.count():
                keep, drop = drop, keep
            moved = list(drop.links.values_list("party_id", flat=True))
            drop.links.update(person=keep)
            dropped_id = drop.pk
            drop.delete()
            person = keep
            audit_record(actor=actor, action="person.merge", obj=person,
                         payload={"absorbed_person": dropped_id, "parties": moved, "candidate": candidate.pk})
    else:
        existing = la or lb
        person = existing.person  # type: ignore[union-attr]
        other = b if la is not None else a
        PersonLink.objects.create(party_id=other, person=person, candidate=candidate, linked_by=actor)
    was = candidate.status
    _decide(candidate, actor, CandidateStatus.ACCEPTED, note)
    audit_record(actor=actor, action="candidate.accept", obj=candidate, payload={
        "parties": [a, b], "person": person.pk, "previous_status": was, "moved": moved,
    })
    return person


@transaction.atomic
def candidate_reject(*, actor: Any, candidate: MatchCandidate | int, note: str = "") -> MatchCandidate:
    """Not the same person: remembered, so the pair is never proposed again."""
    candidate = _candidate_for_write(actor, candidate)
    if candidate.status == CandidateStatus.ACCEPTED:
        raise Conflict(_("This pair was accepted: take the party out of the person (unmerge) instead."))
    was = candidate.status
    _decide(candidate, actor, CandidateStatus.REJECTED, note)
    audit_record(actor=actor, action="candidate.reject", obj=candidate,
                 payload={"parties": [candidate.party_a_id, candidate.party_b_id], "previous_status": was})
    return candidate


@transaction.atomic
def candidate_defer(*, actor: Any, candidate: MatchCandidate | int, note: str = "") -> MatchCandidate:
    """Not decidable yet (more information expected); stays out of the proposed queue."""
    candidate = _candidate_for_write(actor, candidate)
    if candidate.status == CandidateStatus.ACCEPTED:
        raise Conflict(_("This pair was accepted: take the party out of the person (unmerge) instead."))
    was = candidate.status
    _decide(candidate, actor, CandidateStatus.DEFERRED, note)
    audit_record(actor=actor, action="candidate.defer", obj=candidate,
                 payload={"parties": [candidate.party_a_id, candidate.party_b_id], "previous_status": was})
    return candidate


@transaction.atomic
def person_unmerge(*, actor: Any, person: Person | int, party: AffectedParty | int, note: str = "") -> Person | None:
    """Take ``party`` out of ``person``. The accepted pairs between it and the remaining members become
    rejected (so no run proposes them again). A person left with one party is dissolved. Returns the
    person, or ``None`` when dissolved."""
    _require(actor, Cap.LINKAGE_REVIEW)
    person_id = person.pk if isinstance(person, Person) else int(person)
    if actor is not None:
        person_get_for_user(actor, person_id)
    person = Person.objects.select_for_update().get(pk=person_id)
    party_id = party.pk if isinstance(party, AffectedParty) else int(party)
    link = PersonLink.objects.filter(person=person, party_id=party_id).first()
    if link is None:
        raise Conflict(_("This party is not part of this person."))
    link.delete()
    remaining = list(person.links.values_list("party_id", flat=True))
    ties = MatchCandidate.objects.filter(status=CandidateStatus.ACCEPTED).filter(
        Q(party_a_id=party_id, party_b_id__in=remaining) | Q(party_b_id=party_id, party_a_id__in=remaining))
    undone = list(ties.values_list("pk", flat=True))
    ties.update(status=CandidateStatus.REJECTED, decided_by=actor, decided_at=timezone.now(),
                note=(note or "")[:500])
    dissolved = len(remaining) < 2
    audit_record(actor=actor, action="person.unmerge", obj=person, payload={
        "party": party_id, "candidates_rejected": undone, "dissolved": dissolved, "remaining": remaining,
    })
    if dissolved:
        person.links.all().delete()
        person.delete()
        return None
    return person
