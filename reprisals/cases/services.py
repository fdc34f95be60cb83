"""The only write path for the case register.

Every function is keyword-only, takes the acting user, checks what the user may do, validates, writes
in one transaction and records an audit entry naming fields, never protected values. Changes to a case
bump its ``version``; callers that show a form pass the version they loaded, and a stale one is refused
(optimistic locking) instead of silently overwriting another officer's work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.roles import ASSIGNABLE_ROLES, Cap, has_cap
from reprisals.cases import search, selectors, workflow
from reprisals.cases.models import (
    AffectedParty,
    Allegation,
    Case,
    CaseStatus,
    Channel,
    ConsentRecord,
    ConsentUse,
    Engagement,
    Incident,
    ReferenceSequence,
    StatusChange,
)
from reprisals.cases.selectors import (
    INCIDENT_TEXTS,
    REASON_CASE_OPENED,
    allegation_get_for_user,
    case_get_for_user,
)
from reprisals.core import crypto
from reprisals.core.access import may_reveal
from reprisals.core.audit import audit_record
from reprisals.core.dates import UN_FOUNDED, PartialDate, before_the_un, parse_event_date
from reprisals.core.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from reprisals.core.fields import protected_field_names
from reprisals.core.services import changed_fields, require
from reprisals.core.services import validate as validate_model
from reprisals.core.text import refuse_control_in, refuse_control_text
from reprisals.reference.i18n import localized_name
from reprisals.reference.models import Country, Entity, Term, UNBody
from reprisals.reference.selectors import reference_id

CASE_FIELDS = ("title", "country", "summary", "risk_level", "risk_notes")
PARTY_FIELDS = (
    "kind",
    "name",
    "is_anonymous",
    "description",
    "protected_name",
    "name_variants",
    "gender",
    "is_minor",
    "is_foreign_national",
    "contact",
)


# ---------------------------------------------------------------- references and shared steps


def validate(instance: Any, *, exclude: Sequence[str], written: Sequence[str] | None = None) -> None:
    """Every write of the register passes here: its text may hold no control character but tab and line
    breaks (``core.text``; all text fields of a new row, the ``written`` ones of a change), then the model's
    own rules (``core.services.validate``). Both refuse with ``ValidationFailed`` naming the field."""
    refuse_control_in(instance, written)
    validate_model(instance, exclude=exclude)


REFERENCE_WIDTH = {"RT": 5, "AL": 6}


def reserve_references(prefix: str, model: type, year: int, count: int = 1) -> list[str]:
    """Hand out ``count`` consecutive references for ``prefix`` and ``year`` (bulk imports reserve blocks).
    The first call per year starts after any reference already present (e.g. loaded in bulk)."""
    sequence = ReferenceSequence.objects.select_for_update().filter(prefix=prefix, year=year).first()
    if sequence is None:
        existing = model.objects.filter(reference__startswith=f"{prefix}-{year}-").values_list("reference", flat=True)
        start = max((int(r.rsplit("-", 1)[1]) for r in existing.iterator()), default=0)
        with transaction.atomic():
            sequence, _created = ReferenceSequence.objects.get_or_create(
                prefix=prefix, year=year, defaults={"last": start}
            )
        sequence = ReferenceSequence.objects.select_for_update().get(pk=sequence.pk)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    width = REFERENCE_WIDTH[prefix]
    return [f"{prefix}-{year}-{n:0{width}d}" for n in range(first, sequence.last + 1)]


def _next_reference(prefix: str, model: type, year: int) -> str:
    return reserve_references(prefix, model, year)[0]


def _bump_version(case: Case, expected_version: int | None) -> None:
    """Claim the next version of ``case`` or refuse when someone else got there first."""
    qs = Case.objects.filter(pk=case.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if qs.update(version=F("version") + 1, updated_at=timezone.now()) != 1:
        raise Conflict()
    case.version = Case.objects.values_list("version", flat=True).get(pk=case.pk)


def refresh_derived(case: Case) -> None:
    """Recompute the year of the first incident and the search text after any change to the case."""
    first = case.incidents.aggregate(y=Min("date_year"))["y"] or case.engagements.aggregate(y=Min("date_year"))["y"]
    if first is None:
        first = case.allegations.aggregate(d=Min("received_on"))["d"]
        first = first.year if first else case.created_at.year if case.created_at else timezone.now().year
    parts: list[str] = [case.reference, case.title, case.summary]
    names: list[str] = []
    for party in case.parties.all():
        names.append(party.name)
        if not party.is_anonymous:  # an anonymous person's spellings would spell the real name
            names.extend(party.name_variants or [])
        parts.append(party.description)
    parts.extend(names)
    parts.extend(case.allegations.values_list("narrative", flat=True))
    parts.extend(case.incidents.values_list("description", flat=True))
    parts.extend(case.incidents.values_list("place", flat=True))
    text = search.build_search_text(parts, names)
    Case.objects.filter(pk=case.pk).update(year=first, search_text=text)
    case.year, case.search_text = first, text


def _unknown_terms(field: str, codes: Sequence[str]) -> ValidationFailed:
    return ValidationFailed.single(field, _("unknown value(s): %(codes)s") % {"codes": ", ".join(codes)})


def _unknown_country(field: str, code: str) -> ValidationFailed:
    return ValidationFailed.single(field, _("unknown State code %(code)s (use ISO 3166-1 alpha-3)") % {"code": code})


def _unknown_un_body(field: str, code: str) -> ValidationFailed:
    return ValidationFailed.single(field, _("unknown UN body code %(code)s") % {"code": code})


def _terms(vocabulary: str, codes: Sequence[str], field: str) -> list[Term]:
    codes = list(dict.fromkeys(codes))
    found = {t.code: t for t in Term.objects.filter(vocabulary=vocabulary, code__in=codes, is_active=True)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise _unknown_terms(field, unknown)
    return [found[c] for c in codes]


def term(vocabulary: str, code: str, field: str) -> Term:
    return _terms(vocabulary, [code], field)[0]


def country_by_code(code: str, field: str = "country") -> Country:
    country = Country.objects.filter(iso3=(code or "").upper()).first()
    if country is None:
        raise _unknown_country(field, code)
    return country


def un_body_by_code(code: str, field: str = "un_body") -> UNBody:
    body = UNBody.objects.filter(code=(code or "").upper()).first()
    if body is None:
        raise _unknown_un_body(field, code)
    return body


# Ids by code, for filters: the same answers and errors as the functions above, without loading rows.


def term_id(vocabulary: str, code: str, field: str) -> int:
    pk = reference_id(Term, vocabulary=vocabulary, code=code, is_active=True)
    if pk is None:
        raise _unknown_terms(field, [code])
    return pk


def country_id(code: str, field: str = "country") -> int:
    pk = reference_id(Country, iso3=(code or "").upper())
    if pk is None:
        raise _unknown_country(field, code)
    return pk


def un_body_id(code: str, field: str = "un_body") -> int:
    pk = reference_id(UNBody, code=(code or "").upper())
    if pk is None:
        raise _unknown_un_body(field, code)
    return pk


def entity_by_code(code: str, field: str = "source_entity") -> Entity:
    entity = Entity.objects.filter(code=(code or "").upper()).first()
    if entity is None:
        raise ValidationFailed.single(field, _("unknown entity code %(code)s") % {"code": code})
    return entity


def partial_date(text: str | None, field: str, *, required: bool = True) -> PartialDate | None:
    if not text:
        if required:
            raise ValidationFailed.single(field, _("this field is required"))
        return None
    try:
        return PartialDate.parse(str(text))
    except ValueError as exc:
        raise ValidationFailed.single(field, str(exc)) from exc


def event_date(text: str | None, field: str, *, today: dt.date | None = None) -> PartialDate:
    """The date of an incident, an engagement or what followed: a partial date from the founding of the
    United Nations (no one was punished for cooperating with it before) to ``today`` (the server's date
    unless given); refused naming ``field``."""
    if not text:
        raise ValidationFailed.single(field, _("this field is required"))
    try:
        when = parse_event_date(str(text))
    except ValueError as exc:
        raise ValidationFailed.single(field, str(exc)) from exc
    if when.earliest > (today or timezone.now().date()):
        raise ValidationFailed.single(field, _("the date is in the future"))
    return when


def _check_not_future(value: PartialDate | dt.date, field: str) -> None:
    earliest = value.earliest if isinstance(value, PartialDate) else value
    if earliest > timezone.now().date():
        raise ValidationFailed.single(field, _("the date is in the future"))


def raise_consent_problem(case: Case) -> str | None:
    """Why ``case`` may not be raised with the State (a status change or a communication naming it), or None.

    Every affected party of the case, named or anonymous, person or organisation, must have consent to
    raise the case with the State in force; for a person who cannot be asked (detained, disappeared, a
    child) the consent of their family or legal representative is recorded as their decision, with how
    it was given in its note. A case with no affected party recorded has no consent to show and is
    refused too. The message names parties by their public name or description, never a protected value.
    """
    missing = selectors.parties_without_consent(case, ConsentUse.RAISE_WITH_STATE)
    if missing:
        names = ", ".join(
            _("%(name)s (party %(id)s)") % {"name": p.display_name, "id": p.pk} for p in missing
        )
        return _("Case %(case)s cannot be raised with the State: no consent to raise it is in force for %(parties)s. "
                 "Record their consent first (for a person who cannot be asked, that of their family or "
                 "representative).") % {"case": case.reference, "parties": names}
    if not case.parties.exists():
        return _("Case %(case)s cannot be raised with the State: no affected party is recorded, so no consent "
                 "is on record. Add the affected parties and their consent first.") % {"case": case.reference}
    return None


def _check_same_state(allegation: Allegation, case: Case, field: str) -> None:
    """An allegation belongs only to a case about the same State. Every attach path (API, web, triage,
    opening a case) and every change of an attached allegation's State goes through here."""
    state = case.country
    if allegation.country_id != state.pk:
        message = (_("allegation %(allegation)s concerns %(a_state)s, not the State of case %(case)s (%(c_state)s)")
                   if case.reference else
                   _("allegation %(allegation)s concerns %(a_state)s, not the State of this case (%(c_state)s)"))
        raise ValidationFailed.single(field, message % {
            "allegation": allegation.reference, "a_state": localized_name(allegation.country),
            "case": case.reference, "c_state": localized_name(state)})


# No allegation reached the United Nations before its Charter entered into force.
EARLIEST_RECEIVED = UN_FOUNDED


def _check_received_on(value: dt.date, field: str = "received_on") -> None:
    """A received date lies between the founding of the United Nations and today."""
    if value < EARLIEST_RECEIVED:
        raise ValidationFailed.single(field, before_the_un())
    _check_not_future(value, field)


def _case_for_write(actor: Any, case: Case | int) -> Case:
    require(actor, Cap.CASE_EDIT)
    return case_get_for_user(actor, case.pk if isinstance(case, Case) else case)


def _check_not_blind(actor: Any, obj: Any, values: dict[str, Any]) -> None:
    """A reader may change a protected value only where it may see it (``core.access.may_reveal``): a focal
    point does not overwrite OHCHR's risk notes, a party's contact or real name, or another source's details."""
    fields = [name for name in protected_field_names(type(obj)) if name in values]
    if fields and not may_reveal(actor, obj):
        message = _("You may not change protected details that you are not allowed to see.")
        raise Forbidden(message, fields={name: [message] for name in fields})


def _check_name_not_withheld(actor: Any, case: Case, party: AffectedParty, values: dict[str, Any]) -> None:
    """A reader from whom a party's name is withheld (``selectors.withheld_from``) does not overwrite it."""
    fields = [name for name in ("name", "name_variants", "is_anonymous", "description") if name in values]
    if fields and party.pk in selectors.withheld_from(actor, case).parties:
        message = _("You may not change the name of a person that is withheld from you.")
        raise Forbidden(message, fields={name: [message] for name in fields})


def _check_texts_not_withheld(actor: Any, case: Case, obj: Any, fields: Sequence[str], values: dict[str, Any]) -> None:
    """What one may not read whole, one may not rewrite. A free text of ``obj`` (one of ``fields``, on ``case``)
    that names a party withheld from ``actor`` (``selectors.withheld_from``) was shown to it with the name blanked
    ("[…] was detained"). Sent back as it was shown, it is no change: it is dropped from ``values`` (in place), so
    the blanked text is never written over the real one and the request's other fields are saved. Any other value
    for it is refused (403, naming the field) before anything is written, the real text too: accepting that as no
    change would confirm a guess of the withheld name. A text that names nobody withheld, and every text for OHCHR
    staff (from whom nothing is withheld), stays as editable as before."""
    asked = [name for name in fields if name in values]
    if not asked:
        return
    names = selectors.withheld_from(actor, case).names
    if not names:
        return
    refused = []
    for name in asked:
        current = getattr(obj, name) or ""
        shown = selectors.blank_names(current, names)
        if shown == current:
            continue
        sent = values[name]
        if isinstance(sent, str) and sent.strip() == shown.strip():
            del values[name]
        else:
            refused.append(name)
    if refused:
        message = _("This text may name a person whose name is withheld from you: only OHCHR may change it.")
        raise Forbidden(message, fields={name: [message] for name in refused})


# ---------------------------------------------------------------- allegations

# Other apps react to a new allegation, or one attached to a case (linkage proposes duplicates), by
# appending a function ``(allegation_id, actor) -> None`` here from their AppConfig.ready(); it runs
# after the commit.
ALLEGATION_CHANGED_HOOKS: list[Callable[[int, Any], None]] = []


def after_allegation_change(allegation: Allegation, actor: Any) -> None:
    """Run the hooks after the commit (intake calls it for the allegations it creates)."""
    for hook in ALLEGATION_CHANGED_HOOKS:
        transaction.on_commit(lambda hook=hook: hook(allegation.pk, actor))


@transaction.atomic
def allegation_record(
    *,
    actor: Any,
    country: Country,
    received_on: dt.date,
    narrative: str,
    source_entity: Entity | None = None,
    source_reference: str = "",
    channel: str = Channel.WEB,
    source_identity: str = "",
    source_contact: str = "",
) -> Allegation:
    """Record information received from a source; it waits in triage until attached to a case.

    A focal point records allegations for its own entity only.
    """
    require(actor, Cap.ALLEGATION_CREATE)
    if not has_cap(actor, Cap.CASE_VIEW_ALL):
        if source_entity is not None and source_entity.pk != actor.entity_id:
            raise Forbidden(_("You can record allegations only for your own entity."))
        source_entity = actor.entity
    _check_received_on(received_on)
    allegation = Allegation(
        reference=_next_reference("AL", Allegation, received_on.year),
        country=country,
        received_on=received_on,
        narrative=narrative,
        source_entity=source_entity,
        source_reference=source_reference.strip(),
        channel=channel,
        source_identity=source_identity,
        source_contact=source_contact,
        recorded_by=actor,
    )
    _check_sender_reference_free(allegation)
    validate(allegation, exclude=["case", "recorded_by"])
    try:
        with transaction.atomic():
            allegation.save()
    except IntegrityError as exc:
        raise ValidationFailed.single(
            "source_reference", _("this sender already sent an allegation with this reference")
        ) from exc
    audit_record(
        actor=actor,
        action="allegation.record",
        obj=allegation,
        payload={"channel": channel, "country": country.iso3, "entity": source_entity.code if source_entity else ""},
    )
    after_allegation_change(allegation, actor)
    return allegation


def _check_sender_reference_free(allegation: Allegation) -> None:
    """Each sender's own reference is unique, so re-sending the same allegation creates no duplicate."""
    if not allegation.source_reference:
        return
    taken = Allegation.objects.filter(
        source_entity=allegation.source_entity, source_reference=allegation.source_reference
    ).exclude(pk=allegation.pk)
    if taken.exists():
        raise ValidationFailed.single(
            "source_reference", _("this sender already sent an allegation with this reference")
        )


ALLEGATION_FIELDS = ("country", "received_on", "narrative", "source_reference", "source_identity", "source_contact")


@transaction.atomic
def allegation_update(*, actor: Any, allegation: Allegation, **values: Any) -> Allegation:
    """Correct what was recorded of an allegation; the sender and channel never change."""
    unknown = set(values) - set(ALLEGATION_FIELDS)
    if unknown:
        raise ValidationFailed.single(sorted(unknown)[0], _("this field cannot be changed here"))
    require(actor, Cap.ALLEGATION_CREATE)
    allegation = allegation_get_for_user(actor, allegation.pk)
    if allegation.case_id is not None:
        require(actor, Cap.CASE_EDIT)
    if not has_cap(actor, Cap.CASE_VIEW_ALL) and allegation.source_entity_id != getattr(actor, "entity_id", None):
        raise Forbidden(_("You can change only the allegations your own entity sent."))
    _check_not_blind(actor, allegation, values)
    if allegation.case_id is not None:
        _check_texts_not_withheld(actor, allegation.case, allegation, ("narrative",), values)
    changed = changed_fields(allegation, values)
    if "country" in changed and allegation.case_id is not None:
        _check_same_state(allegation, allegation.case, "country")
    if "received_on" in changed:
        _check_received_on(allegation.received_on)
    _check_sender_reference_free(allegation)
    validate(allegation, exclude=["case", "recorded_by"], written=changed)
    try:
        with transaction.atomic():
            allegation.save()
    except IntegrityError as exc:
        raise ValidationFailed.single(
            "source_reference", _("this sender already sent an allegation with this reference")
        ) from exc
    if allegation.case_id is not None:
        case = allegation.case
        _bump_version(case, None)
        refresh_derived(case)
    audit_record(actor=actor, action="allegation.update", obj=allegation, payload={"fields": sorted(changed)})
    return allegation


@transaction.atomic
def allegation_attach(*, actor: Any, allegation: Allegation, case: Case, field: str = "case") -> Allegation:
    """Attach an allegation in triage (or moved from another case) to ``case``, which must concern the
    same State; ``field`` names the input that chose the case in a refusal."""
    case = _case_for_write(actor, case)
    allegation = allegation_get_for_user(actor, allegation.pk)
    previous = allegation.case
    if previous is not None and previous.pk == case.pk:
        return allegation
    _check_same_state(allegation, case, field)
    allegation.case = case
    allegation.save(update_fields=["case"])
    _bump_version(case, None)
    refresh_derived(case)
    if previous is not None:
        _bump_version(previous, None)
        refresh_derived(previous)
    audit_record(
        actor=actor,
        action="allegation.attach",
        obj=allegation,
        payload={"case": case.reference, "from_case": previous.reference if previous else ""},
    )
    after_allegation_change(allegation, actor)
    return allegation


# ---------------------------------------------------------------- cases


@transaction.atomic
def case_open(
    *,
    actor: Any,
    title: str,
    country: Country,
    allegation: Allegation | None = None,
    summary: str = "",
    risk_level: str = "ordinary",
    risk_notes: str = "",
    assigned_to: Any = None,
) -> Case:
    """Open a case, usually from an allegation in triage, with status ``received``."""
    require(actor, Cap.CASE_CREATE)
    if allegation is not None:
        allegation = allegation_get_for_user(actor, allegation.pk)
        if allegation.case_id is not None:
            raise ValidationFailed.single("allegation", _("this allegation is already part of a case"))
        _check_same_state(allegation, Case(country=country), "country")
    if assigned_to is not None:
        require(actor, Cap.CASE_ASSIGN)
        _check_assignable(assigned_to)
    now = timezone.now()
    case = Case(
        reference=_next_reference("RT", Case, now.year),
        title=title.strip(),
        country=country,
        summary=summary,
        risk_level=risk_level,
        risk_notes=risk_notes,
        assigned_to=assigned_to,
        year=now.year,
        created_by=actor,
    )
    validate(case, exclude=["created_by", "assigned_to"])
    case.save()
    StatusChange.objects.create(
        case=case, from_status="", to_status=CaseStatus.RECEIVED, reason=REASON_CASE_OPENED, actor=actor
    )
    if allegation is not None:
        allegation.case = case
        allegation.save(update_fields=["case"])
    refresh_derived(case)
    audit_record(
        actor=actor,
        action="case.open",
        obj=case,
        payload={"country": country.iso3, "allegation": allegation.reference if allegation else ""},
    )
    if allegation is not None:
        after_allegation_change(allegation, actor)
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case | int, expected_version: int | None, **values: Any) -> Case:
    """Change the case's own fields (title, State, summary, risk). Unknown names are refused."""
    unknown = set(values) - set(CASE_FIELDS)
    if unknown:
        raise ValidationFailed.single(sorted(unknown)[0], _("this field cannot be changed here"))
    case = _case_for_write(actor, case)
    _check_not_blind(actor, case, values)
    _check_texts_not_withheld(actor, case, case, ("title", "summary"), values)
    changed = changed_fields(case, values)
    validate(case, exclude=["created_by", "assigned_to"], written=changed)
    _bump_version(case, expected_version)
    moved = 0
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
        if "country" in changed:
            # A case and its allegations concern one State: correcting the case's State corrects theirs
            # (an attached allegation's State alone cannot be changed, see ``_check_same_state``).
            moved = case.allegations.exclude(country=case.country).update(country=case.country)
        refresh_derived(case)
    payload: dict[str, Any] = {"fields": sorted(changed)}
    if moved:
        payload["allegations_moved"] = moved
    audit_record(actor=actor, action="case.update", obj=case, payload=payload)
    return case


def _check_assignable(user: Any) -> None:
    if user is None:
        return
    if not user.is_active or user.role not in ASSIGNABLE_ROLES:
        raise ValidationFailed.single(
            "assigned_to", _("cases can be assigned only to active case officers, reviewers or senior officials")
        )


@transaction.atomic
def case_assign(*, actor: Any, case: Case | int, assignee: Any, expected_version: int | None = None) -> Case:
    """Make ``assignee`` the responsible officer (or nobody, with None)."""
    require(actor, Cap.CASE_ASSIGN)
    case = _case_for_write(actor, case)
    _check_assignable(assignee)
    if case.is_restricted and assignee is not None and not case.compartment.filter(pk=assignee.pk).exists():
        raise ValidationFailed.single(
            "assigned_to", _("this case is restricted: add the officer to its named users first")
        )
    _bump_version(case, expected_version)
    previous = case.assigned_to_id
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to", "updated_at"])
    audit_record(
        actor=actor, action="case.assign", obj=case, payload={"from": previous, "to": assignee.pk if assignee else None}
    )
    return case


@transaction.atomic
def case_transition(*, actor: Any, case: Case | int, to_status: str, reason: str, expected_version: int | None) -> Case:
    """Move the case along an allowed transition, with a reason recorded on its timeline."""
    case = _case_for_write(actor, case)
    if to_status not in CaseStatus.values:
        raise ValidationFailed.single("to_status", _("unknown status %(s)s") % {"s": to_status})
    if not reason or not reason.strip():
        raise ValidationFailed.single("reason", _("give the reason for this change"))
    if len(reason) > 5000:
        raise ValidationFailed.single("reason", _("the reason is longer than 5000 characters"))
    refuse_control_text("reason", reason.strip())
    if not workflow.is_allowed(case.status, to_status):
        allowed = ", ".join(str(CaseStatus(s).label) for s in workflow.allowed_next(case.status))
        current, target = CaseStatus(case.status).label, CaseStatus(to_status).label
        raise InvalidTransition(
            _("A case cannot go from “%(src)s” to “%(dst)s”. Allowed next: %(allowed)s.")
            % {"src": current, "dst": target, "allowed": allowed},
            fields={"to_status": [_("not allowed from “%(src)s”") % {"src": current}]},
        )
    if not has_cap(actor, workflow.capability_for(to_status)):
        raise Forbidden(_("Only a reviewer can record that the State responded adequately."))
    if to_status == CaseStatus.RAISED_WITH_STATE and (why := raise_consent_problem(case)):
        raise InvalidTransition(why, fields={"to_status": [why]})
    for check in workflow.TRANSITION_CHECKS.get(to_status, []):
        if why := check(case):
            raise InvalidTransition(why, fields={"to_status": [why]})
    _bump_version(case, expected_version)
    previous = case.status
    case.status = to_status
    case.save(update_fields=["status", "updated_at"])
    StatusChange.objects.create(
        case=case, from_status=previous, to_status=to_status, reason=reason.strip(), actor=actor
    )
    audit_record(actor=actor, action="case.transition", obj=case, payload={"from": previous, "to": to_status})
    return case


@transaction.atomic
def case_restrict(*, actor: Any, case: Case | int, restricted: bool, members: Sequence[Any]) -> Case:
    """Restrict a case to named users (a compartment), or lift the restriction. The actor stays a member."""
    require(actor, Cap.CASE_RESTRICT)
    case = _case_for_write(actor, case)
    names = {m.pk for m in members} | {actor.pk}
    if restricted and case.assigned_to_id and case.assigned_to_id not in names:
        names.add(case.assigned_to_id)
    _bump_version(case, None)
    case.is_restricted = restricted
    case.save(update_fields=["is_restricted", "updated_at"])
    case.compartment.set(list(names) if restricted else [])
    audit_record(
        actor=actor,
        action="case.restrict",
        obj=case,
        payload={"restricted": restricted, "members": sorted(names) if restricted else []},
    )
    return case


# ---------------------------------------------------------------- affected parties

# Other apps react to a new or renamed party (linkage proposes matches) by appending a function
# ``(party_id, actor) -> None`` here from their AppConfig.ready(); it runs after the commit.
PARTY_CHANGED_HOOKS: list[Callable[[int, Any], None]] = []


def _after_party_change(party: AffectedParty, actor: Any) -> None:
    for hook in PARTY_CHANGED_HOOKS:
        transaction.on_commit(lambda hook=hook: hook(party.pk, actor))


def _party_prepare(party: AffectedParty) -> None:
    party.name = (party.name or "").strip()
    party.description = (party.description or "").strip()
    if party.is_anonymous:
        # Other spellings of an anonymous person's name would give the real name away in the clear.
        party.name, party.name_variants = "", []
    elif not party.name:
        raise ValidationFailed.single("name", _("give the name of the person or organisation, or mark the party "
                                                "anonymous"))
    party.name_variants = [v.strip() for v in (party.name_variants or []) if isinstance(v, str) and v.strip()]
    party.protected_name_index = crypto.blind_index(party.protected_name) if party.protected_name else ""


def _reporting_entity(actor: Any, case: Case) -> int | None:
    """The UN entity that reports a party added now (``AffectedParty.reported_by``): a focal point's own entity;
    for OHCHR, the entity that sent every allegation of the case when one did (the party can only come from
    it), else none known."""
    if getattr(actor, "entity_id", None):
        return actor.entity_id
    sources = set(case.allegations.values_list("source_entity_id", flat=True))
    return sources.pop() if len(sources) == 1 and None not in sources else None


@transaction.atomic
def party_add(
    *,
    actor: Any,
    case: Case | int,
    roles: Sequence[str] = (),
    consequences: Sequence[str] = (),
    **values: Any,
) -> AffectedParty:
    """Add a person or organisation targeted in the case. Anonymous parties keep their real name only in
    the encrypted ``protected_name``."""
    unknown = set(values) - set(PARTY_FIELDS)
    if unknown:
        raise ValidationFailed.single(sorted(unknown)[0], _("unknown field"))
    case = _case_for_write(actor, case)
    role_terms = _terms("party_role", roles, "roles")
    consequence_terms = _terms("consequence", consequences, "consequences")
    party = AffectedParty(case=case, reported_by_id=_reporting_entity(actor, case), **values)
    _party_prepare(party)
    validate(party, exclude=["case"])
    party.save()
    party.roles.set(role_terms)
    party.consequences.set(consequence_terms)
    _bump_version(case, None)
    refresh_derived(case)
    audit_record(
        actor=actor,
        action="party.add",
        obj=party,
        payload={"case": case.reference, "kind": party.kind, "anonymous": party.is_anonymous},
    )
    _after_party_change(party, actor)
    return party


@transaction.atomic
def party_update(
    *,
    actor: Any,
    party: AffectedParty,
    roles: Sequence[str] | None = None,
    consequences: Sequence[str] | None = None,
    **values: Any,
) -> AffectedParty:
    unknown = set(values) - set(PARTY_FIELDS)
    if unknown:
        raise ValidationFailed.single(sorted(unknown)[0], _("unknown field"))
    case = _case_for_write(actor, party.case_id)
    party = AffectedParty.objects.get(pk=party.pk, case=case)
    _check_not_blind(actor, party, values)
    _check_name_not_withheld(actor, case, party, values)
    _check_texts_not_withheld(actor, case, party, ("description",), values)
    changed = changed_fields(party, values)
    _party_prepare(party)
    validate(party, exclude=["case"], written=changed)
    party.save()
    if roles is not None:
        party.roles.set(_terms("party_role", roles, "roles"))
        changed.append("roles")
    if consequences is not None:
        party.consequences.set(_terms("consequence", consequences, "consequences"))
        changed.append("consequences")
    _bump_version(case, None)
    refresh_derived(case)
    audit_record(actor=actor, action="party.update", obj=party, payload={"fields": sorted(changed)})
    if {"name", "name_variants", "is_anonymous"} & set(changed):
        _after_party_change(party, actor)
    return party


@transaction.atomic
def consent_record(
    *, actor: Any, party: AffectedParty, use: str, granted: bool, decided_on: dt.date, note: str = ""
) -> ConsentRecord:
    """Record a dated consent decision for one use; a later decision (a revocation) replaces it.

    The person's decision is OHCHR's to record (``case.view_all``). A focal point records it only on a case
    holding nothing but its own entity's allegations (``selectors.may_record_consent``: the register does not
    record which allegation named which party), and never turns a refusal or withdrawal that anyone but a
    focal point of its own entity recorded into consent."""
    case_for_write = _case_for_write(actor, party.case_id)
    party = AffectedParty.objects.get(pk=party.pk, case=case_for_write)
    if not selectors.may_record_consent(actor, case_for_write):
        raise Forbidden(_("Consent on a case that holds another organisation's allegations is recorded by OHCHR."))
    if granted and not has_cap(actor, Cap.CASE_VIEW_ALL):
        latest = (ConsentRecord.objects.filter(party=party, use=use).select_related("recorded_by")
                  .order_by("-recorded_at", "-id").first())
        recorder = latest.recorded_by if latest is not None else None
        own = (recorder is not None and recorder.role == actor.role and recorder.entity_id is not None
               and recorder.entity_id == actor.entity_id)
        if latest is not None and not latest.granted and not own:
            message = _("The person's refusal was recorded by OHCHR or another organisation: only OHCHR may "
                        "record a change of mind.")
            raise Forbidden(message, fields={"granted": [message]})
    _check_not_future(decided_on, "decided_on")
    record = ConsentRecord(party=party, use=use, granted=granted, decided_on=decided_on, note=note, recorded_by=actor)
    validate(record, exclude=["recorded_by", "party"])
    record.save()
    _bump_version(case_for_write, None)
    audit_record(actor=actor, action="consent.record", obj=party, payload={"use": use, "granted": granted})
    return record


# ---------------------------------------------------------------- incidents and engagements


@transaction.atomic
def incident_add(
    *,
    actor: Any,
    case: Case | int,
    date: str,
    forms: Sequence[str],
    perpetrator: str | None = None,
    place: str = "",
    country: Country | None = None,
    description: str = "",
) -> Incident:
    """Record one incident of reprisal: when (possibly only the year or month), where, what, by whom."""
    case = _case_for_write(actor, case)
    when = event_date(date, "date")
    if not forms:
        raise ValidationFailed.single("forms", _("name at least one form of reprisal"))
    form_terms = _terms("reprisal_form", forms, "forms")
    incident = Incident(
        case=case,
        date_year=when.year,
        date_month=when.month,
        date_day=when.day,
        place=place,
        country=country,
        perpetrator=term("perpetrator", perpetrator, "perpetrator") if perpetrator else None,
        description=description,
    )
    validate(incident, exclude=["case"])
    incident.save()
    incident.forms.set(form_terms)
    _bump_version(case, None)
    refresh_derived(case)
    audit_record(
        actor=actor,
        action="incident.add",
        obj=incident,
        payload={"case": case.reference, "forms": [t.code for t in form_terms]},
    )
    return incident


@transaction.atomic
def incident_update(
    *,
    actor: Any,
    incident: Incident,
    date: str | None = None,
    forms: Sequence[str] | None = None,
    perpetrator: str | None = None,
    **values: Any,
) -> Incident:
    allowed = {"place", "country", "description"}
    if set(values) - allowed:
        raise ValidationFailed.single(sorted(set(values) - allowed)[0], _("unknown field"))
    case = _case_for_write(actor, incident.case_id)
    incident = Incident.objects.get(pk=incident.pk, case=case)
    _check_texts_not_withheld(actor, case, incident, INCIDENT_TEXTS, values)
    changed = changed_fields(incident, values)
    if date is not None:
        when = event_date(date, "date")
        incident.date_year, incident.date_month, incident.date_day = when.year, when.month, when.day
        changed.append("date")
    if perpetrator is not None:
        incident.perpetrator = term("perpetrator", perpetrator, "perpetrator") if perpetrator else None
        changed.append("perpetrator")
    validate(incident, exclude=["case"], written=changed)
    incident.save()
    if forms is not None:
        if not forms:
            raise ValidationFailed.single("forms", _("name at least one form of reprisal"))
        incident.forms.set(_terms("reprisal_form", forms, "forms"))
        changed.append("forms")
    _bump_version(case, None)
    refresh_derived(case)
    audit_record(actor=actor, action="incident.update", obj=incident, payload={"fields": sorted(changed)})
    return incident


@transaction.atomic
def engagement_add(
    *, actor: Any, case: Case | int, un_body: UNBody, kind: str, date: str, description: str = ""
) -> Engagement:
    """Record the cooperation with the UN that the reprisal answered."""
    case = _case_for_write(actor, case)
    when = event_date(date, "date")
    engagement = Engagement(
        case=case,
        un_body=un_body,
        kind=term("engagement_kind", kind, "kind"),
        date_year=when.year,
        date_month=when.month,
        date_day=when.day,
        description=description,
    )
    validate(engagement, exclude=["case"])
    engagement.save()
    _bump_version(case, None)
    refresh_derived(case)
    audit_record(
        actor=actor,
        action="engagement.add",
        obj=engagement,
        payload={"case": case.reference, "un_body": un_body.code, "kind": kind},
    )
    return engagement
