"""Load the dated reference CSVs in ``reference/data`` into the database.

Contract of :func:`load_reference_data`:

* reads ``countries.csv``, ``un_bodies.csv``, ``entities.csv`` and ``vocabularies.csv`` (UTF-8, comma-delimited,
  exact header row) with the ``csv`` module only;
* validates every row of every file *before* writing anything; the first problem raises
  :class:`ReferenceDataError`, whose message names the file, the line number (the header is line 1) and the field;
* then upserts everything inside one ``transaction.atomic()``: keyed on ``iso3`` (countries), ``code`` (UN bodies,
  entities) and ``(vocabulary, code)`` (terms). UN body parents are resolved after all bodies exist;
* is idempotent: a second run changes no value and creates no row. Rows that are not in the files (added in the
  admin) are left alone, and so is ``is_active``, which only the admin changes;
* returns the number of rows read per model: ``{"countries": ..., "un_bodies": ..., "entities": ..., "terms": ...}``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from .models import Country, Entity, EntityKind, RegionalGroup, Term, UNBody, UNBodyKind, UNStatus, Vocabulary

DATA_DIR = Path(__file__).resolve().parent / "data"

Row = dict[str, str]

HEADERS: dict[str, list[str]] = {
    "countries.csv": "iso3,iso2,m49,name,un_status,regional_group,m49_region,m49_subregion".split(","),
    "un_bodies.csv": ["code", "name", "kind", "parent_code"],
    "entities.csv": ["code", "name", "kind", "un_body_code"],
    "vocabularies.csv": ["vocabulary", "code", "label", "group", "sort_order"],
}

BODY_CODE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")  # uppercase ASCII words joined by hyphens
TERM_CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")  # snake_case ASCII


class ReferenceDataError(ValueError):
    """A reference CSV is malformed; the message reads ``<file>, line <n>, field '<field>': <problem>``."""

    def __init__(self, file: str, line: int, field: str, problem: str) -> None:
        self.file, self.line, self.field, self.problem = file, line, field, problem
        super().__init__(f"{file}, line {line}, field '{field}': {problem}")


def _text(path: Path, name: str) -> str:
    """The text of a reference file, read whole (they are small): refused naming its line and the first byte that is
    not UTF-8 (a spreadsheet saved in a legacy encoding, binary junk), or why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReferenceDataError(name, 0, "-", f"cannot be read ({exc.strerror or exc})") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ReferenceDataError(name, line, "-", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
                                 ) from exc


def _rows(data_dir: Path, name: str) -> Iterator[tuple[int, Row]]:
    """Yield ``(line number, stripped row)`` for each data row, after checking the header row."""
    path = data_dir / name
    if not path.is_file():
        raise ReferenceDataError(name, 0, "-", f"file not found in {data_dir}")
    reader = csv.reader(io.StringIO(_text(path, name), newline=""))
    header = next(reader, [])
    if header != HEADERS[name]:
        raise ReferenceDataError(name, 1, "header", f"expected columns {HEADERS[name]}, found {header}")
    for values in reader:
        if not any(v.strip() for v in values):
            continue  # blank lines are allowed
        if len(values) != len(header):
            raise ReferenceDataError(
                name, reader.line_num, "-", f"expected {len(header)} values, found {len(values)}"
            )
        yield reader.line_num, {key: value.strip() for key, value in zip(header, values, strict=True)}


class _Checker:
    """Small helpers that raise :class:`ReferenceDataError` for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.seen: dict[str, dict[object, int]] = {}

    def fail(self, line: int, field: str, problem: str) -> None:
        raise ReferenceDataError(self.file, line, field, problem)

    def text(self, line: int, row: Row, field: str, max_length: int, required: bool = True) -> str:
        value = row[field]
        if required and not value:
            self.fail(line, field, "must not be empty")
        if len(value) > max_length:
            self.fail(line, field, f"longer than {max_length} characters")
        return value

    def choice(self, line: int, row: Row, field: str, choices: list[str]) -> str:
        if row[field] not in choices:
            self.fail(line, field, f"unknown value {row[field]!r}; expected one of {', '.join(choices)}")
        return row[field]

    def pattern(self, line: int, row: Row, field: str, regex: re.Pattern[str], max_length: int) -> str:
        value = self.text(line, row, field, max_length)
        if not regex.match(value):
            self.fail(line, field, f"{value!r} does not match {regex.pattern}")
        return value

    def unique(self, line: int, field: str, key: object) -> None:
        seen = self.seen.setdefault(field, {})
        if key in seen:
            self.fail(line, field, f"duplicate value {key!r} (first on line {seen[key]})")
        seen[key] = line


def _read_countries(data_dir: Path) -> list[Row]:
    check, rows = _Checker("countries.csv"), []
    for line, row in _rows(data_dir, check.file):
        for field, regex in (("iso3", r"^[A-Z]{3}$"), ("iso2", r"^[A-Z]{2}$"), ("m49", r"^[0-9]{3}$")):
            check.unique(line, field, check.pattern(line, row, field, re.compile(regex), 3))
        check.text(line, row, "name", 200)
        status = check.choice(line, row, "un_status", UNStatus.values)
        group = check.choice(line, row, "regional_group", RegionalGroup.values)
        if status == UNStatus.MEMBER and group == RegionalGroup.NONE:
            check.fail(line, "regional_group", "a Member State must have a regional group")
        if status != UNStatus.MEMBER and group != RegionalGroup.NONE:
            check.fail(line, "regional_group", f"a {status} has no regional group (use NONE)")
        check.text(line, row, "m49_region", 100, required=False)
        check.text(line, row, "m49_subregion", 100, required=False)
        rows.append(row)
    return rows


def _read_bodies(data_dir: Path) -> list[Row]:
    check, rows, lines = _Checker("un_bodies.csv"), [], {}
    for line, row in _rows(data_dir, check.file):
        check.unique(line, "code", check.pattern(line, row, "code", BODY_CODE, 40))
        check.text(line, row, "name", 300)
        check.choice(line, row, "kind", UNBodyKind.values)
        rows.append(row)
        lines[row["code"]] = line
    parents = {row["code"]: row["parent_code"] for row in rows}
    for row in rows:
        if row["parent_code"] and row["parent_code"] not in parents:
            check.fail(lines[row["code"]], "parent_code", f"unknown UN body code {row['parent_code']!r}")
    for row in rows:
        code, line = row["code"], lines[row["code"]]
        chain = {code}
        while parents[code]:
            code = parents[code]
            if code in chain:
                check.fail(line, "parent_code", f"parent chain of {row['code']!r} loops back to {code!r}")
            chain.add(code)
    return rows


def _read_entities(data_dir: Path, body_codes: set[str]) -> list[Row]:
    check, rows = _Checker("entities.csv"), []
    for line, row in _rows(data_dir, check.file):
        check.unique(line, "code", check.pattern(line, row, "code", BODY_CODE, 40))
        check.text(line, row, "name", 300)
        check.choice(line, row, "kind", EntityKind.values)
        if row["un_body_code"] and row["un_body_code"] not in body_codes:
            check.fail(line, "un_body_code", f"unknown UN body code {row['un_body_code']!r}")
        rows.append(row)
    return rows


def _read_terms(data_dir: Path) -> list[Row]:
    check, rows = _Checker("vocabularies.csv"), []
    for line, row in _rows(data_dir, check.file):
        vocabulary = check.choice(line, row, "vocabulary", Vocabulary.values)
        check.unique(line, "code", (vocabulary, check.pattern(line, row, "code", TERM_CODE, 60)))
        check.text(line, row, "label", 200)
        check.text(line, row, "group", 200, required=False)
        if not row["sort_order"].isdigit():
            check.fail(line, "sort_order", f"{row['sort_order']!r} is not a non-negative integer")
        rows.append(row)
    return rows


def load_reference_data(data_dir: Path | None = None) -> dict[str, int]:
    """Validate the four reference CSVs in ``data_dir`` (default: the package's ``data`` folder), then upsert them.

    Raises :class:`ReferenceDataError` (nothing is written) if any row is invalid. Returns rows read per model.
    """
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    countries = _read_countries(data_dir)
    bodies = _read_bodies(data_dir)
    entities = _read_entities(data_dir, {row["code"] for row in bodies})
    terms = _read_terms(data_dir)

    with transaction.atomic():
        for row in countries:
            Country.objects.update_or_create(iso3=row["iso3"], defaults={k: v for k, v in row.items() if k != "iso3"})
        by_code = {
            row["code"]: UNBody.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"], "kind": row["kind"]}
            )[0]
            for row in bodies
        }
        for row in bodies:
            body, parent = by_code[row["code"]], by_code.get(row["parent_code"])
            if body.parent_id != (parent.pk if parent else None):
                body.parent = parent
                body.save(update_fields=["parent"])
        for row in entities:
            Entity.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "kind": row["kind"], "un_body": by_code.get(row["un_body_code"])},
            )
        for row in terms:
            Term.objects.update_or_create(
                vocabulary=row["vocabulary"],
                code=row["code"],
                defaults={"label": row["label"], "group": row["group"], "sort_order": int(row["sort_order"])},
            )
    return {"countries": len(countries), "un_bodies": len(bodies), "entities": len(entities), "terms": len(terms)}
