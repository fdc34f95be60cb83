"""Reading a table that people saved as CSV from a spreadsheet, for the imports that check every row
before writing any (the NGO Committee sessions, past communications with States).

What spreadsheets write is accepted: UTF-8 with or without a BOM, commas, or the semicolons or tabs some
languages' "CSV" uses (recognised from the header), capitalised column names, columns in any order, and
empty columns without a name at the end. What cannot be stored or read is refused with its line (the
header is line 1): UTF-16, bytes that are not UTF-8, NUL and broken Unicode, a row with more values than
columns, a file too large.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.utils.translation import gettext as _

#: Spreadsheet programs in many languages save "CSV" with semicolons (or tabs): the header says which.
DELIMITERS = (",", ";", "\t")
_NOT_TEXT = re.compile(r"[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)d, %(field)s: %(message)s") % {"line": self.line, "field": self.field,
                                                             "message": self.message}


class NotReadable(ValueError):
    """A file that cannot be read as text: the reason, and the line it was found on (1 for the whole file)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def decode(data: bytes, max_bytes: int) -> str:
    """UTF-8 text (a BOM allowed); ``NotReadable`` with a readable reason and its line otherwise."""
    if len(data) > max_bytes:
        raise NotReadable(_("the file is larger than %(mb)d MB") % {"mb": max_bytes // (1024 * 1024)})
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # what spreadsheet programs write as "Unicode text"
        raise NotReadable(_("the file is UTF-16; save it as UTF-8 (CSV UTF-8) and try again"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotReadable(_("the file is not UTF-8 text (byte %(pos)d)") % {"pos": exc.start},
                          data[:exc.start].count(b"\n") + 1) from exc


def read_file(path: Path, max_bytes: int, stderr: TextIO) -> bytes:
    """For an import command: the file's bytes (``max_bytes + 1`` of them when it is larger, which
    ``decode`` refuses by size, without reading it whole). A file that cannot be read: a line on
    ``stderr`` and exit 2."""
    try:
        return path.read_bytes() if path.stat().st_size <= max_bytes else b"x" * (max_bytes + 1)
    except OSError as exc:
        stderr.write(f"cannot read {path}: {exc.strerror or exc}")
        raise SystemExit(2) from None


def exit_on_problems(report: Any, name: str, stderr: TextIO) -> None:
    """For an import command: when ``report.errors`` holds any, each as ``NAME: line N, FIELD: reason``
    and a count on ``stderr``, then exit 1 (nothing was imported)."""
    if not report.errors:
        return
    for error in report.errors:
        stderr.write(f"{name}: {error}")
    stderr.write(f"{len(report.errors)} problem(s) in {report.rows} row(s); nothing was imported")
    raise SystemExit(1)


def delimiter(text: str) -> str:
    header = text.lstrip("\r\n").split("\n", 1)[0]
    return next((d for d in DELIMITERS if d in header), ",")


def not_text(values: dict[str, str], line: int) -> list[RowError]:
    """A NUL cannot be stored (PostgreSQL refuses it) nor seen on a page; nor can half a surrogate pair."""
    return [RowError(line, column, _("contains characters that are not text (NUL or broken Unicode)"))
            for column, value in values.items() if _NOT_TEXT.search(value)]


@dataclass
class Table:
    """The data rows as (line, values by lower-case column name, stripped), blank lines left out."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    count: int = 0  # data rows read, blank lines left out


def read_table(text: str, columns: Sequence[str], required: Sequence[str], max_rows: int) -> Table:
    """Split ``text`` into rows under a header naming ``required`` columns, and no column outside ``columns``."""
    out = Table()
    if not text.strip():
        out.errors.append(RowError(1, "header", _("the file is empty; the template is: %(all)s")
                                   % {"all": ",".join(columns)}))
        return out
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if not header or missing:
        out.errors.append(RowError(1, "header", _("missing column(s): %(cols)s; the template is: %(all)s")
                                   % {"cols": ", ".join(missing or required), "all": ",".join(columns)}))
        return out
    unknown = [h for h in header if h and h not in columns]
    if unknown:
        out.errors.append(RowError(1, "header", _("unknown column(s): %(cols)s") % {"cols": ", ".join(unknown)}))
        return out
    # Columns without a name (a header ending in ",,", as spreadsheets leave them) are ignored while empty.
    unnamed = [f"\x00{i}" for i, h in enumerate(header) if not h]
    reader.fieldnames = [h or f"\x00{i}" for i, h in enumerate(header)]
    try:
        _read_rows(reader, unnamed, max_rows, out)
    except csv.Error as exc:  # a cell longer than the reader takes, say: the rows before it are read, none after
        out.count += 1
        out.errors.append(RowError(reader.reader.line_num, "file",
                                   _("this line cannot be read as CSV: %(e)s") % {"e": exc}))
    return out


def _read_rows(reader: csv.DictReader, unnamed: list[str], max_rows: int, out: Table) -> None:
    for number, raw in enumerate(reader, start=1):
        line = reader.line_num
        if number > max_rows:
            out.errors.append(RowError(line, "file", _("more than %(n)d rows; split the file") % {"n": max_rows}))
            break
        if None in raw or any((raw.pop(k, None) or "").strip() for k in unnamed):
            out.count += 1
            out.errors.append(RowError(line, "row", _("more values than columns")))
            continue
        values = {k: (v or "").strip() for k, v in raw.items()}
        if not any(values.values()):
            continue  # a blank line
        out.count += 1
        out.rows.append((line, values))
