"""From a file to validated records: the native formats (CSV, XLSX, JSON) and the Uwazi CSV, then the
checks every row gets. Pure: no database; the vocabulary of codes comes in as a ``Vocab``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from reprisals.intake import parsers, uwazi
from reprisals.intake.parsers import FileProblem, Table
from reprisals.intake.rows import (
    FLAT_COLUMNS,
    REQUIRED_COLUMNS,
    FieldError,
    SubmissionData,
    Vocab,
    check,
    from_flat_row,
)

FORMATS = ("csv", "xlsx", "json", "uwazi-csv")


@dataclass
class Record:
    line: int
    data: SubmissionData | None
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def open_table(fh: IO[bytes], fmt: str, *, encoding: str | None = None, delimiter: str | None = None) -> Table:
    if fmt in ("csv", "uwazi-csv"):
        return parsers.read_csv(fh, encoding=encoding, delimiter=delimiter)
    if fmt == "xlsx":
        return parsers.read_xlsx(fh)
    if fmt == "json":
        return parsers.read_json(fh)
    raise FileProblem(_("unknown format %(f)s; use one of %(all)s") % {"f": fmt, "all": ", ".join(FORMATS)})


def _column_name(header: str) -> str:
    return re.sub(r"\s+", "_", header.strip().lower())


def check_native_header(header: list[str]) -> list[str]:
    """Column names of a native file, or ``FileProblem`` naming what is wrong with the header row."""
    names = [_column_name(h) for h in header]
    if len(names) == 1 and any(d in header[0] for d in ("|", ",", ";", "\t", ":")):
        raise FileProblem(_("the header row has one column only (%(h)s): separate the columns with commas or "
                            "semicolons") % {"h": header[0][:80]}, line=1, field="header")
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing and not set(names) & set(FLAT_COLUMNS):
        raise FileProblem(_("the first line must be the header row with the column names (at least %(req)s); "
                            "found %(found)s") % {"req": ", ".join(REQUIRED_COLUMNS), "found": ", ".join(
                                h[:30] for h in header[:6])}, line=1, field="header")
    if missing:
        raise FileProblem(_("required column(s) missing from the header row: %(cols)s")
                          % {"cols": ", ".join(missing)}, line=1, field="header")
    unknown = [h for h, n in zip(header, names, strict=True) if n not in FLAT_COLUMNS]
    if unknown:
        raise FileProblem(_("unknown column(s) %(cols)s; the columns are: %(all)s")
                          % {"cols": ", ".join(unknown[:10]), "all": ", ".join(FLAT_COLUMNS)}, line=1, field="header")
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise FileProblem(_("column(s) named twice: %(cols)s") % {"cols": ", ".join(duplicated)}, line=1,
                          field="header")
    return names


def native_records(table: Table, fmt: str) -> Iterator[Record]:
    names = check_native_header(table.header) if fmt != "json" else []
    for raw in table.rows:
        errors = list(raw.problems)
        if isinstance(raw.cells, dict):
            values: dict[str, Any] = {}
            for key, value in raw.cells.items():
                name = _column_name(str(key))
                if name not in FLAT_COLUMNS:
                    errors.append(FieldError(str(key)[:60], _("unknown field; the fields are the template's columns")))
                else:
                    values[name] = value
        else:
            cells = list(raw.cells)
            if len(cells) != len(names):
                extra = cells[len(names):]
                if fmt == "xlsx" and not any(c not in (None, "") for c in extra):
                    cells = cells[:len(names)]
                elif fmt == "xlsx" and len(cells) < len(names):
                    pass
                else:
                    errors.append(FieldError("line", _(
                        "expected %(n)d values, found %(m)d (a delimiter inside a value that is not quoted?)")
                        % {"n": len(names), "m": len(cells)}))
            values = dict(zip(names, cells, strict=False))
        if errors and not values:
            yield Record(raw.line, None, errors)
            continue
        data, row_errors = from_flat_row(values)
        yield Record(raw.line, data, errors + row_errors)


def records(fh: IO[bytes], fmt: str, *, encoding: str | None = None, delimiter: str | None = None,
            vocab: Vocab | None = None) -> tuple[Table, Iterator[Record]]:
    """Open ``fh`` as ``fmt`` and return the table and its records (not yet checked against codes)."""
    table = open_table(fh, fmt, encoding=encoding, delimiter=delimiter)
    if fmt == "uwazi-csv":
        plan = uwazi.header_plan(table.header)
        return table, (Record(r.line, d, r.problems + e) for r in table.rows
                       for d, e in [uwazi.to_submission(plan, list(r.cells), vocab)])
    return table, native_records(table, fmt)


def validated(stream: Iterator[Record], vocab: Vocab, *, today: dt.date, source: str | None) -> Iterator[Record]:
    """Check each record against the codes; the sender's reference must be unique within the file.

    ``source`` is the entity for every row (``--source``); a row's own ``source_entity`` must then be empty
    or the same. Without ``source`` each row names its entity.
    """
    seen: set[str] = set()  # "entity\x1freference": one string per row keeps a million rows near 100 MB
    for record in stream:
        data = record.data
        if data is None:
            yield record
            continue
        if source:
            if data.source_entity and data.source_entity != source:
                record.errors.append(FieldError("source_entity", _("the file is imported for %(src)s; this row "
                                                                   "names %(row)s") % {"src": source,
                                                                                       "row": data.source_entity}))
            data.source_entity = source
        record.errors.extend(check(data, vocab, today=today, require_reference=True, require_entity=True))
        key = f"{data.source_entity}\x1f{data.sender_reference}"
        if data.sender_reference:
            if key in seen:
                record.errors.append(FieldError("sender_reference", _(
                    "the same reference %(ref)s is on an earlier row of this file") % {
                        "ref": data.sender_reference[:100]}))
            seen.add(key)
        yield record


def error_lines(record: Record, unit: str = "line") -> list[str]:
    """``line 7, country: unknown State code XYZ`` — one per problem."""
    where = _("item %(n)d") if unit == "item" else _("line %(n)d")
    return [_("%(where)s, %(field)s: %(message)s") % {"where": where % {"n": record.line}, "field": e.field,
                                                      "message": e.message} for e in record.errors]
