"""Loading past communications with States, and the States' responses, from CSV: the history a team
kept in spreadsheets before this system, so that deadlines, a State's record and the follow-up annex
start from what really happened.

Template (UTF-8, a header row, columns in any order; semicolons or tabs recognised from the header):
``COLUMNS`` below; docs/followup.md has an example file.

Required: ``country`` (ISO alpha-3), ``kind`` (a communication kind code), ``un_body`` (a register
code), ``sent_on`` (YYYY-MM-DD), ``summary`` and ``cases`` (case references separated by spaces or
commas, all of that State, all in the register). Optional: ``symbol``, ``deadline`` (the default of the
kind when empty), ``internal_notes``, and the State's response: ``response_received_on`` and
``response_summary`` together, ``response_channel`` (note_verbale by default).

Each row goes through the same services as a communication typed in, with ``historic``: a deadline may
have passed and cases keep their status (see ``followup.services.communication_record``). A deadline
before the date sent is refused in ``deadline`` (``followup.rules.deadline_problem``).

A letter cannot be about a reprisal that had not happened yet: a row sent before the earliest date the
facts of a case it names show is refused in ``sent_on``, naming the case (``_sent_before_the_facts``).
That earliest date is the first day the case's earliest incident can mean (an incident dated "2016-03"
may have happened on 1 March), or, when no incident is dated earlier, the day its first allegation was
received (an allegation received tells that something had happened by then). That catches a mistyped
year, which would otherwise make a current letter look like one of long ago and let it name a case with
no consent on record. A letter dated after the earliest incident but before this office received the
first allegation of the case is not refused in ``sent_on`` (a Special Rapporteur who received the
allegation directly may have written to the State first), but it is never a letter of the past for that
case: it is taken for a current one, which needs consent in force (below), since a mistyped month or year
of a letter sent last week reads the same. (A date mistyped to one after the first allegation was received,
with a deadline before the case was registered and before this office began recording consent (below), is
not caught: nothing the register holds tells it from a true letter of that date.)

Consent to raise a case with the State, which reads every communication addressed to it in its portal.
A case whose party refused or withdrew that consent is refused on every row, however old the letter.
Otherwise, whether a row may name a case with no decision on record rests on what the register holds,
never on the row's dates alone (a mistyped or false past deadline would let a current letter through):
a row is a letter of the past for a case only when its deadline passed before the case was registered
here (``Case.created_at``, written by the system when the case was opened), so that the whole exchange,
the letter and the time given to the State to answer, was over before any consent could be recorded.
A letter of the past is also about an allegation already received: it is sent on or after the day this
office received the first allegation of the case (``Allegation.received_on``). And its deadline passed
before this register began recording consent decisions: before the day the first consent decision of the
register, on any case and for any use, was recorded (``ConsentRecord.recorded_at``, stamped by the system,
never the date typed for the decision; ``_consent_recording_began``). A case entered late (a backlog) is
registered long after its allegation was received, so its registration alone would let a letter sent last
week with its month mistyped pass for one of the past; once the office records consent, a letter still
running by then needs the case's consent in force. A fresh installation loading its spreadsheets has no
consent decision yet, or only from the day it began, so its genuine historical letters still pass; with no
consent decision in the register at all, the case's registration and its first allegation alone decide.
For a letter of the past no decision on record is accepted (the spreadsheets predate the consent records).
A letter sent on or after the day the case was registered, whatever its deadline, is a current letter for
that case; so is a letter sent before but still awaiting its answer when the case was registered (its
deadline on or after that day: the register held the case while the State was asked to answer), a letter
dated before the first allegation of the case was received, a letter whose deadline had not passed when
this office began recording consent, and a row whose deadline is still to come. Such a case needs consent
in force, as on the page (``cases.services.raise_consent_problem``). Every case of the row refused for
consent, whose party refused or withdrew it or with no consent in force for a current letter, is named
at once, one error each in ``cases``.

Every row is checked, in one transaction; if any row is refused, every problem is listed by line and
column and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap
from reprisals.cases import services as case_services
from reprisals.cases.models import Allegation, Case, ConsentRecord, Incident
from reprisals.cases.selectors import cases_by_references_for_user
from reprisals.core.audit import audit_record
from reprisals.core.csvtable import NotReadable, RowError, decode, not_text, read_table
from reprisals.core.dates import PartialDate
from reprisals.core.errors import DomainError
from reprisals.core.services import require
from reprisals.followup import rules, services
from reprisals.followup.choices import ResponseChannel

COLUMNS = ("country", "kind", "un_body", "symbol", "sent_on", "deadline", "summary", "internal_notes", "cases",
           "response_received_on", "response_summary", "response_channel")
REQUIRED = ("country", "kind", "un_body", "sent_on", "summary", "cases")
MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: The services name their own fields; a response's fields have their own columns in the file.
_RESPONSE_COLUMNS = {"received_on": "response_received_on", "summary": "response_summary",
                     "channel": "response_channel"}


@dataclass
class ImportReport:
    rows: int = 0
    communications: int = 0
    responses: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _date(values: dict[str, str], column: str, line: int, errors: list[RowError]) -> dt.date | None:
    value = values.get(column, "")
    if not value:
        return None
    try:
        if not _ISO_DATE.match(value):  # fromisoformat also takes 20160402 and week dates
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(RowError(line, column, _("%(value)s is not a date; use YYYY-MM-DD") % {"value": value[:40]}))
        return None


def _row(actor: Any, line: int, values: dict[str, str], symbols: dict[tuple[str, str], int],
         began: dt.date | None) -> tuple[int, list[RowError]]:
    """Record one row (inside the caller's transaction); the responses written, or the row's problems.
    ``symbols`` holds the line of each (State, symbol) of the file already read; ``began`` is the day this
    register began recording consent decisions (``_consent_recording_began``)."""
    errors = not_text(values, line)
    if errors:
        return 0, errors
    symbol = " ".join(values.get("symbol", "").split())
    if symbol:
        key = (values["country"].upper(), symbol.casefold())
        if key in symbols:
            return 0, [RowError(line, "symbol", _("communication %(symbol)s to this State is already on line %(line)d "
                                                  "of the file") % {"symbol": symbol, "line": symbols[key]})]
        symbols[key] = line
    sent_on = _date(values, "sent_on", line, errors)
    if not values.get("sent_on"):  # a blank cell is no date: without one the row would be counted, not written
        errors.append(RowError(line, "sent_on", _("this field is required")))
    deadline = _date(values, "deadline", line, errors)
    received_on = _date(values, "response_received_on", line, errors)
    answer = values.get("response_summary", "")
    if answer and received_on is None and not errors:
        errors.append(RowError(line, "response_received_on", _("give the date the response was received")))
    if received_on is not None and not answer:
        errors.append(RowError(line, "response_summary", _("give a summary of the response")))
    if (sent_on is not None and deadline is not None
            and rules.deadline_problem(sent_on, deadline, timezone.localdate()) == "before_sent"):
        # Named whatever else the row holds (the service looks at the cases first), as the service names it.
        errors.append(RowError(line, "deadline", _("the deadline is before the date sent")))
    if errors or sent_on is None:
        return 0, errors
    column = "communication"
    try:
        column = "cases"
        cases = cases_by_references_for_user(actor, values["cases"])
        received = _first_received(cases)
        early = _sent_before_the_facts(line, cases, sent_on, received)
        if early:
            return 0, early
        column = "communication"
        communication = services.communication_record(
            actor=actor, country=case_services.country_by_code(values["country"]), kind=values["kind"].lower(),
            un_body=case_services.un_body_by_code(values["un_body"]), symbol=values.get("symbol", ""),
            sent_on=sent_on, deadline=deadline, summary=values["summary"],
            internal_notes=values.get("internal_notes", ""), cases=cases, historic=True,
            current_for=lambda case, due: _current_without_consent(case, sent_on, due, received, began))
        if received_on is None:
            return 0, []
        column = "response"
        services.response_record(actor=actor, communication=communication, received_on=received_on, summary=answer,
                                 channel=(values.get("response_channel") or ResponseChannel.NOTE_VERBALE).lower(),
                                 historic=True)
        return 1, []
    except DomainError as exc:
        names = _RESPONSE_COLUMNS if column == "response" else {}
        found = [RowError(line, names.get(name, name), message)
                 for name, messages in exc.fields.items() for message in messages]
        return 0, found or [RowError(line, column, exc.message)]


def _registered_on(case: Case) -> dt.date:
    """The day ``case`` came into the register: its creation, stamped by the system, never typed in."""
    return timezone.localdate(case.created_at)


def _consent_recording_began() -> dt.date | None:
    """The day this register began recording consent decisions: the day its first consent decision, on any
    case and for any use, granted or not, was recorded (``ConsentRecord.recorded_at``, stamped by the system
    when the decision was entered, never the date typed for the decision), or None when it holds none."""
    first = ConsentRecord.objects.aggregate(first=Min("recorded_at"))["first"]
    return timezone.localdate(first) if first is not None else None


def _earliest_incidents(cases: list[Case]) -> dict[int, PartialDate]:
    """The earliest incident of each case that has one, by the first day its (partial) date can mean."""
    earliest: dict[int, PartialDate] = {}
    for case_id, year, month, day in (Incident.objects.filter(case__in=cases)
                                      .values_list("case", "date_year", "date_month", "date_day")):
        date = PartialDate(year, month, day)
        if case_id not in earliest or date.earliest < earliest[case_id].earliest:
            earliest[case_id] = date
    return earliest


def _first_received(cases: list[Case]) -> dict[int, dt.date]:
    """The day this office received the first allegation of each case that has one."""
    return dict(Allegation.objects.filter(case__in=cases).values("case").annotate(first=Min("received_on"))
                .values_list("case", "first"))


def _sent_before_the_facts(line: int, cases: list[Case], sent_on: dt.date, received: dict[int, dt.date]
                           ) -> list[RowError]:
    """Refuse, in ``sent_on``, a letter dated before the earliest date the facts of a case it names show: a
    letter cannot be about a reprisal that had not happened yet, so the date is mistyped (a year early, most
    often), and a current letter would pass for one of long ago.

    The earliest fact of a case is the first day its earliest incident can mean, or the day its first
    allegation was received (``received``) when that is earlier (no incident recorded, or only later ones).
    A letter dated after the incident but before this office received the allegation passes here, but only
    as a current communication for that case (``_current_without_consent``): the Special Rapporteur who wrote
    may have received the allegation directly, before this office's copy arrived, or the date is mistyped."""
    incidents = _earliest_incidents(cases)
    errors = []
    for case in cases:
        incident, first = incidents.get(case.pk), received.get(case.pk)
        values = {"case": case.reference, "sent": sent_on.isoformat()}
        if incident is not None and (first is None or incident.earliest <= first):
            if sent_on < incident.earliest:
                errors.append(RowError(line, "sent_on", _(
                    "Case %(case)s: the date sent %(sent)s is before the earliest incident of the case "
                    "(%(incident)s); a letter cannot be about a reprisal that had not happened yet: check the "
                    "date, the year first, or the date of the incident") % {**values, "incident": str(incident)}))
        elif first is not None and sent_on < first:
            errors.append(RowError(line, "sent_on", _(
                "Case %(case)s: the date sent %(sent)s is before anything the case records had happened: its "
                "first allegation was received on %(received)s and no incident of the case is dated earlier; a "
                "letter cannot be about a reprisal that had not happened yet: check the date, the year first, or "
                "record the incident the letter is about, with its date") % {**values, "received": first.isoformat()}))
    return errors


def _current_without_consent(case: Case, sent_on: dt.date, deadline: dt.date, received: dict[int, dt.date],
                             began: dt.date | None) -> str | None:
    """Why a row whose deadline has passed is nonetheless a current letter for ``case``, which has no consent
    to raise it with the State in force, or None. Called by ``communication_record`` (``current_for``) for
    each case whose party did not refuse or withdraw consent, so that every case refused, for either
    reason, is named at once, one error each in ``cases``.

    The letter is a current one, whatever the deadline typed, when it was sent while the case was in the
    register, or was still awaiting its answer when the case was registered (its deadline on or after that
    day), or is dated before this office received the first allegation of the case (``received``): a letter
    of the past is about an allegation already received, and a date before it is as likely a mistyped date
    of a letter sent last week as a letter written on an allegation received directly. It is a current one
    too when its deadline had not passed on the day this register began recording consent decisions
    (``began``, None when it holds none): once the office records consent, a letter still running needs it,
    whenever the case was entered (a case entered from a backlog is registered months after its allegation
    was received, and a letter sent last week with its month mistyped would otherwise pass for one of the
    past)."""
    registered = _registered_on(case)
    first = received.get(case.pk)
    before_allegation = first is not None and sent_on < first
    after_consent_began = began is not None and deadline >= began
    if deadline < registered and not before_allegation and not after_consent_began:
        # The whole exchange was over before the case was in the register and before this office recorded
        # any consent, on what it was told: a letter of the past.
        return None
    why = case_services.raise_consent_problem(case)
    if not why:
        return None
    values = {"case": case.reference, "registered": registered.isoformat(), "sent": sent_on.isoformat(),
              "deadline": deadline.isoformat(), "received": first.isoformat() if first else "",
              "began": began.isoformat() if began else "", "why": why}
    if sent_on >= registered:
        return _(
            "Case %(case)s: no consent decision on record for a letter sent after the case was registered "
            "(registered on %(registered)s, this letter sent on %(sent)s), so the letter is a current "
            "communication whatever its deadline, and the State reads it in its portal. %(why)s") % values
    if deadline >= registered:
        return _(
            "Case %(case)s: no consent decision on record for a letter still awaiting its answer when the "
            "case was registered (registered on %(registered)s, this letter sent on %(sent)s with the "
            "deadline %(deadline)s), so the letter is a current communication, and the State reads it in "
            "its portal. %(why)s") % values
    if before_allegation:
        return _(
            "Case %(case)s: no consent decision on record for a letter dated before this office received the "
            "first allegation of the case (this letter sent on %(sent)s, the allegation received on %(received)s), "
            "so the letter is taken for a current communication, not one of the past, and the State reads it in "
            "its portal. If the date is right (a Special Rapporteur told of the reprisal directly), record the "
            "consent, or correct the date the allegation was received if it came earlier; otherwise check the "
            "date sent, the year first. %(why)s") % values
    return _(
        "Case %(case)s: no consent decision on record for a letter whose deadline had not passed when this office "
        "began recording consent (this letter sent on %(sent)s with the deadline %(deadline)s; the first consent "
        "decision of the register recorded on %(began)s), so the letter is a current communication, not one of "
        "the past, although the case was registered later (on %(registered)s), and the State reads it in its "
        "portal. Record the consent; otherwise check the date sent and the deadline, the month and year first. "
        "%(why)s") % values


def import_communications(*, actor: Any, data: bytes, dry_run: bool = False) -> ImportReport:
    """Check every row by recording it in one transaction; keep it only when no row was refused and
    this is not a dry run. The actor sees and records as in the pages: its cases, its rights."""
    require(actor, Cap.COMMUNICATION_RECORD)
    report = ImportReport(dry_run=dry_run)
    try:
        text = decode(data, MAX_BYTES)
    except NotReadable as exc:
        report.errors.append(RowError(exc.line, "file", str(exc)))
        return report
    table = read_table(text, COLUMNS, REQUIRED, MAX_ROWS)
    report.rows, report.errors = table.count, list(table.errors)
    symbols: dict[tuple[str, str], int] = {}
    began = _consent_recording_began()  # the import records no consent decision: read once
    with transaction.atomic():
        for line, values in table.rows:
            with transaction.atomic():  # a savepoint: a refused row leaves nothing behind
                responses, problems = _row(actor, line, values, symbols, began)
                if problems:
                    report.errors.extend(problems)
                    transaction.set_rollback(True)
                    continue
            report.communications += 1
            report.responses += responses
        if report.errors or dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(actor=actor, action="communication.import", payload={
                "rows": report.rows, "communications": report.communications, "responses": report.responses})
    report.errors.sort(key=lambda e: (e.line, e.field))
    if report.errors:
        report.communications = report.responses = 0
    return report
