"""Linking the rows of any CSV file (``reprisals link file``): no database, no Django.

The file needs a ``name`` column; ``country``, ``organisation`` (or ``organization``), ``role``, ``date``,
and ``gender`` and ``kind`` (``individual`` / ``organisation``) are used when present. Column names are
matched case-insensitively. The output is the input, column for column, plus ``cluster_id`` (rows with
one id are taken for one person or organisation) and ``score`` (the probability of the strongest link
that put the row in its cluster; 0 for a row alone).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from reprisals.core.outfiles import written_whole
from reprisals.linkage import engine
from reprisals.linkage.compare import INDIVIDUAL, ORGANISATION, Record
from reprisals.linkage.names import looks_like_organisation

OPTIONAL = {"country": ("country", "state"), "organisation": ("organisation", "organization", "org"),
            "role": ("role", "roles"), "date": ("date", "year"), "gender": ("gender", "sex"), "kind": ("kind", "type")}
ADDED = ("cluster_id", "score")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
ORG_KINDS = ("org", "ngo", "named org", "association")
INDIVIDUAL_KINDS = ("ind", "person", "named individual")


class CsvError(Exception):
    """A problem with the input file, worded for the person who gave it."""


@dataclass
class LinkedFile:
    rows: int
    clusters: int
    linked_clusters: int


@dataclass
class CsvTable:
    """A CSV file as read: header, rows (blank rows left out), the line each row starts on, the delimiter,
    and Excel's ``sep=`` line when the file had one (written back to the output)."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    delimiter: str
    preamble: str = ""
    bom: bool = False  # the file began with a byte order mark: Excel needs one to read UTF-8 back


DELIMITERS = ",;\t|"
_SEP_LINE = re.compile(r"sep=(.)[ \t]*\r?\n")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decode(path: Path, raw: bytes, encoding: str) -> str:
    if encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig", "utf8") and raw.startswith(_UTF16_BOMS):
        encoding = "utf-16"  # Excel's "Unicode text": its byte order mark says so
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        shown = "UTF-8" if encoding.lower().startswith("utf-8") else encoding
        raise CsvError(f"{path}, line {line}: not valid {shown} text (byte {exc.start}); "
                       "save it as UTF-8 or give its encoding with --encoding, e.g. --encoding cp1252") from exc
    except LookupError as exc:
        raise CsvError(f"unknown encoding {encoding!r}") from exc
    except (UnicodeError, ValueError) as exc:  # a codec that names no byte (punycode, undefined); a NUL in the name
        raise CsvError(f"{path}: cannot be read as {encoding[:40]!r}; save it as UTF-8 or give its encoding with "
                       "--encoding, e.g. --encoding cp1252") from exc
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise CsvError(f"{path}, line {line}: contains a NUL character; the file may be in another encoding "
                       "(give it with --encoding, e.g. --encoding utf-16) or damaged")
    return text


def _parse(text: str, delimiter: str, limit: int | None = None) -> tuple[list[list[str]], list[int]]:
    """Rows that are not blank, and the line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines, line = [], [], 1
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append(row)
            lines.append(line)
            if limit is not None and len(rows) >= limit:
                break
        line = reader.line_num + 1
    return rows, lines


def _normal(header: str) -> str:
    return header.strip().lstrip("\ufeff").strip().lower()


def _delimiter(text: str) -> str:
    """The delimiter that gives a ``name`` column and the most rows as wide as the header (a sample of
    the first rows); the sniffer's guess, or a comma, when none gives a ``name`` column."""
    best, best_score = None, (-1, -1)
    for d in DELIMITERS:
        try:
            sample, _lines = _parse(text, d, limit=200)
        except csv.Error:
            continue
        if not sample or "name" not in [_normal(h) for h in sample[0]]:
            continue
        width = len(sample[0])
        fitting = sum(1 for r in sample[1:] if len(_trimmed(r, width)) == width)
        if (fitting, width) > best_score:
            best, best_score = d, (fitting, width)
    if best is not None:
        return best
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _trimmed(row: list[str], width: int) -> list[str]:
    """A row without the empty cells past the header's width (a trailing delimiter, as Excel writes)."""
    while len(row) > width and not row[-1].strip():
        row = row[:-1]
    return row


def _check_quotes_closed(path: Path, text: str, delimiter: str, lines: list[int]) -> None:
    """A quoted cell left open would swallow the rest of the file into one cell: refuse it, naming the
    line it starts on. (Other quoting slips, such as ``"abc" def``, are read as the cell they mean.)"""
    try:
        for _row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc) and lines:
            raise CsvError(f"{path}, line {lines[-1]}: a quoted cell is not closed (a '\"' is missing), so the "
                           "rest of the file would be read as one cell") from exc


def read_table(path: Path, encoding: str = "utf-8-sig") -> CsvTable:
    """The table in a CSV file; ``CsvError`` naming the file (and the line) for one that cannot be used."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError as exc:
        raise CsvError(f"{path}: is a directory, not a CSV file") from exc
    except OSError as exc:
        raise CsvError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not raw.strip():
        raise CsvError(f"{path}: the file is empty")
    text = _decode(path, raw, encoding)
    preamble, first_line = "", 1
    if m := _SEP_LINE.match(text.lstrip("\ufeff")):  # Excel's "sep=;" line names the delimiter
        preamble = m.group(0).rstrip("\r\n")
        text = text.lstrip("\ufeff")[m.end():]
        first_line = 2
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long narrative in one cell is not an error
    try:
        delimiter = m.group(1) if m else _delimiter(text)
        rows, lines = _parse(text, delimiter)
        _check_quotes_closed(path, text, delimiter, lines)
    except csv.Error as exc:
        raise CsvError(f"{path}: not a readable CSV file ({exc})") from exc
    finally:
        csv.field_size_limit(limit)
    if not rows:
        raise CsvError(f"{path}: the file is empty")
    lines = [n + first_line - 1 for n in lines]
    header = rows[0]
    body = []
    for row, line in zip(rows[1:], lines[1:], strict=True):
        row = _trimmed(row, len(header))
        if len(row) > len(header):
            raise CsvError(f"{path}, line {line}: {len(row)} cells, but the header has {len(header)} columns; "
                           f"quote the cells that contain the delimiter {delimiter!r}")
        body.append(row)
    return CsvTable(header, body, lines[1:], delimiter, preamble, bom=raw.startswith((b"\xef\xbb\xbf", *_UTF16_BOMS)))


def read(path: Path, encoding: str = "utf-8-sig") -> tuple[list[str], list[list[str]], str]:
    """Header, rows and delimiter of a CSV file; ``CsvError`` for an unreadable one."""
    table = read_table(path, encoding)
    return table.header, table.rows, table.delimiter


def _columns(header: list[str], path: Path) -> dict[str, int]:
    lowered = [_normal(h) for h in header]
    if "name" not in lowered:
        found = ", ".join(h for h in header if h.strip()) or "none"
        raise CsvError(f"{path}: no 'name' column (columns found: {found})")
    for taken in ADDED:
        if taken in lowered:
            raise CsvError(f"{path}: already has a '{taken}' column; rename it first")
    used = ["name", *(alias for aliases in OPTIONAL.values() for alias in aliases)]
    for alias in used:
        where = [str(k + 1) for k, h in enumerate(lowered) if h == alias]
        if len(where) > 1:
            raise CsvError(f"{path}: {len(where)} columns are named '{alias}' (columns {', '.join(where)}); "
                           "rename all but one")
    cols = {"name": lowered.index("name")}
    for field, aliases in OPTIONAL.items():
        for alias in aliases:
            if alias in lowered:
                cols[field] = lowered.index(alias)
                break
    return cols


def to_records(header: list[str], body: list[list[str]], path: Path) -> list[Record]:
    cols = _columns(header, path)

    def cell(row: list[str], field: str) -> str:
        k = cols.get(field)
        return row[k].strip() if k is not None and k < len(row) else ""

    latest_year = dt.date.today().year + 1  # a year after that is a typo ("2104"), not a report's date
    records = []
    for n, row in enumerate(body):
        name = cell(row, "name")
        kind = cell(row, "kind").lower()
        if kind.startswith(ORG_KINDS):
            is_org = True
        elif kind.startswith(INDIVIDUAL_KINDS):
            is_org = False
        else:  # empty, or a "type" column about something else ("detention"): guess from the name
            is_org = looks_like_organisation(name)
        year = next((y for y in map(int, _YEAR.findall(cell(row, "date"))) if y <= latest_year), None)
        roles = frozenset(r.strip().lower() for r in re.split(r"[;|,]", cell(row, "role")) if r.strip())
        org = cell(row, "organisation")
        records.append(Record(
            id=n, names=(name,) if name else (), kind=ORGANISATION if is_org else INDIVIDUAL,
            country=cell(row, "country").upper(), gender=cell(row, "gender").lower(), roles=roles,
            organisations=(org,) if org else (), years=(year,) if year else (),
        ))
    return records


def _check_output(src: Path, out: Path) -> None:
    """Refuse, before any work, an output that would overwrite the input or cannot be written."""
    if out.exists() and (out.is_dir() or src.exists() and out.samefile(src)):
        what = "is a directory" if out.is_dir() else "is the input file"
        raise CsvError(f"{out}: {what}; give --out another file")
    if out.exists() and not out.is_file():  # the finished file replaces the output: never a device or a pipe
        raise CsvError(f"{out}: is not a regular file; give --out a file")
    if not out.parent.is_dir():
        raise CsvError(f"{out}: cannot be written (no directory {out.parent})")


def link_file(src: Path, out: Path, *, threshold: float = engine.ACCEPT, encoding: str = "utf-8-sig",
              workers: int = 1) -> LinkedFile:
    table = read_table(src, encoding)
    _check_output(src, out)
    header, body = table.header, table.rows
    records = to_records(header, body, src)
    result = engine.link(records, threshold=threshold, workers=workers)
    sizes: dict[int, int] = {}
    for c in result.cluster_ids:
        sizes[c] = sizes.get(c, 0) + 1
    # Nothing half-written: rows go to a temporary file beside the output, which replaces the output
    # only when complete (``written_whole``).
    try:
        with written_whole(out, encoding="utf-8-sig" if table.bom else "utf-8") as fh:
            if table.preamble:
                fh.write(table.preamble + "\r\n")
            # a file of one column has no delimiter of its own to keep: write the usual comma
            writer = csv.writer(fh, delimiter=table.delimiter if len(header) > 1 else ",")
            writer.writerow([*header, *ADDED])
            for row, cluster, score in zip(body, result.cluster_ids, result.scores, strict=True):
                padded = row + [""] * (len(header) - len(row))
                writer.writerow([*padded, cluster + 1, f"{score:.3f}"])
    except OSError as exc:
        raise CsvError(f"{out}: cannot be written ({exc.strerror or exc})") from exc
    return LinkedFile(len(body), len(sizes), sum(1 for s in sizes.values() if s > 1))
