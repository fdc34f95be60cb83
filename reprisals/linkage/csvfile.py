"""Linking the rows of any CSV file (``reprisals link file``): no database, no Django.

The file needs a ``name`` column; ``country``, ``organisation`` (or ``organization``), ``role``, ``date``,
and ``gender`` and ``kind`` (``individual`` / ``organisation``) are used when present. Column names are
matched case-insensitively. The output is the input, column for column, plus ``cluster_id`` (rows with
one id are taken for one person or organisation) and ``score`` (the probability of the strongest link
that put the row in its cluster; 0 for a row alone).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from reprisals.linkage import engine
from reprisals.linkage.compare import INDIVIDUAL, ORGANISATION, Record
from reprisals.linkage.names import looks_like_organisation

OPTIONAL = {"country": ("country", "state"), "organisation": ("organisation", "organization", "org"),
            "role": ("role", "roles"), "date": ("date", "year"), "gender": ("gender", "sex"), "kind": ("kind", "type")}
ADDED = ("cluster_id", "score")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


class CsvError(Exception):
    """A problem with the input file, worded for the person who gave it."""


@dataclass
class LinkedFile:
    rows: int
    clusters: int
    linked_clusters: int


def read(path: Path, encoding: str = "utf-8-sig") -> tuple[list[str], list[list[str]], str]:
    """Header, rows and delimiter of a CSV file; ``CsvError`` for an unreadable one."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CsvError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not raw.strip():
        raise CsvError(f"{path}: the file is empty")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CsvError(f"{path}: not valid {encoding} text (byte {exc.start}); "
                       "save it as UTF-8 or give its encoding with --encoding, e.g. --encoding cp1252") from exc
    except LookupError as exc:
        raise CsvError(f"unknown encoding {encoding!r}") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CsvError(f"{path}: not a readable CSV file ({exc})") from exc
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise CsvError(f"{path}: the file is empty")
    header, body = rows[0], rows[1:]
    return header, body, delimiter


def _columns(header: list[str], path: Path) -> dict[str, int]:
    lowered = [h.strip().lower().lstrip("\ufeff") for h in header]
    if "name" not in lowered:
        found = ", ".join(h for h in header if h.strip()) or "none"
        raise CsvError(f"{path}: no 'name' column (columns found: {found})")
    for taken in ADDED:
        if taken in lowered:
            raise CsvError(f"{path}: already has a '{taken}' column; rename it first")
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

    records = []
    for n, row in enumerate(body):
        name = cell(row, "name")
        kind = cell(row, "kind").lower()
        is_org = kind.startswith("org") if kind else looks_like_organisation(name)
        year = _YEAR.search(cell(row, "date"))
        roles = frozenset(r.strip().lower() for r in re.split(r"[;|,]", cell(row, "role")) if r.strip())
        org = cell(row, "organisation")
        records.append(Record(
            id=n, names=(name,) if name else (), kind=ORGANISATION if is_org else INDIVIDUAL,
            country=cell(row, "country").upper(), gender=cell(row, "gender").lower(), roles=roles,
            organisations=(org,) if org else (), years=(int(year.group(1)),) if year else (),
        ))
    return records


def link_file(src: Path, out: Path, *, threshold: float = engine.ACCEPT, encoding: str = "utf-8-sig",
              workers: int = 1) -> LinkedFile:
    header, body, delimiter = read(src, encoding)
    records = to_records(header, body, src)
    result = engine.link(records, threshold=threshold, workers=workers)
    sizes: dict[int, int] = {}
    for c in result.cluster_ids:
        sizes[c] = sizes.get(c, 0) + 1
    tmp = out.with_name(out.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow([*header, *ADDED])
        for row, cluster, score in zip(body, result.cluster_ids, result.scores, strict=True):
            padded = row + [""] * (len(header) - len(row))
            writer.writerow([*padded, cluster + 1, f"{score:.3f}"])
    tmp.replace(out)  # nothing half-written: the output appears whole or not at all
    return LinkedFile(len(body), len(sizes), sum(1 for s in sizes.values() if s > 1))
