"""The only write path of intake: receiving submissions (API, public form), triage decisions, and what a
sender adds later. Bulk import lives in ``intake.importer``; reporting schedules in ``intake.reporting``.

Decision (docs/intake.md): every submission creates, in the same transaction, an ``Allegation`` in triage
(no case) with its channel, entity and sender's reference, so the register's own triage shows it too. The
submission keeps the structured content (people, consent, risk) that becomes parties, incidents,
engagements and consent records when an officer opens a case from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap
from reprisals.cases import services as case_services
from reprisals.cases.models import Allegation, Case, ConsentUse, RiskLevel
from reprisals.cases.selectors import case_get_for_user
from reprisals.cases.services import reserve_references
from reprisals.core.audit import audit_record
from reprisals.core.errors import Conflict, ValidationFailed
from reprisals.core.services import require, validate
from reprisals.core.text import refuse_control_text
from reprisals.intake.attachments import CheckedFile, encrypt_bytes
from reprisals.intake.models import (
    Submission,
    SubmissionAttachment,
    SubmissionChannel,
    SubmissionStatus,
    SubmissionUpdate,
)
from reprisals.intake.rows import (
    CONSENT_FIELDS,
    RISK_FIELDS,
    FieldError,
    PersonData,
    SubmissionData,
    Vocab,
    check,
    narrative_of,
)
from reprisals.reference.models import Country, Entity, Term, UNBody

RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
RECEIPT_LENGTH = 20  # 100 bits


# ---------------------------------------------------------------- vocabulary and shared steps


def vocab_load() -> Vocab:
    """The codes known to the register, read once per request or import."""
    terms: dict[str, set[str]] = {}
    for vocabulary, code in Term.objects.filter(is_active=True).values_list("vocabulary", "code"):
        terms.setdefault(vocabulary, set()).add(code)
    countries = dict(Country.objects.values_list("iso3", "name"))
    return Vocab(
        countries=frozenset(countries),
        un_bodies=frozenset(UNBody.objects.filter(is_active=True).values_list("code", flat=True)),
        entities=frozenset(Entity.objects.filter(is_active=True).values_list("code", flat=True)),
        terms={k: frozenset(v) for k, v in terms.items()},
        country_names={name.casefold(): iso3 for iso3, name in countries.items()},
    )


def term_labels() -> dict[str, str]:
    return dict(Term.objects.values_list("code", "label"))


def raise_field_errors(errors: Sequence[FieldError]) -> None:
    if errors:
        fields: dict[str, list[str]] = {}
        for error in errors:
            fields.setdefault(error.field, []).append(error.message)
        first = errors[0]
        raise ValidationFailed(_("%(field)s: %(message)s") % {"field": first.field, "message": first.message},
                               fields=fields)


class ReferenceAllocator:
    """Allegation references ``AL-<year>-<n>`` from the register's own sequence
    (``cases.services.reserve_references``: its row is locked until the transaction ends, so concurrent
    writers never share a number, and a rolled-back reservation is never used). ``reserve(n)`` takes a
    block of exactly ``n`` for a batch of rows; ``next()`` takes one when none is reserved, so a single
    submission uses one number and the sequence stays dense."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.pending: list[str] = []

    def reserve(self, count: int) -> None:
        """Reserve ``count`` more references (beyond any still pending) for the rows about to be written."""
        if count > len(self.pending):
            more = reserve_references("AL", Allegation, self.year, count - len(self.pending))
            self.pending = more[::-1] + self.pending

    def next(self) -> str:
        if not self.pending:
            self.reserve(1)
        return self.pending.pop()


def persons_json(persons: Sequence[PersonData]) -> str:
    return json.dumps([p.as_dict() for p in persons], ensure_ascii=False) if persons else ""


def pair_values(
    data: SubmissionData, *, channel: str, entity_id: int | None, country_id: int, un_body_id: int | None,
    user_id: int | None, now: dt.datetime, reference: str, labels: dict[str, str], batch_id: int | None = None,
    file_name: str = "", row_number: int | None = None, contact: str = "",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Field values (by attribute name) of the allegation in triage and of the submission for one validated
    ``data``. The one place that decides what a submission stores, for single saves and bulk imports."""
    allegation = {
        "reference": reference, "case_id": None, "country_id": country_id, "received_on": now.date(),
        "narrative": narrative_of(data, labels), "source_entity_id": entity_id,
        "source_reference": data.sender_reference, "channel": channel, "source_identity": "",
        "source_contact": contact, "recorded_by_id": user_id, "created_at": now,
    }
    submission = {
        "channel": channel, "entity_id": entity_id, "submitted_by_id": user_id, "submitted_at": now,
        "batch_id": batch_id, "file_name": file_name, "row_number": row_number,
        "sender_reference": data.sender_reference, "receipt_digest": None, "status": SubmissionStatus.RECEIVED,
        "status_changed_at": now, "decided_by_id": None, "decision_note": "", "country_id": country_id,
        "title": data.title, "what_happened": data.what_happened, "incident_date": data.incident_date,
        "place": data.place, "forms": data.forms, "perpetrator": data.perpetrator, "un_body_id": un_body_id,
        "engagement_kind": data.engagement_kind, "engagement_date": data.engagement_date,
        "engagement_description": data.engagement_description, "persons": persons_json(data.persons),
        "risk_notes": data.risk_notes, "extra": data.extra, "is_urgent": data.is_urgent,
        **{name: data.consent.get(name) for name in CONSENT_FIELDS},
        **{name: data.risk.get(name) for name in RISK_FIELDS},
    }
    return allegation, submission


def _store_one(data: SubmissionData, *, channel: str, entity: Entity | None, user: Any,
               contact: str = "") -> Submission:
    now = timezone.now()
    allegation_values, submission_values = pair_values(
        data, channel=channel, entity_id=entity.pk if entity else None,
        country_id=Country.objects.only("pk").get(iso3=data.country).pk,
        un_body_id=UNBody.objects.only("pk").get(code=data.un_body).pk if data.un_body else None,
        user_id=user.pk if user is not None and user.is_authenticated else None, now=now,
        reference=ReferenceAllocator(now.year).next(), labels=term_labels(), contact=contact,
    )
    allegation, submission = Allegation(**allegation_values), Submission(**submission_values)
    validate(allegation, exclude=["case", "recorded_by", "source_entity", "country"])
    try:
        with transaction.atomic():
            allegation.save()
            submission.allegation = allegation
            submission.save()
    except IntegrityError as exc:
        raise Conflict(_("This sender already sent a submission with this reference."),
                       fields={"sender_reference": [_("already used by your entity")]}) from exc
    case_services.after_allegation_change(allegation, user)
    return submission


# ---------------------------------------------------------------- receiving


@transaction.atomic
def submission_create(*, actor: Any, data: SubmissionData) -> Submission:
    """A submission sent by an entity's account (the API). The entity is always the actor's own."""
    require(actor, Cap.SUBMISSION_CREATE)
    entity = actor.entity
    if entity is None:
        raise ValidationFailed.single("entity", _("your account is not tied to an entity"))
    data.source_entity = entity.code
    raise_field_errors(check(data, vocab_load(), today=timezone.now().date()))
    if data.sender_reference and Submission.objects.filter(
            entity=entity, sender_reference=data.sender_reference).exists():
        raise Conflict(_("Your entity already sent a submission with this reference."),
                       fields={"sender_reference": [_("already used by your entity")]})
    submission = _store_one(data, channel=SubmissionChannel.API, entity=entity, user=actor)
    audit_record(actor=actor, action="submission.create", obj=submission, payload={
        "channel": "api", "entity": entity.code, "country": data.country, "urgent": submission.is_urgent,
        "allegation": submission.allegation.reference if submission.allegation else ""})
    return submission


def receipt_digest(code: str) -> str:
    """Only this SHA-256 of the receipt code is stored. The code carries 100 random bits, so a fast hash is
    enough: there is nothing to brute-force, and look-ups are rate-limited as well."""
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(("receipt:" + normal).encode("ascii", "replace")).hexdigest()


def receipt_new() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i:i + 5] for i in range(0, RECEIPT_LENGTH, 5))


def _store_attachments(submission: Submission, files: Sequence[CheckedFile],
                       update: SubmissionUpdate | None = None) -> None:
    for item in files:
        SubmissionAttachment.objects.create(
            submission=submission, update=update, file_name=item.file_name, content_type=item.content_type,
            size=len(item.content), sha256=item.sha256, data=encrypt_bytes(item.content))


@transaction.atomic
def submission_receive_public(*, data: SubmissionData, contact: str = "",
                              files: Sequence[CheckedFile] = ()) -> tuple[Submission, str]:
    """A submission from the secure public form (no account). Returns it and its receipt code, which is
    shown once and never stored (only its digest)."""
    data.source_entity, data.sender_reference = "", ""
    raise_field_errors(check(data, vocab_load(), today=timezone.now().date()))
    submission = _store_one(data, channel=SubmissionChannel.PUBLIC_FORM, entity=None, user=None, contact=contact)
    code = receipt_new()
    submission.receipt_digest = receipt_digest(code)
    submission.save(update_fields=["receipt_digest"])
    _store_attachments(submission, files)
    audit_record(actor=None, action="submission.receive", obj=submission, payload={
        "channel": "public_form", "country": data.country, "urgent": submission.is_urgent,
        "attachments": len(files), "allegation": submission.allegation.reference if submission.allegation else ""})
    return submission, code


@transaction.atomic
def submission_add_information(*, receipt_code: str, text: str,
                               files: Sequence[CheckedFile] = ()) -> SubmissionUpdate:
    """The sender of a public submission adds information, with the receipt code as the only key."""
    from reprisals.intake.selectors import submission_by_receipt

    submission = submission_by_receipt(receipt_code)
    text = (text or "").strip()
    if not text and not files:
        raise ValidationFailed.single("text", _("write what you want to add, or attach a file"))
    if len(text) > 100_000:
        raise ValidationFailed.single("text", _("longer than %(limit)d characters") % {"limit": 100_000})
    refuse_control_text("text", text)
    update = SubmissionUpdate.objects.create(submission=submission, text=text)
    _store_attachments(submission, files, update)
    audit_record(actor=None, action="submission.add_information", obj=submission,
                 payload={"attachments": len(files), "text": bool(text)})
    return update


# ---------------------------------------------------------------- triage


def _for_triage(actor: Any, submission: Submission | int) -> Submission:
    from reprisals.intake.selectors import submission_get_for_triage

    require(actor, Cap.TRIAGE)
    return submission_get_for_triage(actor, submission.pk if isinstance(submission, Submission) else submission)


def _decided(submission: Submission) -> bool:
    return submission.status in (SubmissionStatus.ACCEPTED, SubmissionStatus.NOT_TAKEN_FORWARD) or bool(
        submission.allegation_id and submission.allegation.case_id)


def _set_status(submission: Submission, actor: Any, status: str, note: str = "") -> None:
    submission.status, submission.status_changed_at, submission.decided_by = status, timezone.now(), actor
    if note:
        submission.decision_note = note
    submission.save(update_fields=["status", "status_changed_at", "decided_by", "decision_note"])


@transaction.atomic
def submission_take(*, actor: Any, submission: Submission | int) -> Submission:
    """An officer starts working on a submission: the sender sees "in triage"."""
    submission = _for_triage(actor, submission)
    if submission.status != SubmissionStatus.RECEIVED:
        return submission
    _set_status(submission, actor, SubmissionStatus.IN_TRIAGE)
    audit_record(actor=actor, action="submission.take", obj=submission, payload={})
    return submission


@transaction.atomic
def submission_decline(*, actor: Any, submission: Submission | int, reason: str) -> Submission:
    """Not taken forward (outside the mandate, duplicate, no consent...). The reason stays with staff."""
    submission = _for_triage(actor, submission)
    if _decided(submission):
        raise ValidationFailed.single("status", _("this submission was already decided"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.single("reason", _("give the reason for this decision"))
    if len(reason) > 5000:
        raise ValidationFailed.single("reason", _("longer than %(limit)d characters") % {"limit": 5000})
    refuse_control_text("reason", reason)
    _set_status(submission, actor, SubmissionStatus.NOT_TAKEN_FORWARD, reason)
    audit_record(actor=actor, action="submission.decline", obj=submission, payload={})
    return submission


@transaction.atomic
def submission_attach(*, actor: Any, submission: Submission | int, case: Case | int) -> Case:
    """Add the submission's allegation to an existing case."""
    submission = _for_triage(actor, submission)
    if _decided(submission):
        raise ValidationFailed.single("status", _("this submission was already decided"))
    case = case_get_for_user(actor, case.pk if isinstance(case, Case) else case)
    assert submission.allegation is not None
    case_services.allegation_attach(actor=actor, allegation=submission.allegation, case=case)
    _set_status(submission, actor, SubmissionStatus.ACCEPTED)
    audit_record(actor=actor, action="submission.accept", obj=submission, payload={"case": case.reference})
    return case


@transaction.atomic
def submission_open_case(*, actor: Any, submission: Submission | int, title: str = "",
                         assigned_to: Any = None) -> Case:
    """Open a case from the submission, carrying over what it says: the people affected (with their consent
    choices), the incident and the UN engagement. Urgent submissions open urgent cases."""
    submission = _for_triage(actor, submission)
    if _decided(submission):
        raise ValidationFailed.single("status", _("this submission was already decided"))
    title = (title or submission.title or "").strip() or _("Submission %(id)s") % {"id": submission.pk}
    case = case_services.case_open(
        actor=actor, title=title[:300], country=submission.country, allegation=submission.allegation,
        risk_level=RiskLevel.URGENT if submission.is_urgent else RiskLevel.ORDINARY,
        risk_notes=submission.risk_notes, assigned_to=assigned_to,
    )
    consents = {ConsentUse.RAISE_WITH_STATE: submission.consent_raise_with_state,
                ConsentUse.PUBLISH_NAME: submission.consent_publish_name,
                ConsentUse.PUBLISH_ANONYMOUSLY: submission.consent_publish_anonymously,
                ConsentUse.SHARE_UN: submission.consent_share_un}
    for person in json.loads(submission.persons or "[]"):
        party = case_services.party_add(
            actor=actor, case=case, kind=person.get("kind", "individual"), name=person.get("name", ""),
            is_anonymous=bool(person.get("is_anonymous")), description=person.get("description", ""),
            protected_name="", gender=person.get("gender", "unknown"), is_minor=bool(person.get("is_minor")),
            is_foreign_national=bool(person.get("is_foreign_national")), roles=person.get("roles", []),
        )
        for use, granted in consents.items():
            if granted is not None:
                case_services.consent_record(
                    actor=actor, party=party, use=use, granted=granted, decided_on=submission.submitted_at.date(),
                    note=_("Given in submission %(id)s (%(channel)s)") % {
                        "id": submission.pk, "channel": submission.get_channel_display()})
    if submission.forms and submission.incident_date:
        case_services.incident_add(actor=actor, case=case, date=submission.incident_date, forms=submission.forms,
                                   perpetrator=submission.perpetrator or None, place=submission.place,
                                   description=submission.what_happened[:100_000])
    if submission.un_body_id and submission.engagement_kind and submission.engagement_date:
        case_services.engagement_add(actor=actor, case=case, un_body=submission.un_body,
                                     kind=submission.engagement_kind, date=submission.engagement_date,
                                     description=submission.engagement_description)
    _set_status(submission, actor, SubmissionStatus.ACCEPTED)
    audit_record(actor=actor, action="submission.accept", obj=submission, payload={"case": case.reference,
                                                                                    "opened": True})
    return case

