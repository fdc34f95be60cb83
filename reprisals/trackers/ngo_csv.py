"""Session results of the ECOSOC Committee on NGOs from CSV: parsing and checking as plain functions.

Template (UTF-8, comma-separated, a header row; the order of columns is free; semicolons or tabs, as
spreadsheet programs save "CSV" in some languages, are recognised from the header)::

    ngo_name,ngo_country,date_applied,areas_of_work,session,session_date,outcome,questioning_states,notes
    Centre for Water Rights,PAK,2019-05-30,water|land,2021 regular session,2021-01-18,deferred,CHN|CUB,

Required: ``ngo_name``, ``ngo_country`` (ISO 3166-1 alpha-3), ``date_applied`` and ``session_date``
(YYYY-MM-DD), ``session``, ``outcome`` (recommended, deferred, closed_without_prejudice, rejected).
Optional: ``areas_of_work`` and ``questioning_states`` (ISO alpha-3 codes), both separated by ``|``, and
``notes``. One row is one application at one session; an application is identified by NGO name (case
and spacing ignored), country and date applied.

Every row is checked before anything is written; each problem names its line (the header is line 1)
and its column. ``check_rows`` applies the session rules of ``trackers.rules`` to each application's
sessions (already recorded ones first, then the file's, by session date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reprisals.core import csvtable
from reprisals.core.csvtable import NotReadable, RowError
from reprisals.trackers import rules

__all__ = ["NotReadable", "RowError", "Row", "Parsed", "Plan", "decode", "parse", "check_rows"]

COLUMNS = ("ngo_name", "ngo_country", "date_applied", "areas_of_work", "session", "session_date", "outcome",
           "questioning_states", "notes")
REQUIRED = ("ngo_name", "ngo_country", "date_applied", "session", "session_date", "outcome")
MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
LIMITS = {"ngo_name": 300, "session": 60, "notes": 5000, "areas_of_work": 2000}

Key = tuple[str, str, dt.date]  # (name key, ISO alpha-3, date applied)


@dataclass(frozen=True)
class Row:
    line: int
    ngo_name: str
    country: str
    applied_on: dt.date
    areas: tuple[str, ...]
    session: str
    session_date: dt.date
    outcome: str
    questioning_states: tuple[str, ...]
    notes: str

    def key(self, normalise: Callable[[str], str]) -> Key:
        return (normalise(self.ngo_name), self.country, self.applied_on)

    @property
    def fact(self) -> rules.SessionFact:
        return rules.SessionFact(self.session, self.session_date, self.outcome)


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    count: int = 0  # data rows read, blank lines left out


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM allowed); ``NotReadable`` with a readable reason and its line otherwise."""
    return csvtable.decode(data, MAX_BYTES)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: str, line: int, column: str, errors: list[RowError], today: dt.date) -> dt.date | None:
    try:
        if not _ISO_DATE.match(value):  # fromisoformat also takes 20210125 and week dates such as 2021-W04-1
            raise ValueError(value)
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        errors.append(RowError(line, column, _("%(value)s is not a date; use YYYY-MM-DD") % {"value": value[:40]}))
        return None
    try:
        rules.check_date(column, parsed, today)
    except rules.RuleBroken as exc:
        errors.append(RowError(line, column, exc.message))
        return None
    return parsed


def _split(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in value.split("|") if part.strip()))


def parse(text: str, known_countries: Iterable[str], today: dt.date) -> Parsed:
    """Read and check each row on its own (columns, dates, codes, lengths). No database."""
    known = set(known_countries)
    table = csvtable.read_table(text, COLUMNS, REQUIRED, MAX_ROWS)
    out = Parsed(errors=table.errors, count=table.count)
    for line, values in table.rows:
        row = _parse_row(line, values, known, today, out.errors)
        if row is not None:
            out.rows.append(row)
    return out


def _parse_row(line: int, values: Mapping[str, str], known: set[str], today: dt.date,
               errors: list[RowError]) -> Row | None:
    before = len(errors)
    errors.extend(csvtable.not_text(dict(values), line))
    if len(errors) > before:
        return None
    for column in REQUIRED:
        if not values.get(column):
            errors.append(RowError(line, column, _("this column is required")))
    for column, limit in LIMITS.items():
        if len(values.get(column, "")) > limit:
            errors.append(RowError(line, column, _("longer than %(n)d characters") % {"n": limit}))
    country = values.get("ngo_country", "").upper()
    if country and country not in known:
        errors.append(RowError(line, "ngo_country", _("unknown State code %(code)s (use ISO 3166-1 alpha-3)")
                               % {"code": country[:10]}))
    states = tuple(dict.fromkeys(s.upper() for s in _split(values.get("questioning_states", ""))))
    bad = [s for s in states if s not in known]
    if bad:
        errors.append(RowError(line, "questioning_states", _("unknown State code(s): %(codes)s")
                               % {"codes": ", ".join(b[:10] for b in bad)}))
    outcome = values.get("outcome", "").lower()
    if outcome and outcome not in rules.OUTCOMES:
        errors.append(RowError(line, "outcome", _("unknown outcome %(value)s; use one of %(all)s")
                               % {"value": outcome[:40], "all": ", ".join(rules.OUTCOMES)}))
    applied = _date(values["date_applied"], line, "date_applied", errors, today) if values.get("date_applied") else None
    session_date = (_date(values["session_date"], line, "session_date", errors, today)
                    if values.get("session_date") else None)
    if len(errors) > before or applied is None or session_date is None:
        return None
    return Row(line=line, ngo_name=" ".join(values["ngo_name"].split()), country=country, applied_on=applied,
               areas=_split(values.get("areas_of_work", "")), session=" ".join(values["session"].split()),
               session_date=session_date, outcome=outcome, questioning_states=states, notes=values.get("notes", ""))


@dataclass
class Plan:
    """What an import would write: new applications (their first row) and new outcomes; rows already
    recorded with the same outcome are ``unchanged``."""

    new_applications: dict[Key, Row] = field(default_factory=dict)
    new_outcomes: list[Row] = field(default_factory=list)
    unchanged: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def check_rows(rows: Sequence[Row], existing: Mapping[Key, Sequence[rules.SessionFact]],
               normalise: Callable[[str], str]) -> Plan:
    """Apply the session rules per application: recorded sessions first, then the file's by date."""
    plan = Plan()
    groups: dict[Key, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.key(normalise), []).append(row)
    for key, group in groups.items():
        history = list(existing.get(key, ()))
        if key not in existing:
            plan.new_applications[key] = group[0]
        recorded = {f.session.casefold(): f for f in history}
        in_file: dict[str, int] = {}  # session -> line of the file's row already accepted for it
        for row in sorted(group, key=lambda r: (r.session_date, r.line)):
            same = recorded.get(row.session.casefold())
            if same is not None and same.outcome == row.outcome and same.session_date == row.session_date:
                plan.unchanged.append(row)
                continue
            if row.session.casefold() in in_file:
                plan.errors.append(RowError(row.line, "session", _(
                    "session %(session)s of this application is already on line %(line)d of the file")
                    % {"session": row.session, "line": in_file[row.session.casefold()]}))
                continue
            try:
                rules.check_next_session(row.applied_on, history, row.fact)
            except rules.RuleBroken as exc:
                plan.errors.append(RowError(row.line, exc.field, exc.message))
                continue
            history.append(row.fact)
            in_file[row.session.casefold()] = row.line
            plan.new_outcomes.append(row)
    plan.errors.sort(key=lambda e: (e.line, e.field))
    return plan
