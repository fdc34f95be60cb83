"""Bulk import: validate every row of a file first, then import all of it in one transaction, or nothing.

The file is read twice, streaming both times (``opener`` returns a fresh binary stream): the first pass
checks every row and reports every problem; the second, only when there was none, inserts the rows in
chunks with ``bulk_create``. Rows whose sender's reference the entity already used are skipped, so
importing the same file again creates no duplicate. One audit entry records the whole import with its
counts. Rows are checked by ``rows.check`` (the same limits as the models), not by ``full_clean`` per row:
a million ``full_clean`` calls, each with its own uniqueness queries, would dominate the import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import IO, Any

from django.db import connection, transaction
from django.db.models import DateField, DateTimeField, Field, JSONField, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap
from reprisals.cases.models import Allegation
from reprisals.core.audit import audit_record
from reprisals.core.fields import EncryptedMixin
from reprisals.core.services import require
from reprisals.intake import formats, uwazi
from reprisals.intake.formats import Record
from reprisals.intake.models import ImportBatch, Submission, SubmissionChannel
from reprisals.intake.parsers import FileProblem
from reprisals.intake.rows import Vocab
from reprisals.intake.services import ReferenceAllocator, pair_values, term_labels, vocab_load
from reprisals.reference.models import Country, Entity, UNBody

Opener = Callable[[], IO[bytes]]
CHUNK = 5000
KEEP_ERRORS = 1000


@dataclass
class ImportReport:
    rows_read: int = 0
    error_count: int = 0
    errors: list[str] = field(default_factory=list)  # the first KEEP_ERRORS, formatted
    preview: list[Record] = field(default_factory=list)
    created: int = 0
    skipped: int = 0
    batch_id: int | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def file_sha256(opener: Opener) -> str:
    digest = hashlib.sha256()
    with closing(opener()) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stream(opener: Opener, fmt: str, *, vocab: Vocab, source: str | None, encoding: str | None,
            delimiter: str | None, today: dt.date) -> tuple[Any, Iterator[Record], str]:
    fh = opener()
    try:
        table, records = formats.records(fh, fmt, encoding=encoding, delimiter=delimiter, vocab=vocab)
    except (FileProblem, LookupError):
        fh.close()
        raise
    return fh, formats.validated(records, vocab, today=today, source=source), table.unit


def _check_encoding(encoding: str) -> None:
    """Refuse, naming the field, an encoding Python does not know, or one that reads no text: a codec from bytes
    to bytes (``hex``, ``rot13``, ``zlib``) or one that refuses every byte (``undefined``). A byte that the
    encoding cannot read is not refused here: the parser names its line."""
    try:
        b"a".decode(encoding)
    except UnicodeDecodeError:
        pass  # an encoding of several bytes a character (UTF-16): the file's lines will say
    except (LookupError, ValueError) as exc:  # ValueError: a NUL in the name; UnicodeError: decodes nothing
        raise FileProblem(_("unknown encoding %(e)s") % {"e": encoding}, field="encoding") from exc


def import_validate(opener: Opener, fmt: str, *, source: str | None = None, encoding: str | None = None,
                    delimiter: str | None = None, on_error: Callable[[str], None] | None = None,
                    preview_rows: int = 0, vocab: Vocab | None = None) -> ImportReport:
    """Check every row; ``on_error`` gets each problem as it is found (the CLI prints them at once)."""
    vocab = vocab or vocab_load()
    report = ImportReport()
    if fmt == "uwazi-csv":
        wrong = uwazi.mapping_problems(uwazi.load_mapping(), vocab)
        if wrong:
            raise FileProblem(_("the Uwazi mapping table names codes the register does not know: %(codes)s")
                              % {"codes": ", ".join(wrong[:10])})
    if source and source not in vocab.entities:
        raise FileProblem(_("unknown entity code %(code)s") % {"code": source}, field="source")
    if encoding:
        _check_encoding(encoding)
    fh, stream, unit = _stream(opener, fmt, vocab=vocab, source=source, encoding=encoding, delimiter=delimiter,
                               today=timezone.now().date())
    with closing(fh):
        for record in stream:
            report.rows_read += 1
            if len(report.preview) < preview_rows:
                report.preview.append(record)
            if record.errors:
                report.error_count += 1
                for line in formats.error_lines(record, unit):
                    if on_error:
                        on_error(line)
                    if len(report.errors) < KEEP_ERRORS:
                        report.errors.append(line)
    if report.rows_read == 0:
        raise FileProblem(_("the file has a header but no rows"), line=2, field="rows")
    return report


def _chunks(stream: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while True:
        chunk = list(islice(stream, size))
        if not chunk:
            return
        yield chunk


def import_run(*, actor: Any, opener: Opener, fmt: str, file_name: str, source: str | None = None,
               encoding: str | None = None, delimiter: str | None = None, dry_run: bool = False,
               chunk_size: int = CHUNK, on_error: Callable[[str], None] | None = None) -> ImportReport:
    """Validate, then (unless ``dry_run`` or any row is bad) import the whole file in one transaction.

    ``actor`` None is the system (the CLI); a user needs ``import.run``. Raises ``FileProblem`` when the
    file cannot be read at all.
    """
    if actor is not None:
        require(actor, Cap.IMPORT)
    vocab = vocab_load()
    digest = file_sha256(opener)
    report = import_validate(opener, fmt, source=source, encoding=encoding, delimiter=delimiter,
                             on_error=on_error, vocab=vocab)
    report.dry_run = dry_run
    if dry_run or not report.ok:
        return report
    with transaction.atomic():
        _insert(actor, opener, fmt, file_name, source, encoding, delimiter, chunk_size, vocab, report, digest)
    return report


class _Rows:
    """Insert many rows of one model with ``executemany``, each value prepared by its own field
    (``get_db_prep_save``: encryption, JSON and dates exactly as the ORM stores them), without building
    model instances. SQLite's 999-parameter limit makes ``bulk_create`` send ~30 rows per statement."""

    def __init__(self, model: type[Model], *, with_id: bool) -> None:
        fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.names = [f.attname for f in fields]
        self.prepare = [self._converter(f) for f in fields]
        quote = connection.ops.quote_name
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields)))
        self.pending: list[tuple[Any, ...]] = []

    @staticmethod
    def _converter(field: Field) -> Callable[[Any], Any] | None:
        if isinstance(field, DateTimeField | DateField):  # the same few values on every row of an import
            return lru_cache(maxsize=16)(lambda value: field.get_db_prep_save(value, connection))
        if isinstance(field, EncryptedMixin | JSONField):
            return lambda value: field.get_db_prep_save(value, connection)
        return None

    def add(self, values: dict[str, Any]) -> None:
        self.pending.append(tuple(value if prep is None or value is None else prep(value)
                                  for prep, value in zip(self.prepare, (values[n] for n in self.names),
                                                         strict=True)))

    def flush(self, cursor: Any) -> None:
        if self.pending:
            cursor.executemany(self.sql, self.pending)
            self.pending = []


def reserve_ids(model: type[Model], count: int) -> Iterator[int]:
    """``count`` primary keys for ``model`` that no other writer will take: from the sequence on
    PostgreSQL; on SQLite the write transaction already holds the database lock."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, count])
            return iter([row[0] for row in cursor.fetchall()])
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")
        highest = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
        return iter(range(highest + 1, highest + 1 + count))


def _insert(actor: Any, opener: Opener, fmt: str, file_name: str, source: str | None, encoding: str | None,
            delimiter: str | None, chunk_size: int, vocab: Vocab, report: ImportReport, digest: str) -> None:
    now = timezone.now()
    entities = dict(Entity.objects.values_list("code", "pk"))
    countries = dict(Country.objects.values_list("iso3", "pk"))
    bodies = dict(UNBody.objects.values_list("code", "pk"))
    labels = term_labels()
    user_id = actor.pk if actor is not None else None
    batch = ImportBatch.objects.create(
        format=fmt, file_name=file_name[:200], file_sha256=digest,
        entity_id=entities.get(source) if source else None, imported_by_id=user_id)
    references = ReferenceAllocator(now.year)
    allegations, submissions = _Rows(Allegation, with_id=True), _Rows(Submission, with_id=False)
    fh, stream, _unit = _stream(opener, fmt, vocab=vocab, source=source, encoding=encoding, delimiter=delimiter,
                                today=now.date())
    with closing(fh), connection.cursor() as cursor:
        for chunk in _chunks(stream, chunk_size):
            if any(r.errors or r.data is None for r in chunk):
                raise FileProblem(_("the file changed while it was being imported; nothing was imported"))
            present = _already_present(chunk, entities)
            fresh = [r for r in chunk if (entities[r.data.source_entity], r.data.sender_reference) not in present]
            report.skipped += len(chunk) - len(fresh)
            ids = reserve_ids(Allegation, len(fresh)) if fresh else iter(())
            references.reserve(len(fresh))
            for record in fresh:
                data = record.data
                assert data is not None
                allegation, submission = pair_values(
                    data, channel=SubmissionChannel.IMPORT, entity_id=entities[data.source_entity],
                    country_id=countries[data.country], un_body_id=bodies[data.un_body] if data.un_body else None,
                    user_id=user_id, now=now, reference=references.next(), labels=labels, batch_id=batch.pk,
                    file_name=file_name[:200], row_number=record.line,
                )
                allegation["id"] = submission["allegation_id"] = next(ids)
                allegations.add(allegation)
                submissions.add(submission)
            allegations.flush(cursor)
            submissions.flush(cursor)
            report.created += len(fresh)
    if file_sha256(opener) != digest:
        raise FileProblem(_("the file changed while it was being imported; nothing was imported"))
    batch.rows_read, batch.rows_created, batch.rows_skipped = report.rows_read, report.created, report.skipped
    batch.save(update_fields=["rows_read", "rows_created", "rows_skipped"])
    report.batch_id = batch.pk
    audit_record(actor=actor, action="import.run", obj=batch, payload={
        "format": fmt, "entity": source or "", "rows": report.rows_read, "created": report.created,
        "skipped": report.skipped, "sha256": batch.file_sha256})


def _already_present(chunk: list[Record], entities: dict[str, int]) -> set[tuple[int, str]]:
    """(entity id, reference) pairs of this chunk that are already in the register."""
    wanted: dict[int, list[str]] = {}
    for record in chunk:
        assert record.data is not None
        wanted.setdefault(entities[record.data.source_entity], []).append(record.data.sender_reference)
    present: set[tuple[int, str]] = set()
    for entity_id, refs in wanted.items():
        rows = Allegation.objects.filter(source_entity_id=entity_id, source_reference__in=refs).values_list(
            "source_reference", flat=True)
        present.update((entity_id, ref) for ref in rows)
    return present
