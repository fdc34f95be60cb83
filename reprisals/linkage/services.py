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

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.models import AffectedParty, Allegation
from reprisals.core.audit import audit_record
from reprisals.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from reprisals.linkage import allegations as dup
from reprisals.linkage import blocking, engine
from reprisals.linkage.compare import KIND_ORDER, Comparison, compare, prepare, reasons
from reprisals.linkage.models import (
    AllegationCandidate,
    AllegationRun,
    CandidateStatus,
    IncidentGroup,
    IncidentGroupMember,
    LinkageRun,
    MatchCandidate,
    PartyKey,
    Person,
    PersonLink,
)
from reprisals.linkage.register import load_allegation_records, load_records
from reprisals.linkage.scoring import Model, default_model, probability_of_weight
from reprisals.linkage.selectors import (
    allegation_candidate_get_for_user,
    allegations_visible_to,
    already_one_incident,
    already_one_person,
    candidate_get_for_user,
    incident_group_get_for_user,
    person_get_for_user,
)

CLOSED = (CandidateStatus.ACCEPTED, CandidateStatus.REJECTED, CandidateStatus.DEFERRED)
DECIDABLE = (CandidateStatus.PROPOSED, CandidateStatus.DEFERRED)  # what a decision expects unless it names one
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
    """Keep the blocking keys of named parties for intake. Keys are made from names (a name's words in
    order, skeletons, sound codes), so an anonymous party's are never stored: its real name is read in
    memory only, for a run that includes it on purpose."""
    named = set(AffectedParty.objects.filter(is_anonymous=False).values_list("pk", flat=True))
    PartyKey.objects.all().delete()
    rows = [PartyKey(party_id=p.record.id, key=key[:120]) for p in prepared if p.record.id in named
            for key in blocking.keys(p)]
    PartyKey.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def forget_party_keys(party: AffectedParty, names: Any = None) -> None:
    """Remove what was derived from a party's name for matching: on erasure (``erase_party``) and when a
    party turns anonymous."""
    PartyKey.objects.filter(party_id=party.pk).delete()


def erase_party(party: AffectedParty, names: list[str]) -> None:
    """Linkage's part of an erasure (an ``ERASURE_HOOKS`` hook of ``cases.erasure``): nothing may tie the
    erased record to a named record of the same person, nor keep the name.

    - the blocking keys go (``forget_party_keys``);
    - the party's link to its person goes, with every candidate pair involving the party (accepted,
      rejected or waiting); the person keeps the parts still joined by accepted pairs, as after an unmerge,
      and is dissolved when fewer than two records remain;
    - the duplicate-allegation pairs and incident groups of the allegations of the party's case go the same
      way (reviewers may group the case again once the erasure is done);
    - the reviewers' notes on every pair, in the whole register, lose the names.
    Called inside the erasure's transaction; the erasure's own audit entry records it."""
    from reprisals.cases.erasure import naming, scrub_rows

    forget_party_keys(party)
    link = PersonLink.objects.filter(party_id=party.pk).select_related("person").first()
    MatchCandidate.objects.filter(Q(party_a_id=party.pk) | Q(party_b_id=party.pk)).delete()
    if link is not None:
        person = link.person
        link.delete()
        _regroup(person, "party", MatchCandidate.objects, PersonLink.objects, Person.objects)
    allegations = list(Allegation.objects.filter(case_id=party.case_id).values_list("pk", flat=True))
    groups = {m.group for m in IncidentGroupMember.objects.filter(allegation_id__in=allegations)
              .select_related("group")}
    AllegationCandidate.objects.filter(Q(allegation_a_id__in=allegations) | Q(allegation_b_id__in=allegations)).delete()
    IncidentGroupMember.objects.filter(allegation_id__in=allegations).delete()
    for group in groups:
        _regroup(group, "allegation", AllegationCandidate.objects, IncidentGroupMember.objects, IncidentGroup.objects)
    scrub_rows(naming(MatchCandidate.objects.all(), names, "note"), names, "note")
    scrub_rows(naming(AllegationCandidate.objects.all(), names, "note"), names, "note")


def _regroup(record: Any, side: str, candidates: Any, members: Any, records: Any) -> None:
    """What remains of a person (``side`` "party") or an incident group (``side`` "allegation") once the
    erased member left: the parts still joined by accepted pairs, dissolved below two members."""
    owner = "person" if side == "party" else "group"
    remaining = list(members.filter(**{owner: record}).values_list(f"{side}_id", flat=True))

    def apart(part: list[int]) -> int:
        new = records.create(created_by=record.created_by)
        members.filter(**{owner: record, f"{side}_id__in": part}).update(**{owner: new})
        return new.pk

    remaining, _split, _alone = _part(
        remaining, _accepted_within(candidates, side, remaining), apart=apart,
        alone=lambda part: members.filter(**{owner: record, f"{side}_id__in": part}).delete())
    if len(remaining) < 2:
        members.filter(**{owner: record}).delete()
        record.delete()


@transaction.atomic
def candidates_for_party(party: AffectedParty | int, *, actor: Any = None,
                         threshold: float = engine.PROPOSE) -> list[MatchCandidate]:
    """Propose matches for one party against the register (call it after ``party_add`` or
    ``party_update``). Uses the blocking keys stored by the last run, so it costs a few queries, not a
    full run. Returns the proposals made now (pairs decided before are left alone). Anonymous parties
    are not matched automatically. Needs no capability: it shows nothing to the caller, and what it
    proposes waits in the review queue; ``actor`` is who the audit entry names."""
    party_id = party.pk if isinstance(party, AffectedParty) else int(party)
    PartyKey.objects.filter(party_id=party_id).delete()  # a party that turned anonymous keeps none
    mine = load_records([party_id])
    if not mine:
        return []
    me = prepare(mine[0])
    my_keys = [k[:120] for k in blocking.keys(me)]
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


def _candidate_for_write(actor: Any, candidate: MatchCandidate | int,
                         expected_status: str | tuple[str, ...] | None = None) -> MatchCandidate:
    """The pair, locked. ``expected_status`` is the status the reviewer saw (one, or several such as
    ``DECIDABLE``): a pair decided meanwhile (in another tab, by someone else, or by a second click) is a
    conflict rather than decided twice. ``None`` decides whatever the status (the command line, tests)."""
    _require(actor, Cap.LINKAGE_REVIEW)
    pk = candidate.pk if isinstance(candidate, MatchCandidate) else int(candidate)
    if actor is not None:
        candidate_get_for_user(actor, pk)
    found = MatchCandidate.objects.select_for_update().get(pk=pk)
    if expected_status is None:
        return found
    expected = (expected_status,) if isinstance(expected_status, str) else tuple(expected_status)
    if any(s not in CandidateStatus.values for s in expected):
        raise ValidationFailed.single("expected_status", _("unknown status %(s)s") % {"s": ", ".join(expected)})
    if found.status not in expected:
        raise Conflict(_("This pair was already decided (%(status)s). Reload it and try again.")
                       % {"status": CandidateStatus(found.status).label},
                       fields={"expected_status": [found.status]})
    return found


@transaction.atomic
def candidate_accept(*, actor: Any, candidate: MatchCandidate | int, note: str = "",
                     expected_status: str | tuple[str, ...] | None = None) -> Person:
    """The two parties are one person: link them (merging their persons if both had one). A rejected
    pair (or one taken apart by an unmerge) is accepted again when ``expected_status`` allows it."""
    candidate = _candidate_for_write(actor, candidate, expected_status)
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
def candidate_reject(*, actor: Any, candidate: MatchCandidate | int, note: str = "",
                     expected_status: str | tuple[str, ...] | None = None) -> MatchCandidate:
    """Not the same person: remembered, so the pair is never proposed again."""
    return _set_aside(actor, candidate, CandidateStatus.REJECTED, note, expected_status)


@transaction.atomic
def candidate_defer(*, actor: Any, candidate: MatchCandidate | int, note: str = "",
                    expected_status: str | tuple[str, ...] | None = None) -> MatchCandidate:
    """Not decidable yet (more information expected); stays out of the proposed queue."""
    return _set_aside(actor, candidate, CandidateStatus.DEFERRED, note, expected_status)


def _set_aside(actor: Any, candidate: MatchCandidate | int, status: str, note: str,
               expected_status: str | tuple[str, ...] | None = None) -> MatchCandidate:
    """Reject or defer a pair of parties that was not accepted."""
    candidate = _candidate_for_write(actor, candidate, expected_status)
    if candidate.status == CandidateStatus.ACCEPTED:
        raise Conflict(_("This pair was accepted: take the party out of the person (unmerge) instead."))
    if status == CandidateStatus.REJECTED and MatchCandidate.objects.filter(pk=candidate.pk).filter(
            already_one_person()).exists():
        raise Conflict(_("These two reports are already one person through other links: take one of them out "
                         "of the person (unmerge) instead."))
    was = candidate.status
    _decide(candidate, actor, status, note)
    action = "reject" if status == CandidateStatus.REJECTED else "defer"
    audit_record(actor=actor, action=f"candidate.{action}", obj=candidate,
                 payload={"parties": [candidate.party_a_id, candidate.party_b_id], "previous_status": was})
    return candidate


def _components(members: list[int], edges: Any) -> list[list[int]]:
    """The parts of ``members`` joined by ``edges`` (pairs of members), largest first, each sorted."""
    parent = {m: m for m in members}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    parts: dict[int, list[int]] = {}
    for m in members:
        parts.setdefault(root(m), []).append(m)
    return sorted((sorted(p) for p in parts.values()), key=lambda p: (-len(p), p[0]))


def _reject_ties(candidates: Any, side: str, taken_out: int, remaining: list[int], *, actor: Any,
                 note: str) -> list[int]:
    """Reject the accepted pairs that tied the member taken out (``side``: "party" or "allegation") to
    the members that remain, so that no run proposes them again; returns their ids."""
    ties = candidates.filter(status=CandidateStatus.ACCEPTED).filter(
        Q(**{f"{side}_a_id": taken_out, f"{side}_b_id__in": remaining})
        | Q(**{f"{side}_b_id": taken_out, f"{side}_a_id__in": remaining}))
    undone = list(ties.values_list("pk", flat=True))
    ties.update(status=CandidateStatus.REJECTED, decided_by=actor, decided_at=timezone.now(), note=(note or "")[:500])
    return undone


def _accepted_within(candidates: Any, side: str, members: list[int]) -> Any:
    """The accepted pairs between ``members``, as (a, b) ids."""
    return candidates.filter(status=CandidateStatus.ACCEPTED, **{f"{side}_a_id__in": members,
                                                                 f"{side}_b_id__in": members}
                             ).values_list(f"{side}_a_id", f"{side}_b_id")


def _part(members: list[int], accepted: Any, *, apart: Callable[[list[int]], int],
          alone: Callable[[list[int]], Any]) -> tuple[list[int], dict[int, list[int]], list[int]]:
    """After an unmerge, the members still joined by ``accepted`` pairs: the largest part stays (returned
    first); ``apart(part)`` makes each other part of two or more a record of its own and returns its id;
    ``alone(part)`` unlinks a member left by itself. Returns (staying, {new id: part}, left alone)."""
    parts = _components(members, accepted)
    split: dict[int, list[int]] = {}
    single: list[int] = []
    for part in parts[1:]:
        if len(part) == 1:
            alone(part)
            single.extend(part)
        else:
            split[apart(part)] = part
    return (parts[0] if parts else []), split, single


@transaction.atomic
def person_unmerge(*, actor: Any, person: Person | int, party: AffectedParty | int, note: str = "") -> Person | None:
    """Take ``party`` out of ``person``. The accepted pairs between it and the remaining members become
    rejected (so no run proposes them again). Members that were joined only through ``party`` are parted
    (the largest part stays; another part becomes a person of its own, a lone member is unlinked). A
    person left with one party is dissolved. Returns the person, or ``None`` when dissolved."""
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
    undone = _reject_ties(MatchCandidate.objects, "party", party_id, remaining, actor=actor, note=note)
    # Reports that were one person only through the report taken out are no longer tied: the person
    # keeps its largest part still joined by accepted pairs; another part of two or more becomes a
    # person of its own, a report left alone is unlinked.
    accepted = _accepted_within(MatchCandidate.objects, "party", remaining)

    def person_apart(part: list[int]) -> int:
        apart = Person.objects.create(created_by=actor)
        PersonLink.objects.filter(person=person, party_id__in=part).update(person=apart)
        return apart.pk

    remaining, split, unlinked = _part(
        remaining, accepted, apart=person_apart,
        alone=lambda part: PersonLink.objects.filter(person=person, party_id__in=part).delete())
    dissolved = len(remaining) < 2
    audit_record(actor=actor, action="person.unmerge", obj=person, payload={
        "party": party_id, "candidates_rejected": undone, "dissolved": dissolved, "remaining": remaining,
        **({"split_into": {str(k): v for k, v in split.items()}} if split else {}),
        **({"unlinked": unlinked} if unlinked else {}),
    })
    if dissolved:
        person.links.all().delete()
        person.delete()
        return None
    return person


# ---------------------------------------------------------------- duplicate allegations
#
# The same incident reported twice (by two sources, or by one source again). Candidates are proposed
# by a run and on intake; a reviewer accepts (the two allegations join one ``IncidentGroup``: both stay
# as received, with their source, channel, reference and case), rejects (never proposed again) or
# defers. Decisions name the status the reviewer saw; a pair decided meanwhile by someone else is a
# conflict. Audit entries hold ids, references and codes only.

MAX_INTAKE_ALLEGATIONS = 2000


def _allegation_neighbours(record: dup.AllegationRecord) -> list[int]:
    """Allegations about the same State that may fall in the blocking window of ``record``: received no
    earlier than the window opens (a report comes after its incident), newest first, at most
    ``MAX_INTAKE_ALLEGATIONS``; ``candidate_pairs`` then applies the window exactly."""
    qs = Allegation.objects.filter(country__iso3=record.country).exclude(pk=record.id)
    if day := dup.first_day(record):
        qs = qs.filter(received_on__gte=dt.date.fromordinal(max(1, day - dup.WINDOW_DAYS)))
    return list(qs.order_by("-received_on", "-pk").values_list("pk", flat=True)[:MAX_INTAKE_ALLEGATIONS])


def _propose_allegation_pairs(records: list[dup.AllegationRecord], pairs, *, threshold: float,  # type: ignore[no-untyped-def]
                              run: AllegationRun | None) -> tuple[int, list[AllegationCandidate], int]:
    """Score ``pairs``; store new proposals and refresh open ones. Returns (compared, new, refreshed)."""
    idf = dup.idf_of(r.text for r in records)
    vectors = {r.id: dup.unit(dup.vector(r.text, idf)) for r in records}
    members, candidates = IncidentGroupMember.objects.all(), AllegationCandidate.objects.all()
    if run is None:  # one allegation and its neighbours, not the whole register
        ids = [r.id for r in records]
        members = members.filter(allegation_id__in=ids)
        candidates = candidates.filter(Q(allegation_a_id__in=ids) | Q(allegation_b_id__in=ids))
    grouped = dict(members.values_list("allegation_id", "group_id"))
    existing = {(a, b): status for a, b, status in candidates.values_list("allegation_a", "allegation_b", "status")}
    compared, refreshed, new = 0, 0, []
    for a, b in pairs:
        compared += 1
        if grouped.get(a.id) is not None and grouped.get(a.id) == grouped.get(b.id):
            continue
        status = existing.get((a.id, b.id))
        if status in CLOSED:
            continue
        similarity = 1.0 if a.text == b.text and vectors[a.id] else dup.unit_cosine(vectors[a.id], vectors[b.id])
        s = dup.score(a, b, similarity=similarity)
        if s.score < threshold:
            continue
        values = {"score": s.score, "weight": s.weight, "kind": s.kind, "reasons": s.reasons()}
        if status == CandidateStatus.PROPOSED:
            refreshed += AllegationCandidate.objects.filter(
                allegation_a_id=a.id, allegation_b_id=b.id, status=status).update(run=run, **values)
            continue
        new.append(AllegationCandidate(allegation_a_id=a.id, allegation_b_id=b.id, run=run, **values))
    AllegationCandidate.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return compared, new, refreshed


@transaction.atomic
def allegation_duplicates_run(*, actor: Any, threshold: float = dup.PROPOSE) -> AllegationRun:
    """Compare every allegation with those about the same State in its window of dates; propose the pairs
    at or above ``threshold`` that are not decided yet and not already in one group."""
    _require(actor, Cap.LINKAGE_REVIEW)
    if not 0.0 < threshold < 1.0:
        raise ValidationFailed.single("threshold", _("must be between 0 and 1"))
    run = AllegationRun.objects.create(started_by=actor, threshold=threshold)
    records = load_allegation_records()
    compared, new, refreshed = _propose_allegation_pairs(records, dup.candidate_pairs(records), threshold=threshold,
                                                         run=run)
    run.allegations, run.pairs_compared, run.proposed = len(records), compared, len(new)
    run.finished_at = timezone.now()
    run.save()
    audit_record(actor=actor, action="linkage.allegation_run", obj=run, payload={
        "allegations": len(records), "pairs_compared": compared, "proposed": len(new), "refreshed": refreshed,
        "threshold": threshold,
    })
    return run


@transaction.atomic
def duplicates_for_allegation(allegation: Allegation | int, *, actor: Any = None,
                              threshold: float = dup.PROPOSE) -> list[AllegationCandidate]:
    """Propose duplicates of one new or changed allegation among those about the same State in its window
    of dates (called after it is recorded, received through intake, or attached to a case). Needs no
    capability: it shows nothing to the caller, and its proposals wait in the review queue (where each
    reviewer sees only the pairs whose two allegations they may see)."""
    allegation_id = allegation.pk if isinstance(allegation, Allegation) else int(allegation)
    mine = load_allegation_records([allegation_id])
    if not mine:
        return []
    me = mine[0]
    others = load_allegation_records(_allegation_neighbours(me))
    records = [me, *others]
    day = dup.first_day(me)
    pairs = [(me, o) if me.id < o.id else (o, me) for o in others
             if o.country == me.country and abs(dup.first_day(o) - day) <= dup.WINDOW_DAYS
             and not (me.case_id is not None and me.case_id == o.case_id)]
    _compared, new, _refreshed = _propose_allegation_pairs(records, pairs, threshold=threshold, run=None)
    if new:
        audit_record(actor=actor, action="linkage.allegation_propose", object_type="cases.allegation",
                     object_id=str(allegation_id), payload={"proposed": len(new)})
    return new


def _allegation_candidate_for_write(actor: Any, candidate: AllegationCandidate | int,
                                    expected_status: str | None) -> AllegationCandidate:
    _require(actor, Cap.LINKAGE_REVIEW)
    pk = candidate.pk if isinstance(candidate, AllegationCandidate) else int(candidate)
    if actor is not None:
        allegation_candidate_get_for_user(actor, pk)
    found = AllegationCandidate.objects.select_for_update().get(pk=pk)
    if expected_status is not None and expected_status not in CandidateStatus.values:
        raise ValidationFailed.single("expected_status", _("unknown status %(s)s") % {"s": expected_status})
    stale = found.status != expected_status if expected_status is not None else found.status not in DECIDABLE
    if stale:
        raise Conflict(_("This pair was already decided (%(status)s). Reload it and try again.")
                       % {"status": CandidateStatus(found.status).label},
                       fields={"expected_status": [found.status]})
    return found


def _allegation_decide(candidate: AllegationCandidate, actor: Any, status: str, note: str) -> str:
    was = candidate.status
    candidate.status, candidate.decided_by, candidate.decided_at = status, actor, timezone.now()
    candidate.note = (note or "")[:500]
    candidate.save(update_fields=["status", "decided_by", "decided_at", "note"])
    return was


def _pair_refs(candidate: AllegationCandidate) -> list[str]:
    return list(Allegation.objects.filter(pk__in=[candidate.allegation_a_id, candidate.allegation_b_id])
                .order_by("pk").values_list("reference", flat=True))


@transaction.atomic
def allegation_candidate_accept(*, actor: Any, candidate: AllegationCandidate | int, note: str = "",
                                expected_status: str | None = None) -> IncidentGroup:
    """The two allegations report one incident: put them in one group (joining their groups if both had
    one). Neither allegation, its source, channel, reference nor case changes. A rejected pair can be
    accepted by naming ``expected_status="rejected"``."""
    candidate = _allegation_candidate_for_write(actor, candidate, expected_status)
    a, b = candidate.allegation_a_id, candidate.allegation_b_id
    links = {m.allegation_id: m
             for m in IncidentGroupMember.objects.select_for_update().filter(allegation_id__in=[a, b])}
    la, lb = links.get(a), links.get(b)
    moved: list[int] = []
    absorbed = None
    if la is None and lb is None:
        group = IncidentGroup.objects.create(created_by=actor)
        IncidentGroupMember.objects.bulk_create([
            IncidentGroupMember(allegation_id=x, group=group, candidate=candidate, linked_by=actor) for x in (a, b)])
    elif la is not None and lb is not None:
        group = la.group
        if la.group_id != lb.group_id:
            keep, drop = la.group, lb.group
            if drop.members.count() > keep.members.count():
                keep, drop = drop, keep
            moved = list(drop.members.values_list("allegation_id", flat=True))
            drop.members.update(group=keep)
            absorbed = drop.pk
            drop.delete()
            group = keep
    else:
        existing = la or lb
        group = existing.group  # type: ignore[union-attr]
        IncidentGroupMember.objects.create(allegation_id=b if la is not None else a, group=group,
                                           candidate=candidate, linked_by=actor)
    was = _allegation_decide(candidate, actor, CandidateStatus.ACCEPTED, note)
    audit_record(actor=actor, action="allegation_candidate.accept", obj=candidate, payload={
        "allegations": [a, b], "references": _pair_refs(candidate), "group": group.pk, "previous_status": was,
        "moved": moved, "absorbed_group": absorbed,
    })
    return group


@transaction.atomic
def allegation_candidate_reject(*, actor: Any, candidate: AllegationCandidate | int, note: str = "",
                                expected_status: str | None = None) -> AllegationCandidate:
    """Not the same incident: remembered, so the pair is never proposed again."""
    return _set_aside_allegations(actor, candidate, CandidateStatus.REJECTED, note, expected_status)


@transaction.atomic
def allegation_candidate_defer(*, actor: Any, candidate: AllegationCandidate | int, note: str = "",
                               expected_status: str | None = None) -> AllegationCandidate:
    """Not decidable yet; leaves the proposed queue and can be decided later from the deferred list."""
    return _set_aside_allegations(actor, candidate, CandidateStatus.DEFERRED, note, expected_status)


def _set_aside_allegations(actor: Any, candidate: AllegationCandidate | int, status: str, note: str,
                           expected_status: str | None) -> AllegationCandidate:
    """Reject or defer a pair of allegations that was not accepted."""
    candidate = _allegation_candidate_for_write(actor, candidate, expected_status)
    if candidate.status == CandidateStatus.ACCEPTED:
        raise Conflict(_("This pair was accepted: take the allegation out of its group instead."))
    if status == CandidateStatus.REJECTED and AllegationCandidate.objects.filter(pk=candidate.pk).filter(
            already_one_incident()).exists():
        raise Conflict(_("These two allegations are already one incident through other links: take one of them "
                         "out of the group instead."))
    was = _allegation_decide(candidate, actor, status, note)
    action = "reject" if status == CandidateStatus.REJECTED else "defer"
    audit_record(actor=actor, action=f"allegation_candidate.{action}", obj=candidate, payload={
        "allegations": [candidate.allegation_a_id, candidate.allegation_b_id], "previous_status": was})
    return candidate


@transaction.atomic
def incident_group_unmerge(*, actor: Any, group: IncidentGroup | int, allegation: Allegation | int,
                           note: str = "") -> IncidentGroup | None:
    """Take ``allegation`` out of ``group`` (undo an accept). The accepted pairs between it and the
    remaining members become rejected, so no run proposes them again. Members grouped only through it are
    parted (the largest part stays, another part becomes a group of its own, a lone member leaves). A
    group left with one allegation is dissolved. Returns the group, or ``None`` when dissolved."""
    _require(actor, Cap.LINKAGE_REVIEW)
    group_id = group.pk if isinstance(group, IncidentGroup) else int(group)
    if actor is not None:
        incident_group_get_for_user(actor, group_id)
    group = IncidentGroup.objects.select_for_update().get(pk=group_id)
    allegation_id = allegation.pk if isinstance(allegation, Allegation) else int(allegation)
    if actor is not None and not allegations_visible_to(actor).filter(pk=allegation_id).exists():
        raise NotFound()
    member = IncidentGroupMember.objects.filter(group=group, allegation_id=allegation_id).first()
    if member is None:
        raise Conflict(_("This allegation is not part of this group."), fields={"allegation": [str(allegation_id)]})
    member.delete()
    remaining = list(group.members.values_list("allegation_id", flat=True))
    undone = _reject_ties(AllegationCandidate.objects, "allegation", allegation_id, remaining, actor=actor, note=note)
    # As for persons: allegations grouped only through the one taken out are parted.
    accepted = _accepted_within(AllegationCandidate.objects, "allegation", remaining)

    def group_apart(part: list[int]) -> int:
        apart = IncidentGroup.objects.create(created_by=actor)
        IncidentGroupMember.objects.filter(group=group, allegation_id__in=part).update(group=apart)
        return apart.pk

    remaining, split, ungrouped = _part(
        remaining, accepted, apart=group_apart,
        alone=lambda part: IncidentGroupMember.objects.filter(group=group, allegation_id__in=part).delete())
    dissolved = len(remaining) < 2
    audit_record(actor=actor, action="incident_group.unmerge", obj=group, payload={
        "allegation": allegation_id, "candidates_rejected": undone, "dissolved": dissolved, "remaining": remaining,
        **({"split_into": {str(k): v for k, v in split.items()}} if split else {}),
        **({"ungrouped": ungrouped} if ungrouped else {}),
    })
    if dissolved:
        group.members.all().delete()
        group.delete()
        return None
    return group
