"""The only write path of follow-up with States.

Keyword-only functions given the acting user: they check the capability and what the user may see,
apply the rules of ``followup.rules``, validate, write in one transaction and append an audit entry of
codes and ids. Recording a communication, a response or an assessment moves the cases concerned along
their workflow through ``cases.services.case_transition`` when the actor may do so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases import selectors as case_selectors
from reprisals.cases import services as case_services
from reprisals.cases.models import Case, CaseStatus, ConsentUse
from reprisals.cases.selectors import case_get_for_user, system_reason_text
from reprisals.core.audit import audit_record
from reprisals.core.dates import UN_FOUNDED, before_the_un
from reprisals.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from reprisals.core.services import require
from reprisals.core.services import validate as validate_model
from reprisals.core.text import refuse_control_in
from reprisals.followup import files, rules, selectors, timeline
from reprisals.followup.choices import (
    STATE_ACTION_FIELDS,
    AssessmentLevel,
    AssessmentStatus,
    CommunicationKind,
    ResponseChannel,
)
from reprisals.followup.models import (
    Assessment,
    CaseDevelopment,
    Communication,
    FollowupAttachment,
    ReminderSent,
    StateResponse,
)
from reprisals.reference.i18n import localized_name
from reprisals.reference.models import Country, UNBody


def validate(instance: Any, *, exclude: Sequence[str], written: Sequence[str] | None = None) -> None:
    """No control character but tab and line breaks in the text written (``core.text``: every text field of
    a new row, the ``written`` ones of a change), then the model's own rules; both name the field."""
    refuse_control_in(instance, written)
    validate_model(instance, exclude=exclude)


def _today() -> dt.date:
    return selectors.today()


def _not_future(value: dt.date, field: str) -> None:
    if value > _today():
        raise ValidationFailed.single(field, _("the date is in the future"))


def _required_text(value: str | None, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed.single(field, message)
    return text


def _move_cases(actor: Any, cases: Sequence[Case], moves: Any, reason: str) -> None:
    """Move each case through the statuses ``moves(status)`` names, when the actor may move cases."""
    if not (has_cap(actor, Cap.CASE_TRANSITION) and has_cap(actor, Cap.CASE_EDIT)):
        return
    for case in cases:
        for status in moves(case.status):
            case = case_services.case_transition(actor=actor, case=case, to_status=status, reason=reason,
                                                 expected_version=None)


def _store_attachments(actor: Any, uploads: Sequence[files.Upload], **owner: Any) -> list[FollowupAttachment]:
    if len(uploads) > files.MAX_FILES:
        raise ValidationFailed.single("attachments", _("at most %(n)d files at a time") % {"n": files.MAX_FILES})
    checked = []
    for upload in uploads:
        try:
            checked.append((files.check_upload(upload.name, upload.content), upload.visible_to_state))
        except files.FileRefused as exc:
            raise ValidationFailed.single("attachments", _("%(name)s: %(reason)s")
                                          % {"name": upload.name[:100], "reason": str(exc)}) from None
    stored = []
    for item, visible in checked:
        attachment = FollowupAttachment(
            filename=item.name, content_type=item.content_type, size=item.size, sealed=files.seal(item.content),
            visible_to_state=visible, uploaded_by=actor, **owner,
        )
        attachment.save()
        stored.append(attachment)
    return stored


# ---------------------------------------------------------------- communications


@transaction.atomic
def communication_record(
    *,
    actor: Any,
    country: Country,
    kind: str,
    un_body: UNBody,
    sent_on: dt.date,
    summary: str,
    cases: Sequence[Case | int],
    symbol: str = "",
    deadline: dt.date | None = None,
    internal_notes: str = "",
    attachments: Sequence[files.Upload] = (),
    historic: bool = False,
    current_for: Callable[[Case, dt.date], str | None] | None = None,
) -> Communication:
    """Record a communication to ``country`` about ``cases`` (all visible to the actor, all of that State).

    Without a deadline, the default for its kind applies. A deadline already past is refused. Verified
    cases are raised with the State and, like cases raised before or in follow-up, await its response.

    ``historic`` records a letter sent in the past, from an import (``followup.importer``): its deadline
    may have passed and the cases keep their status (the register already says where each stands).
    Consent (``_cases_of_state``): a letter whose deadline has passed was sent and answered for long
    ago, so a case with no decision on record is accepted; but a case whose party refused or withdrew
    consent to raising it with the State is refused all the same, since the State reads every
    communication addressed to it in its portal. A "historic" letter whose deadline is still to come
    is a current one: its cases need consent in force, as when it is typed in. Every case refused for
    consent is named, one message each in ``cases``.

    ``current_for`` (with ``historic``) reads the register for a letter whose deadline has passed: given a
    case and the deadline, why the letter is nonetheless a current communication for that case, which has
    no consent in force, or None (the import's rule, ``followup.importer``). Each case it names is refused
    with the others, so that a row naming a case whose party refused consent and a case with no decision
    on record names both at once.
    """
    require(actor, Cap.COMMUNICATION_RECORD)
    if kind not in CommunicationKind.values:
        raise ValidationFailed.single("kind", _("unknown kind %(kind)s") % {"kind": kind})
    _not_future(sent_on, "sent_on")
    if sent_on < UN_FOUNDED:
        raise ValidationFailed.single("sent_on", before_the_un())
    deadline = deadline or rules.default_deadline(kind, sent_on)
    past = historic and deadline < _today()
    loaded = _cases_of_state(actor, cases, country, ask_consent=not past,
                             current=deadline if historic and not past else None,
                             current_for=(lambda case: current_for(case, deadline)) if past and current_for else None)
    problem = rules.deadline_problem(sent_on, deadline, _today())
    if problem == "before_sent":
        raise ValidationFailed.single("deadline", _("the deadline is before the date sent"))
    if problem == "past" and not historic:
        raise ValidationFailed.single("deadline", _("the deadline %(date)s has already passed; a communication "
                                                    "is recorded with a deadline still to come")
                                      % {"date": deadline.isoformat()})
    if problem == "too_far":
        raise ValidationFailed.single("deadline", _("the deadline %(date)s is more than a year after the date sent; "
                                                    "check the year") % {"date": deadline.isoformat()})
    symbol = " ".join(symbol.split())
    communication = Communication(
        country=country, kind=kind, un_body=un_body, symbol=symbol, sent_on=sent_on, deadline=deadline,
        summary=_required_text(summary, "summary", _("give the text or a summary of the communication")),
        internal_notes=internal_notes, recorded_by=actor,
    )
    validate(communication, exclude=["recorded_by"])  # first: a symbol too long to keep is not looked up
    _check_symbol_free(actor, country, symbol)
    communication.save()
    communication.cases.set(loaded)
    stored = _store_attachments(actor, attachments, communication=communication)
    audit_record(actor=actor, action="communication.record", obj=communication, payload={
        "country": country.iso3, "kind": kind, "un_body": un_body.code, "cases": [c.reference for c in loaded],
        "deadline": deadline.isoformat(), "attachments": len(stored), **({"imported": True} if historic else {}),
    })
    if not historic:
        reason = system_reason_text(timeline.REASON_SENT, what=timeline.reason_what(communication),
                                    body=un_body.name, date=sent_on.isoformat())
        _move_cases(actor, loaded, rules.moves_on_communication, reason)
    return communication


def _check_symbol_free(actor: Any, country: Country, symbol: str) -> None:
    """One communication is recorded once: a symbol ("AL BHR 3/2016") already recorded for this State,
    in any case and spacing, is refused, pointing to the record to add the cases to when the actor may see it.

    The State's row is locked first, so that two officers recording the same letter at once cannot both
    pass the check.
    """
    if not symbol:
        return
    Country.objects.select_for_update().filter(pk=country.pk).first()
    taken = Communication.objects.filter(country=country, symbol__iexact=symbol).order_by("pk").first()
    if taken is None:
        return
    if selectors.communications_visible_to(actor).filter(pk=taken.pk).exists():
        message = _("communication %(symbol)s to this State is already recorded (no. %(id)s, sent %(date)s): "
                    "add the cases to it instead of recording it again") % {
            "symbol": taken.symbol, "id": taken.pk, "date": taken.sent_on.isoformat()}
    else:
        message = _("a communication %(symbol)s to this State is already recorded by another office; ask OHCHR "
                    "to add the cases to it") % {"symbol": symbol}
    raise ValidationFailed.single("symbol", message)


@transaction.atomic
def communication_add_cases(*, actor: Any, communication: Communication | int, cases: Sequence[Case | int]
                            ) -> list[Case]:
    """Add cases to a communication already recorded (a joint letter that also raised them).

    The cases must be of the State addressed, visible to the actor and not already on it. They move as on
    a new communication; when the State has already answered, they move on into follow-up as well.
    Returns the cases added.
    """
    require(actor, Cap.COMMUNICATION_RECORD)
    found = selectors.communication_get_for_user(actor, communication.pk if isinstance(communication, Communication)
                                                 else communication)
    found = Communication.objects.select_for_update().select_related("country", "un_body").get(pk=found.pk)
    loaded = _cases_of_state(actor, cases, found.country)
    present = set(found.cases.values_list("pk", flat=True))
    added = [case for case in loaded if case.pk not in present]
    if not added:
        raise ValidationFailed.single("cases", _("these cases are already on this communication"))
    found.cases.add(*added)
    audit_record(actor=actor, action="communication.cases_add", obj=found,
                 payload={"cases": [c.reference for c in added]})
    reason = system_reason_text(timeline.REASON_SENT, what=timeline.reason_what(found), body=found.un_body.name,
                                date=found.sent_on.isoformat())
    _move_cases(actor, added, rules.moves_on_communication, reason)
    if found.answered_on is not None:
        moved = [case_get_for_user(actor, case.pk) for case in added]
        _move_cases(actor, moved, rules.moves_on_answer, system_reason_text(
            timeline.REASON_ANSWERED, what=timeline.reason_what(found), date=found.answered_on.isoformat()))
    return added


def _consent_refused(case: Case) -> str | None:
    """Why ``case`` may not be named in a communication even as a letter of the past, or None: a party
    whose latest decision on raising the case with the State is a refusal (refused, or withdrawn). Never
    asked is not a refusal. Parties are named by their public name or description."""
    use = ConsentUse.RAISE_WITH_STATE
    refused = [p for p in case_selectors.parties_without_consent(case, use)
               if any(c.use == use for c in p.consents.all())]
    if not refused:
        return None
    names = ", ".join(_("%(name)s (party %(id)s)") % {"name": p.display_name, "id": p.pk} for p in refused)
    return _("Case %(case)s cannot be named in a communication to the State: %(parties)s refused or withdrew "
             "consent to raising it, and the State reads every communication addressed to it in its portal. "
             "Leave the case out of this letter, or record the consent first if it has been given "
             "again.") % {"case": case.reference, "parties": names}


def _cases_of_state(actor: Any, cases: Sequence[Case | int], country: Country, *, ask_consent: bool = True,
                    current: dt.date | None = None, current_for: Callable[[Case], str | None] | None = None
                    ) -> list[Case]:
    """The cases, loaded for the actor, all of ``country``. With ``ask_consent`` each needs consent to
    raise it with the State in force (``current``: the deadline of an imported letter still to come, named
    in the message); without, a refused or withdrawn consent is still refused (``_consent_refused``), and
    so is a case for which ``current_for`` says the letter is a current one without consent in force.

    Every case refused for consent is named, one message each in ``cases`` in the order given, so that the
    officer records the consents (or leaves the cases out) at once; a case the actor may not see or of
    another State is refused at once."""
    if not cases:
        raise ValidationFailed.single("cases", _("name at least one case"))
    loaded: dict[int, Case] = {}
    refused: list[str] = []
    for item in cases:
        pk = item.pk if isinstance(item, Case) else item
        if pk in loaded:
            continue
        try:
            case = case_get_for_user(actor, pk)
        except NotFound:
            raise ValidationFailed.single("cases", _("there is no case %(id)s that you may see") % {"id": pk}) from None
        if case.country_id != country.pk:
            raise ValidationFailed.single("cases", _("case %(case)s concerns %(state)s, not the State addressed "
                                                     "(%(addressed)s)")
                                          % {"case": case.reference, "state": localized_name(case.country),
                                             "addressed": localized_name(country)})
        if ask_consent and (why := case_services.raise_consent_problem(case)):
            if current is not None:
                why = _("the deadline %(date)s of this letter is still to come, so it is a current communication, "
                        "not a letter of the past: %(why)s") % {"date": current.isoformat(), "why": why}
            refused.append(why)
        if not ask_consent and (why := _consent_refused(case) or (current_for(case) if current_for else None)):
            refused.append(why)
        loaded[case.pk] = case
    if refused:
        raise ValidationFailed(_("%(field)s: %(message)s") % {"field": "cases", "message": refused[0]},
                               fields={"cases": refused})
    return list(loaded.values())


# ---------------------------------------------------------------- responses


def summary_digest(summary: str) -> str:
    """Case- and space-insensitive fingerprint of a summary, to recognise the same response twice."""
    return hashlib.sha256(" ".join(summary.casefold().split()).encode("utf-8")).hexdigest()


@transaction.atomic
def response_record(
    *,
    actor: Any,
    communication: Communication | int,
    summary: str,
    received_on: dt.date | None = None,
    channel: str = ResponseChannel.NOTE_VERBALE,
    attachments: Sequence[files.Upload] = (),
    historic: bool = False,
) -> StateResponse:
    """Record a State's response. Staff give the date and channel; a State mission user answers through
    the portal, dated today, for a communication addressed to its own State. Late answers are accepted
    (and shown late); answers dated before the communication, in the future, or recorded twice are not."""
    comm_id = communication.pk if isinstance(communication, Communication) else communication
    portal = has_cap(actor, Cap.STATE_PORTAL)
    if portal:
        communication = selectors.portal_communication_get(actor, comm_id)
        received_on, channel = _today(), ResponseChannel.PORTAL
        attachments = [files.Upload(u.name, u.content, visible_to_state=True) for u in attachments]
    else:
        require(actor, Cap.COMMUNICATION_RECORD)
        communication = selectors.communication_get_for_user(actor, comm_id)
        if channel == ResponseChannel.PORTAL:
            raise ValidationFailed.single("channel", _("only the State's own users answer through the portal"))
        if channel not in ResponseChannel.values:
            raise ValidationFailed.single("channel", _("unknown channel %(c)s") % {"c": channel})
        if received_on is None:
            raise ValidationFailed.single("received_on", _("this field is required"))
    communication = Communication.objects.select_for_update().get(pk=communication.pk)
    if received_on < communication.sent_on:
        raise ValidationFailed.single("received_on", _("the response is dated before its communication was sent "
                                                       "(%(date)s)") % {"date": communication.sent_on.isoformat()})
    _not_future(received_on, "received_on")
    text = _required_text(summary, "summary", _("give a summary of the response"))
    digest = summary_digest(text)
    duplicate = _("this response (same date and summary) is already recorded for this communication")
    if StateResponse.objects.filter(communication=communication, received_on=received_on,
                                    summary_digest=digest).exists():
        raise ValidationFailed.single("summary", duplicate)
    response = StateResponse(communication=communication, received_on=received_on, summary=text,
                             summary_digest=digest, channel=channel, submitted_by=actor)
    validate(response, exclude=["communication", "submitted_by", "summary_digest"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationFailed.single("summary", duplicate) from None
    if communication.answered_on is None or received_on < communication.answered_on:
        Communication.objects.filter(pk=communication.pk).update(
            answered_on=received_on, days_to_answer=rules.days_between(communication.sent_on, received_on))
    stored = _store_attachments(actor, attachments, response=response)
    late = rules.is_late(communication.deadline, received_on)
    audit_record(actor=actor, action="response.record", obj=response, payload={
        "communication": communication.pk, "channel": channel, "late": late, "portal": portal,
        "attachments": len(stored), **({"imported": True} if historic else {}),
    })
    if not portal and not historic:
        _move_cases(actor, list(communication.cases.all()), rules.moves_on_answer,
                    system_reason_text(timeline.REASON_ANSWERED, what=timeline.reason_what(communication),
                                       date=received_on.isoformat()))
    return response


# ---------------------------------------------------------------- assessments

_PROBLEMS = {
    "response_exists": gettext_lazy("“no response” is for a communication that got none; assess the response instead"),
    "response_needed": gettext_lazy("choose the response this assessment is about (only “no response” needs none)"),
    "adequate_needs_action": gettext_lazy("an adequate response needs at least one thing the State did"),
    "no_response_no_action": gettext_lazy("nothing the State did can be recorded with “no response”"),
}


@transaction.atomic
def assessment_propose(
    *,
    actor: Any,
    communication: Communication | int,
    level: str,
    reason: str,
    response: StateResponse | int | None = None,
    **actions: bool,
) -> Assessment:
    """A case officer proposes how far the State's answer (or silence) went; a reviewer then decides."""
    unknown = set(actions) - set(STATE_ACTION_FIELDS)
    if unknown:
        raise ValidationFailed.single(sorted(unknown)[0], _("unknown field"))
    require(actor, Cap.RESPONSE_ASSESS)
    comm_id = communication.pk if isinstance(communication, Communication) else communication
    communication = selectors.communication_get_for_user(actor, comm_id)
    communication = Communication.objects.select_for_update().get(pk=communication.pk)
    text = _required_text(reason, "reason", _("give the reason for this assessment"))
    if level not in AssessmentLevel.values:
        raise ValidationFailed.single("level", _("unknown assessment %(level)s") % {"level": level})
    answer = None
    if response is not None:
        resp_id = response.pk if isinstance(response, StateResponse) else response
        answer = StateResponse.objects.filter(pk=resp_id, communication=communication).first()
        if answer is None:
            raise ValidationFailed.single("response", _("not a response to this communication"))
    problem = rules.assessment_problem(level, answer is not None, (bool(v) for v in actions.values()))
    if problem:
        raise ValidationFailed.single(problem[0], str(_PROBLEMS[problem[1]]))
    if level == AssessmentLevel.NO_RESPONSE:
        if communication.answered_on is not None:
            raise ValidationFailed.single("level", _("the State responded on %(date)s: assess that response")
                                          % {"date": communication.answered_on.isoformat()})
        if not rules.may_assess_no_response(communication.deadline, communication.answered_on, _today()):
            raise ValidationFailed.single("level", _("the deadline (%(date)s) has not passed yet")
                                          % {"date": communication.deadline.isoformat()})
    if communication.assessments.filter(status=AssessmentStatus.PROPOSED).exists():
        raise Conflict(_("An assessment of this communication already awaits a reviewer's decision."))
    assessment = Assessment(communication=communication, response=answer, level=level, reason=text,
                            proposed_by=actor, **{k: bool(v) for k, v in actions.items()})
    validate(assessment, exclude=["communication", "response", "proposed_by", "decided_by"])
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        raise Conflict(_("An assessment of this communication already awaits a reviewer's decision.")) from None
    audit_record(actor=actor, action="assessment.propose", obj=assessment, payload={
        "communication": communication.pk, "response": answer.pk if answer else None, "level": level,
        "actions": sorted(k for k, v in actions.items() if v),
    })
    _move_cases(actor, list(communication.cases.all()), rules.moves_on_answer,
                system_reason_text(timeline.REASON_ASSESSING, what=timeline.reason_what(communication)))
    return assessment


def _pending_for_decision(actor: Any, assessment: Assessment | int) -> Assessment:
    require(actor, Cap.ASSESSMENT_CONFIRM)
    found = selectors.assessment_get_for_user(actor, assessment.pk if isinstance(assessment, Assessment)
                                              else assessment)
    found = Assessment.objects.select_for_update().select_related("communication").get(pk=found.pk)
    if found.status != AssessmentStatus.PROPOSED:
        raise Conflict(_("This assessment was already decided (%(status)s).")
                       % {"status": found.get_status_display()})
    if found.proposed_by_id == actor.pk:
        raise Forbidden(_("The officer who proposed an assessment cannot decide on it; another reviewer must."))
    return found


def _no_response_overtaken(found: Assessment) -> None:
    """A "no response" proposed before the State answered cannot become the communication's assessment:
    the record would say both that the State answered and that it did not."""
    answered_on = (Communication.objects.select_for_update().filter(pk=found.communication_id)
                   .values_list("answered_on", flat=True).get())
    if found.level == AssessmentLevel.NO_RESPONSE and answered_on is not None:
        raise Conflict(_("The State responded on %(date)s, after “no response” was proposed: return this assessment "
                         "so that the officer assesses the response.") % {"date": answered_on.isoformat()})


@transaction.atomic
def assessment_confirm(
    *, actor: Any, assessment: Assessment | int, note: str = "", close_cases: bool = False
) -> tuple[Assessment, list[Case]]:
    """A reviewer (not the proposer) confirms an assessment; it becomes the communication's assessment.

    With ``close_cases`` and an adequate assessment, every case of the communication that the adequacy
    rule now allows is closed as adequately addressed; returns the cases closed.
    """
    found = _pending_for_decision(actor, assessment)
    _no_response_overtaken(found)
    if close_cases and found.level != AssessmentLevel.ADEQUATE:
        raise ValidationFailed.single("close_cases", _("only an adequate response lets a case close"))
    found.status = AssessmentStatus.CONFIRMED
    found.decided_by, found.decided_at, found.decision_note = actor, timezone.now(), (note or "").strip()
    validate(found, exclude=["communication", "response", "proposed_by", "decided_by"], written=["decision_note"])
    found.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    Communication.objects.filter(pk=found.communication_id).update(assessment_level=found.level,
                                                                   assessed_at=found.decided_at)
    audit_record(actor=actor, action="assessment.confirm", obj=found, payload={
        "communication": found.communication_id, "level": found.level, "close_cases": close_cases})
    closed: list[Case] = []
    if close_cases:
        reason = system_reason_text(timeline.REASON_ADEQUATE, what=timeline.reason_what(found.communication))
        for case in found.communication.cases.all():
            if selectors.case_may_close_adequately(case):
                closed.append(case_close_adequately_addressed(actor=actor, case=case, reason=reason))
    return found, closed


@transaction.atomic
def assessment_return(*, actor: Any, assessment: Assessment | int, note: str) -> Assessment:
    """A reviewer (not the proposer) sends an assessment back with a note; the officer proposes anew."""
    text = _required_text(note, "note", _("say why the assessment is returned"))
    found = _pending_for_decision(actor, assessment)
    found.status = AssessmentStatus.RETURNED
    found.decided_by, found.decided_at, found.decision_note = actor, timezone.now(), text
    validate(found, exclude=["communication", "response", "proposed_by", "decided_by"], written=["decision_note"])
    found.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=actor, action="assessment.return", obj=found,
                 payload={"communication": found.communication_id, "level": found.level})
    return found


@transaction.atomic
def case_close_adequately_addressed(*, actor: Any, case: Case | int, reason: str) -> Case:
    """Close a case as adequately addressed, only when the latest communication about it has a confirmed
    adequate assessment (``rules.may_close_adequately``); the closing itself is ``case_transition``."""
    require(actor, Cap.CASE_CLOSE_ADEQUATE)
    loaded = case_get_for_user(actor, case.pk if isinstance(case, Case) else case)
    if not selectors.case_may_close_adequately(loaded):
        raise InvalidTransition(
            _("Case %(case)s cannot be closed as adequately addressed: the latest communication about it has no "
              "confirmed assessment of an adequate response.") % {"case": loaded.reference},
            fields={"to_status": [_("no confirmed adequate assessment of the latest communication")]},
        )
    return case_services.case_transition(actor=actor, case=loaded, to_status=CaseStatus.CLOSED_ADEQUATELY_ADDRESSED,
                                         reason=reason, expected_version=None)


# ---------------------------------------------------------------- developments


@transaction.atomic
def development_record(
    *, actor: Any, case: Case | int, kind: str, date: str, description: str, for_next_report: bool = True
) -> CaseDevelopment:
    """Record what happened in a case after its first report (a release, new charges, a new incident,
    a death), as follow-up information for the next report unless said otherwise."""
    require(actor, Cap.CASE_EDIT)
    loaded = case_get_for_user(actor, case.pk if isinstance(case, Case) else case)
    when = case_services.event_date(date, "date", today=_today())  # what follows cannot precede the UN
    development = CaseDevelopment(
        case=loaded, kind=kind, date_year=when.year, date_month=when.month, date_day=when.day,
        description=_required_text(description, "description", _("say what happened")),
        for_next_report=for_next_report, recorded_by=actor,
    )
    validate(development, exclude=["case", "recorded_by"])
    development.save()
    audit_record(actor=actor, action="development.record", obj=development,
                 payload={"case": loaded.reference, "kind": kind, "for_next_report": for_next_report})
    return development


# ---------------------------------------------------------------- reading files, portal visits


@transaction.atomic
def attachment_open(*, actor: Any, attachment: FollowupAttachment, portal: bool = False) -> bytes:
    """The plaintext of an attachment the caller was allowed to load (by a selector); the read is audited."""
    content = files.unseal(attachment.sealed)
    audit_record(actor=actor, action="portal.download" if portal else "attachment.download", obj=attachment,
                 payload={"size": attachment.size})
    return content


def portal_visit(*, actor: Any, page: str, obj: Any = None) -> None:
    """Record what a State mission user looked at: every portal page is audited."""
    audit_record(actor=actor, action="portal.view", obj=obj, payload={"page": page})


# ---------------------------------------------------------------- reminders


def reminders_send(*, day: dt.date | None = None, window: int = rules.DUE_SOON_DAYS, base_url: str = ""
                   ) -> tuple[int, int, list[str]]:
    """E-mail each responsible officer one digest of the communications overdue or due within ``window``
    days about their open cases, at most once a day per communication (``ReminderSent``). The mail
    names communications, States and case references only: no summary, no person.

    Returns (mails sent, communications reminded, usernames skipped for lack of an e-mail address).
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    day = day or _today()
    mails = reminded = 0
    skipped: list[str] = []
    for officer, items in selectors.reminders_due(day, window).items():
        if not officer.email:
            skipped.append(officer.get_username())
            continue
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            rows = []
            for communication, kind in items:
                ReminderSent.objects.create(communication=communication, recipient=officer, sent_on=day, kind=kind)
                rows.append({
                    "communication": communication, "kind": kind,
                    "url": base_url.rstrip("/") + reverse("followup:communication_detail", args=[communication.pk]),
                    "cases": list(communication.cases.filter(assigned_to=officer).values_list("reference", flat=True)),
                })
            context = {"officer": officer, "rows": rows, "day": day, "window": window,
                       "overdue": sum(1 for r in rows if r["kind"] == "overdue"),
                       "due_soon": sum(1 for r in rows if r["kind"] == "due_soon")}
            subject = " ".join(render_to_string("followup/email/reminder_subject.txt", context).split())
            body = render_to_string("followup/email/reminder.txt", context)
            audit_record(actor=None, action="reminder.send", obj=officer, payload={
                "day": day.isoformat(), "communications": [c.pk for c, _k in items]})
            send_mail(subject, body, None, [officer.email])
        mails += 1
        reminded += len(items)
    return mails, reminded, skipped
