"""The only write path of the trackers: San José Guidelines, the ECOSOC Committee on NGOs, online evidence.

Every function is keyword-only, takes the acting user, checks the capability (``tracker.edit``; links
to cases also go through ``cases.selectors`` so that no one links or reads a case they cannot see),
validates, writes in one transaction and appends an audit entry of ids, codes and field names.
``SYSTEM`` stands for the operator at the command line (``reprisals trackers ...``).
The bulk import of session results is in ``trackers.imports``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap
from reprisals.cases.models import Case, Incident
from reprisals.cases.selectors import case_get_for_user, cases_visible_to
from reprisals.core.audit import audit_record
from reprisals.core.crypto import normalise_for_lookup
from reprisals.core.errors import ValidationFailed
from reprisals.core.services import changed_fields, require
from reprisals.core.services import validate as validate_model
from reprisals.core.text import refuse_control_in
from reprisals.reference.i18n import localized_name
from reprisals.reference.models import Country, UNBody, UNBodyKind
from reprisals.trackers import files, rules, sealing
from reprisals.trackers.models import (
    EvidenceFile,
    GuidelineAdoption,
    NGOApplication,
    OnlineEvidence,
    ReprisalsRapporteur,
    SessionOutcome,
    TreatyBodyAction,
)

SEED_FILE = Path(__file__).resolve().parent / "data" / "san_jose_guidelines.csv"


class _System:
    """The operator at the command line: trusted, recorded in the audit log as "system"."""

    is_authenticated = False
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Any = _System()


def validate(instance: Any, *, exclude: Sequence[str], written: Sequence[str] | None = None) -> None:
    """No control character but tab and line breaks in the text written (``core.text``: every text field of
    a new row, the ``written`` ones of a change), then the model's own rules; both name the field."""
    refuse_control_in(instance, written)
    validate_model(instance, exclude=exclude)


def _require(actor: Any, cap: str) -> None:
    if actor is not SYSTEM:
        require(actor, cap)


def _user(actor: Any) -> Any:
    return None if actor is SYSTEM or not getattr(actor, "is_authenticated", False) else actor


# ---------------------------------------------------------------- shared look-ups


def treaty_body_by_code(code: str | UNBody, field: str = "treaty_body") -> UNBody:
    """The treaty body with this code; a clear refusal for an unknown code or a body that is not one."""
    if isinstance(code, UNBody):
        body: UNBody | None = code
    else:
        body = UNBody.objects.filter(code=(code or "").strip().upper()).first()
    allowed = ", ".join(rules.TREATY_BODIES)
    if body is None:
        raise ValidationFailed.single(field, _("unknown treaty body %(code)s; use one of %(all)s")
                                      % {"code": code, "all": allowed})
    if body.kind != UNBodyKind.TREATY_BODY:
        raise ValidationFailed.single(field, _("%(code)s (%(name)s) is not a treaty body; use one of %(all)s")
                                      % {"code": body.code, "name": localized_name(body), "all": allowed})
    return body


def country_by_code(code: str | Country | None, field: str = "country") -> Country:
    if isinstance(code, Country):
        return code
    country = Country.objects.filter(iso3=(code or "").strip().upper()).first()
    if country is None:
        raise ValidationFailed.single(field, _("unknown State code %(code)s (use ISO 3166-1 alpha-3)")
                                      % {"code": code or ""})
    return country


def countries_by_codes(codes: Iterable[str], field: str) -> list[Country]:
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c and c.strip()))
    found = {c.iso3: c for c in Country.objects.filter(iso3__in=wanted)}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ValidationFailed.single(field, _("unknown State code(s): %(codes)s (use ISO 3166-1 alpha-3)")
                                      % {"codes": ", ".join(unknown)})
    return [found[c] for c in wanted]


def _check_adoption(adoption: GuidelineAdoption, *, date_changed: bool = True) -> None:
    """A decision on the Guidelines cannot precede their endorsement, nor repeat another decision of the same
    body (same status on the same date, or the same reference); refused naming the field (the database
    constraints would name no field)."""
    if date_changed and adoption.decided_on < rules.GUIDELINES_ENDORSED:
        raise ValidationFailed.single("decided_on", _(
            "the Guidelines (HRI/MC/2015/6) were endorsed in San José in June 2015; a decision on them cannot be "
            "dated before %(date)s") % {"date": rules.GUIDELINES_ENDORSED.isoformat()})
    same_body = GuidelineAdoption.objects.filter(treaty_body_id=adoption.treaty_body_id).exclude(pk=adoption.pk)
    if same_body.filter(decided_on=adoption.decided_on, status=adoption.status).exists():
        raise ValidationFailed.single("decided_on", _("This treaty body already has a decision with this status on "
                                                      "this date."))
    if adoption.decision_reference and same_body.filter(decision_reference=adoption.decision_reference).exists():
        raise ValidationFailed.single("decision_reference", _("This treaty body already has a decision with this "
                                                              "reference."))


def _check_date(value: dt.date | None, field: str, *, future_allowed: bool = False) -> None:
    """Between 1945 and today (or 2100 when a future date is allowed); refused naming the field."""
    if value is None:
        return
    try:
        rules.check_date(field, value, timezone.now().date(), future_allowed=future_allowed)
    except rules.RuleBroken as exc:
        raise ValidationFailed.single(exc.field, exc.message) from exc


# ---------------------------------------------------------------- San José Guidelines


@transaction.atomic
def adoption_record(
    *, actor: Any, treaty_body: str | UNBody, status: str, decided_on: dt.date, date_uncertain: bool = False,
    decision_reference: str = "", notes: str = "",
) -> GuidelineAdoption:
    """Record one decision of one treaty body on the Guidelines (adopted, not adopted, under consideration)."""
    _require(actor, Cap.TRACKER_EDIT)
    body = treaty_body_by_code(treaty_body)
    _check_date(decided_on, "decided_on")
    adoption = GuidelineAdoption(
        treaty_body=body, status=status, decided_on=decided_on, date_uncertain=date_uncertain,
        decision_reference=decision_reference.strip(), notes=notes, recorded_by=_user(actor),
    )
    _check_adoption(adoption)
    validate(adoption, exclude=["recorded_by"])
    adoption.save()
    audit_record(actor=actor, action="sanjose.adoption_record", obj=adoption,
                 payload={"treaty_body": body.code, "status": status, "decided_on": decided_on.isoformat()})
    return adoption


ADOPTION_FIELDS = ("status", "decided_on", "date_uncertain", "decision_reference", "notes")


@transaction.atomic
def adoption_update(*, actor: Any, adoption: GuidelineAdoption, **values: Any) -> GuidelineAdoption:
    _require(actor, Cap.TRACKER_EDIT)
    unknown = set(values) - set(ADOPTION_FIELDS)
    if unknown:
        raise ValidationFailed.single(sorted(unknown)[0], _("this field cannot be changed"))
    adoption = GuidelineAdoption.objects.select_for_update().get(pk=adoption.pk)
    changed = changed_fields(adoption, values)
    if "decided_on" in changed:
        _check_date(adoption.decided_on, "decided_on")
    _check_adoption(adoption, date_changed="decided_on" in changed)
    validate(adoption, exclude=["recorded_by"], written=changed)
    adoption.save()
    audit_record(actor=actor, action="sanjose.adoption_update", obj=adoption, payload={"fields": changed})
    return adoption


@transaction.atomic
def rapporteur_add(
    *, actor: Any, treaty_body: str | UNBody, name: str, role: str, started_on: dt.date,
    ended_on: dt.date | None = None, notes: str = "",
) -> ReprisalsRapporteur:
    _require(actor, Cap.TRACKER_EDIT)
    body = treaty_body_by_code(treaty_body)
    _check_date(started_on, "started_on")
    _check_date(ended_on, "ended_on", future_allowed=True)
    rapporteur = ReprisalsRapporteur(treaty_body=body, name=name.strip(), role=role, started_on=started_on,
                                     ended_on=ended_on, notes=notes, recorded_by=_user(actor))
    validate(rapporteur, exclude=["recorded_by"])
    rapporteur.save()
    audit_record(actor=actor, action="sanjose.rapporteur_add", obj=rapporteur,
                 payload={"treaty_body": body.code, "role": role})
    return rapporteur


RAPPORTEUR_FIELDS = ("name", "role", "started_on", "ended_on", "notes")


@transaction.atomic
def rapporteur_update(*, actor: Any, rapporteur: ReprisalsRapporteur, **values: Any) -> ReprisalsRapporteur:
    _require(actor, Cap.TRACKER_EDIT)
    unknown = set(values) - set(RAPPORTEUR_FIELDS)
    if unknown:
        raise ValidationFailed.single(sorted(unknown)[0], _("this field cannot be changed"))
    rapporteur = ReprisalsRapporteur.objects.select_for_update().get(pk=rapporteur.pk)
    changed = changed_fields(rapporteur, values)
    if "started_on" in changed:
        _check_date(rapporteur.started_on, "started_on")
    if "ended_on" in changed:
        _check_date(rapporteur.ended_on, "ended_on", future_allowed=True)
    validate(rapporteur, exclude=["recorded_by"], written=changed)
    rapporteur.save()
    audit_record(actor=actor, action="sanjose.rapporteur_update", obj=rapporteur, payload={"fields": changed})
    return rapporteur


def _cases_for(actor: Any, case_ids: Iterable[int], field: str = "cases") -> list[Case]:
    """Cases the actor can see, by id; an id they cannot see is refused as not found, naming the field."""
    out = []
    for case_id in dict.fromkeys(case_ids):
        visible = cases_visible_to(actor).filter(pk=case_id).first() if actor is not SYSTEM else \
            Case.objects.filter(pk=case_id).first()
        if visible is None:
            raise ValidationFailed.single(field, _("no case %(id)s in the register that you can see") % {"id": case_id})
        out.append(visible)
    return out


@transaction.atomic
def action_record(
    *, actor: Any, treaty_body: str | UNBody, kind: str, taken_on: dt.date, reference: str = "",
    country: str | Country | None = None, description: str = "", case_ids: Sequence[int] = (),
) -> TreatyBodyAction:
    """Record a treaty body's letter, case raised or statement, linked to cases of the register."""
    _require(actor, Cap.TRACKER_EDIT)
    body = treaty_body_by_code(treaty_body)
    _check_date(taken_on, "taken_on")
    action = TreatyBodyAction(
        treaty_body=body, kind=kind, taken_on=taken_on, reference=reference.strip(),
        country=country_by_code(country) if country else None, description=description, recorded_by=_user(actor),
    )
    validate(action, exclude=["recorded_by"])
    cases = _cases_for(actor, case_ids)
    action.save()
    action.cases.set(cases)
    audit_record(actor=actor, action="sanjose.action_record", obj=action,
                 payload={"treaty_body": body.code, "kind": kind, "cases": [c.pk for c in cases]})
    return action


ACTION_FIELDS = ("kind", "taken_on", "reference", "country", "description")


def _refuse_withheld_texts(actor: Any, case_ids: Iterable[int], values: dict[str, Any], texts: Sequence[str]) -> None:
    """The free texts of a row linked to a case the actor cannot see are withheld from the actor
    (``trackers.selectors``); the actor may not overwrite the narrative ones unseen either (an action's
    description, an application's notes). A short letter reference may still be corrected."""
    touched = [name for name in texts if values.get(name) is not None]
    if not touched or actor is SYSTEM:
        return
    ids = set(case_ids)
    if ids and cases_visible_to(actor).filter(pk__in=ids).count() < len(ids):
        raise ValidationFailed.single(touched[0], _("this text is about a case you cannot see; it cannot be "
                                                    "changed by you"))


@transaction.atomic
def action_update(*, actor: Any, action: TreatyBodyAction, case_ids: Sequence[int] | None = None,
                  **values: Any) -> TreatyBodyAction:
    """Change an action. ``case_ids`` replaces the links the actor can see; links to cases the actor
    cannot see are kept untouched (they are invisible to the actor, not absent)."""
    _require(actor, Cap.TRACKER_EDIT)
    unknown = set(values) - set(ACTION_FIELDS)
    if unknown:
        raise ValidationFailed.single(sorted(unknown)[0], _("this field cannot be changed"))
    action = TreatyBodyAction.objects.select_for_update().get(pk=action.pk)
    _refuse_withheld_texts(actor, action.cases.values_list("pk", flat=True), values, ("description",))
    if "country" in values:
        values["country"] = country_by_code(values["country"]) if values["country"] else None
    changed = changed_fields(action, values)
    if "taken_on" in changed:
        _check_date(action.taken_on, "taken_on")
    validate(action, exclude=["recorded_by"], written=changed)
    action.save()
    if case_ids is not None:
        wanted = _cases_for(actor, case_ids)
        current = set(action.cases.values_list("pk", flat=True))
        seen = set(cases_visible_to(actor).filter(pk__in=current).values_list("pk", flat=True)) \
            if actor is not SYSTEM else current
        action.cases.set([c.pk for c in wanted] + sorted(current - seen))
        changed.append("cases")
    audit_record(actor=actor, action="sanjose.action_update", obj=action, payload={"fields": changed})
    return action


def _seed_rows() -> list[dict[str, str]]:
    with SEED_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def sanjose_load_seed(*, actor: Any) -> int:
    """Load the documented history (``data/san_jose_guidelines.csv``); rows already present are skipped.
    Returns how many decisions were added."""
    _require(actor, Cap.TRACKER_EDIT)
    added = 0
    for row in _seed_rows():
        body = treaty_body_by_code(row["treaty_body"])
        decided_on = dt.date.fromisoformat(row["decided_on"])
        if GuidelineAdoption.objects.filter(treaty_body=body, decided_on=decided_on, status=row["status"]).exists():
            continue
        adoption = GuidelineAdoption(
            treaty_body=body, status=row["status"], decided_on=decided_on,
            date_uncertain=row["date_uncertain"].strip().lower() in {"yes", "true", "1"},
            decision_reference=row["decision_reference"].strip(), notes=row["note"].strip(), recorded_by=_user(actor),
        )
        validate(adoption, exclude=["recorded_by"])
        adoption.save()
        added += 1
    audit_record(actor=actor, action="sanjose.seed_load", payload={"added": added})
    return added


# ---------------------------------------------------------------- ECOSOC Committee on NGOs


def name_key(name: str) -> str:
    return normalise_for_lookup(name)[:300]


def clean_areas(areas: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(a.strip() for a in areas if a and a.strip()))[:20]


@transaction.atomic
def ngo_application_create(
    *, actor: Any, ngo_name: str, country: str | Country, applied_on: dt.date, areas_of_work: Iterable[str] = (),
    notes: str = "", case_id: int | None = None,
) -> NGOApplication:
    _require(actor, Cap.TRACKER_EDIT)
    _check_date(applied_on, "applied_on")
    application = NGOApplication(
        ngo_name=ngo_name.strip(), name_key=name_key(ngo_name), country=country_by_code(country),
        applied_on=applied_on, areas_of_work=clean_areas(areas_of_work), notes=notes, recorded_by=_user(actor),
    )
    if case_id:
        application.case = _cases_for(actor, [case_id], "case_id")[0]
    validate(application, exclude=["recorded_by", "name_key"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ValidationFailed.single("ngo_name", _("this application is already recorded")) from exc
    audit_record(actor=actor, action="ngo.application_create", obj=application,
                 payload={"country": application.country.iso3, "case": application.case_id})
    return application


@transaction.atomic
def ngo_application_update(*, actor: Any, application: NGOApplication, ngo_name: str | None = None,
                           areas_of_work: Iterable[str] | None = None, notes: str | None = None) -> NGOApplication:
    _require(actor, Cap.TRACKER_EDIT)
    application = NGOApplication.objects.select_for_update().get(pk=application.pk)
    _refuse_withheld_texts(actor, [application.case_id] if application.case_id else [], {"notes": notes}, ("notes",))
    values: dict[str, Any] = {}
    if ngo_name is not None:
        values.update(ngo_name=ngo_name.strip(), name_key=name_key(ngo_name))
    if areas_of_work is not None:
        values["areas_of_work"] = clean_areas(areas_of_work)
    if notes is not None:
        values["notes"] = notes
    changed = changed_fields(application, values)
    validate(application, exclude=["recorded_by", "name_key", "case"], written=changed)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # the new name is that of another application of the State on the same date
        raise ValidationFailed.single("ngo_name", _("this application is already recorded")) from exc
    audit_record(actor=actor, action="ngo.application_update", obj=application, payload={"fields": changed})
    return application


@transaction.atomic
def ngo_application_link_case(*, actor: Any, application: NGOApplication, case_id: int | None) -> NGOApplication:
    """Link the application to a case of the register (the blocking reported as a reprisal), or unlink it.
    Both the old and the new case must be visible to the actor."""
    _require(actor, Cap.TRACKER_EDIT)
    application = NGOApplication.objects.select_for_update().get(pk=application.pk)
    if application.case_id and actor is not SYSTEM:
        case_get_for_user(actor, application.case_id)
    application.case = _cases_for(actor, [case_id], "case_id")[0] if case_id else None
    application.save(update_fields=["case", "updated_at"])
    audit_record(actor=actor, action="ngo.application_link_case", obj=application,
                 payload={"case": application.case_id})
    return application


def session_history(application: NGOApplication) -> list[rules.SessionFact]:
    return [rules.SessionFact(o.session, o.session_date, o.outcome)
            for o in application.outcomes.order_by("session_date", "id")]


@transaction.atomic
def ngo_outcome_record(
    *, actor: Any, application: NGOApplication, session: str, session_date: dt.date, outcome: str,
    questioning_states: Iterable[str] = (), notes: str = "",
) -> SessionOutcome:
    """Record the outcome at one session. Refused when the session is not after the last one recorded,
    or when the application already had a final outcome."""
    _require(actor, Cap.TRACKER_EDIT)
    application = NGOApplication.objects.select_for_update().get(pk=application.pk)
    _check_date(session_date, "session_date")
    fact = rules.SessionFact(session.strip(), session_date, outcome)
    try:
        rules.check_next_session(application.applied_on, session_history(application), fact)
    except rules.RuleBroken as exc:
        raise ValidationFailed.single(exc.field, exc.message) from exc
    states = countries_by_codes(questioning_states, "questioning_states")
    row = SessionOutcome(application=application, session=fact.session, session_date=session_date, outcome=outcome,
                         notes=notes, recorded_by=_user(actor))
    validate(row, exclude=["recorded_by"])
    row.save()
    row.questioning_states.set(states)
    NGOApplication.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    audit_record(actor=actor, action="ngo.outcome_record", obj=row, payload={
        "application": application.pk, "session": fact.session, "outcome": outcome,
        "questioning_states": [s.iso3 for s in states]})
    return row


# ---------------------------------------------------------------- online evidence


def _incident_for_write(actor: Any, incident: Incident | int) -> Incident:
    _require(actor, Cap.TRACKER_EDIT)
    incident_id = incident.pk if isinstance(incident, Incident) else incident
    found = Incident.objects.select_related("case").filter(pk=incident_id).first()
    if found is None:
        raise ValidationFailed.single("incident", _("no such incident"))
    case_get_for_user(actor, found.case_id)  # NotFound when the actor cannot see the case
    return found


@transaction.atomic
def evidence_add(
    *, actor: Any, incident: Incident | int, platform: str, seen_at: dt.datetime, url: str = "",
    account_handle: str = "", text: str = "", file_name: str = "", file_data: bytes | None = None,
) -> OnlineEvidence:
    """Attach online evidence to an incident. The URL is recorded, never fetched. A file is checked
    (size, type by content and by name), hashed, sealed and stored; a refused file saves nothing."""
    found = _incident_for_write(actor, incident)
    now = timezone.now()
    if timezone.is_naive(seen_at):
        raise ValidationFailed.single("seen_at", _("give the time in UTC (e.g. 2016-03-10T14:30:00Z)"))
    if seen_at > now:
        raise ValidationFailed.single("seen_at", _("the time seen is in the future"))
    _check_date(seen_at.astimezone(dt.UTC).date(), "seen_at")
    checked = None
    if file_data is not None:
        try:
            checked = files.check_file(file_name, file_data)
        except files.FileRefused as exc:
            raise ValidationFailed.single("file", exc.message) from exc
    if not (url.strip() or text.strip() or checked):
        raise ValidationFailed.single("url", _("give at least the address, the text or a file"))
    digest = sealing.sha256_hex(file_data) if checked and file_data is not None else ""
    evidence = OnlineEvidence(
        incident=found, platform=platform, url=url.strip(), account_handle=account_handle.strip(),
        seen_at=seen_at.astimezone(dt.UTC), text=text, captured_at=now, recorded_by=_user(actor),
        file_name=checked.name if checked else "", file_kind=checked.kind if checked else "",
        file_size=checked.size if checked else None, file_sha256=digest,
    )
    validate(evidence, exclude=["recorded_by", "incident"])
    evidence.save()
    if checked and file_data is not None:
        EvidenceFile.objects.create(evidence=evidence, sealed=sealing.seal(file_data, digest))
    audit_record(actor=actor, action="online_evidence.add", obj=evidence, payload={
        "incident": found.pk, "case": found.case_id, "platform": platform, "file_kind": evidence.file_kind,
        "file_sha256": digest})
    return evidence


def evidence_download(*, actor: Any, evidence_id: int | str) -> tuple[OnlineEvidence, bytes]:
    """The decrypted file of one piece of evidence, for staff who can see its case and may see its
    protected details (``core.access.may_reveal``: OHCHR staff, not a focal point). The read is audited;
    a file that no longer matches its SHA-256 is refused."""
    from reprisals.core.access import may_reveal
    from reprisals.core.errors import Forbidden, NotFound
    from reprisals.trackers.selectors import evidence_get_for_user

    _require(actor, Cap.PROTECTED_READ)
    evidence = evidence_get_for_user(actor, evidence_id)
    if not may_reveal(actor, evidence):
        # Recorded by OHCHR staff, never by a focal point's entity: withheld like other protected details.
        raise Forbidden(_("Only OHCHR staff may download evidence files."))
    blob = EvidenceFile.objects.filter(evidence_id=evidence.pk).values_list("sealed", flat=True).first()
    if not evidence.has_file or blob is None:
        raise NotFound(_("This evidence has no file."))
    try:
        data = sealing.unseal(bytes(blob), evidence.file_sha256)
    except sealing.DecryptionError as exc:
        audit_record(actor=actor, action="online_evidence.integrity_failure", obj=evidence, payload={})
        raise ValidationFailed.single("file", _("the stored file fails its integrity check and is not served")) \
            from exc
    audit_record(actor=actor, action="online_evidence.download", obj=evidence,
                 payload={"case": evidence.incident.case_id, "file_sha256": evidence.file_sha256})
    return evidence, data
