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

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reprisals.trackers import rules

COLUMNS = ("ngo_name", "ngo_country", "date_applied", "areas_of_work", "session", "session_date", "outcome",
           "questioning_states", "notes")
REQUIRED = ("ngo_name", "ngo_country", "date_applied", "session", "session_date", "outcome")
MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
LIMITS = {"ngo_name": 300, "session": 60, "notes": 5000, "areas_of_work": 2000}

Key = tuple[str, str, dt.date]  # (name key, ISO alpha-3, date applied)


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)d, %(field)s: %(message)s") % {"line": self.line, "field": self.field,
                                                             "message": self.message}


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


class NotReadable(ValueError):
    """A file that cannot be read as text: the reason, and the line it was found on (1 for the whole file)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM allowed); ``NotReadable`` with a readable reason and its line otherwise."""
    if len(data) > MAX_BYTES:
        raise NotReadable(_("the file is larger than %(mb)d MB") % {"mb": MAX_BYTES // (1024 * 1024)})
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # what spreadsheet programs write as "Unicode text"
        raise NotReadable(_("the file is UTF-16; save it as UTF-8 (CSV UTF-8) and try again"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotReadable(_("the file is not UTF-8 text (byte %(pos)d)") % {"pos": exc.start},
                          data[:exc.start].count(b"\n") + 1) from exc


#: Spreadsheet programs in many languages save "CSV" with semicolons (or tabs): the header says which.
_DELIMITERS = (",", ";", "\t")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_TEXT = re.compile(r"[\x00\ud800-\udfff]")


def _delimiter(text: str) -> str:
    header = text.lstrip("\r\n").split("\n", 1)[0]
    return next((d for d in _DELIMITERS if d in header), ",")


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
    out = Parsed()
    if not text.strip():
        out.errors.append(RowError(1, "header", _("the file is empty; the template is: %(all)s")
                                   % {"all": ",".join(COLUMNS)}))
        return out
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if not header or missing:
        out.errors.append(RowError(1, "header", _("missing column(s): %(cols)s; the template is: %(all)s")
                                   % {"cols": ", ".join(missing or REQUIRED), "all": ",".join(COLUMNS)}))
        return out
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        out.errors.append(RowError(1, "header", _("unknown column(s): %(cols)s") % {"cols": ", ".join(unknown)}))
        return out
    # Columns without a name (a header ending in ",,", as spreadsheets leave them) are ignored while empty.
    unnamed = [f"\x00{i}" for i, h in enumerate(header) if not h]
    reader.fieldnames = [h or f"\x00{i}" for i, h in enumerate(header)]
    for number, raw in enumerate(reader, start=1):
        line = reader.line_num
        if number > MAX_ROWS:
            out.errors.append(RowError(line, "file", _("more than %(n)d rows; split the file") % {"n": MAX_ROWS}))
            break
        if None in raw or any((raw.pop(k, None) or "").strip() for k in unnamed):
            out.count += 1
            out.errors.append(RowError(line, "row", _("more values than columns")))
            continue
        values = {k: (v or "").strip() for k, v in raw.items()}
        if not any(values.values()):
            continue  # a blank line
        out.count += 1
        row = _parse_row(line, values, known, today, out.errors)
        if row is not None:
            out.rows.append(row)
    return out


def _parse_row(line: int, values: Mapping[str, str], known: set[str], today: dt.date,
               errors: list[RowError]) -> Row | None:
    before = len(errors)
    for column, value in values.items():
        if _NOT_TEXT.search(value):  # a NUL cannot be stored (PostgreSQL refuses it) nor seen on a page
            errors.append(RowError(line, column, _("contains characters that are not text (NUL or broken Unicode)")))
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
