"""Streaming readers for CSV, XLSX and JSON files: pure, no database, memory flat whatever the size.

Each reader yields ``RawRow``s (where the row is, its cells or object, and any problem met reading it)
and raises ``FileProblem`` for what makes the whole file unreadable (no header, not a workbook, broken
JSON). Decisions, documented in docs/intake.md:

* CSV is read as bytes, one physical line at a time (``readline`` with a length cap), and decoded as
  strict UTF-8 (a byte-order mark is ignored). A line with bytes that are not UTF-8 is reported with its
  line number and the offending byte, and the import stops; ``encoding="latin-1"`` (``--encoding``)
  reads such files on purpose. A codec that refuses a line without naming a byte (punycode, idna) is
  reported the same way, naming the encoding. UTF-16 files are refused with a clear message.
* The delimiter is found from the header line: comma, semicolon or tab, whichever occurs most (or given).
  Quoted fields may contain newlines; a row is reported at the line where it starts.
* XLSX is read with openpyxl in read-only mode; formulas are read as their text (never evaluated).
  Before openpyxl opens it, the archive itself is checked (``check_xlsx_archive``): at most
  ``XLSX_MAX_MEMBERS`` files, ``XLSX_MAX_UNPACKED`` bytes once unpacked, and no member above
  ``XLSX_RATIO_FROM`` bytes compressed more than ``XLSX_MAX_RATIO`` to 1 (a "zip bomb"). A cell longer
  than ``XLSX_MAX_CELL`` characters is cut there (the row check then refuses it as too long).
* JSON is either an array of objects, streamed with ijson, or JSON Lines (one object per line), read
  line by line. An array's rows are numbered by item, JSON Lines by line.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from reprisals.intake.rows import MAX_TEXT, FieldError, visible

MAX_LINE_BYTES = 1_000_000
csv.field_size_limit(MAX_LINE_BYTES)

# An XLSX is a zip archive: what it holds once unpacked is bounded before openpyxl reads any of it. Python's
# zipfile never yields more than a member's declared size (and checks its CRC), so the declared sizes are
# what is checked. Real workbooks compress about 5-20 to 1; 256 MB unpacked is well over a 20 MB upload's
# worth of rows (larger tables: CSV or JSON, which are read line by line).
XLSX_MAX_UNPACKED = 256 * 1024 * 1024
XLSX_MAX_MEMBERS = 1_000
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM = 1024 * 1024
XLSX_MAX_CELL = MAX_TEXT + 1  # the longest field is MAX_TEXT: one more character is enough to refuse it
# A row's object holds texts and lists of texts (two levels); far deeper nesting is refused as the row's error
# before it is built, so that a small file cannot make the parsers recurse or build paths as long as its depth.
JSON_MAX_DEPTH = 32


class FileProblem(Exception):
    """The file cannot be read as a table at all; ``line`` is 0 when no line is to blame."""

    def __init__(self, message: str, *, line: int = 0, field: str = "file") -> None:
        self.message, self.line, self.field = visible(str(message)), line, field
        super().__init__(message)


@dataclass
class RawRow:
    line: int
    cells: list[Any] | dict[str, Any]
    problems: list[FieldError] = field(default_factory=list)


class Table:
    """A header and an iterator of rows; ``unit`` says how rows are numbered ("line" or "item")."""

    unit = "line"

    def __init__(self, header: list[str], rows: Iterator[RawRow], unit: str = "line") -> None:
        self.header, self.rows, self.unit = header, rows, unit


# ---------------------------------------------------------------- CSV


def _physical_lines(fh: IO[bytes], kind: str = "csv") -> Iterator[bytes]:
    number = 0
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            if kind == "jsonl":
                message = _("the line is longer than %(n)d bytes; in JSON Lines each line holds one object (one "
                            "submission) and must be shorter")
            else:
                message = _("a line is longer than %(n)d bytes; is this a CSV file?")
            raise FileProblem(message % {"n": MAX_LINE_BYTES}, line=number, field="line")
        yield raw


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Decoder:
    """Decode physical lines, remembering the line number and any undecodable bytes per line."""

    def __init__(self, fh: IO[bytes], encoding: str | None) -> None:
        self.fh, self.encoding = fh, encoding or "utf-8"
        codecs.lookup(self.encoding)  # LookupError for an unknown encoding, raised before reading
        self.line = 0
        self.bad: dict[int, str] = {}

    def lines(self) -> Iterator[str]:
        for raw in _physical_lines(self.fh):
            self.line += 1
            if self.line == 1:
                if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise FileProblem(_("the file is UTF-16; save it as UTF-8 (CSV UTF-8) and try again"), line=1)
                if b"\x00" in raw:
                    raise FileProblem(_("this is not a CSV text file: its first line holds NUL bytes (a binary "
                                        "file, or UTF-16 text); save the table as CSV UTF-8 and try again"),
                                      line=1, field="header")
                if raw.startswith(codecs.BOM_UTF8):
                    raw = raw[3:]
            try:
                text = raw.decode(self.encoding)
            except UnicodeDecodeError as exc:
                byte = raw[exc.start:exc.start + 1].hex()
                self.bad[self.line] = _(
                    "byte 0x%(byte)s at position %(pos)d is not %(enc)s; save the file as UTF-8, or name its "
                    "encoding (--encoding latin-1)") % {"byte": byte, "pos": exc.start + 1, "enc": self.encoding}
                text = _lenient(raw, self.encoding)
            except UnicodeError:  # a codec such as punycode refuses a line without naming a byte
                self.bad[self.line] = _(
                    "this line cannot be read as %(enc)s; save the file as UTF-8, or name its encoding (--encoding "
                    "latin-1)") % {"enc": self.encoding}
                text = _lenient(raw, self.encoding)
            yield text


def _lenient(raw: bytes, encoding: str) -> str:
    """A line the encoding cannot read, as text with what it cannot read replaced, so that the rest of the file is
    still read and reported; as Latin-1 when the codec takes no error handler but strict (idna)."""
    try:
        return raw.decode(encoding, errors="replace")
    except UnicodeError:
        return raw.decode("latin-1")


def read_csv(fh: IO[bytes], *, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """Open a CSV byte stream: read the header now, the rows lazily."""
    decoder = _Decoder(fh, encoding)
    lines = decoder.lines()
    first = next(lines, None)
    if first is None or not first.strip():
        raise FileProblem(_("the file is empty: the first line must be the header row"), line=1, field="header")
    chosen = delimiter or sniff_delimiter(first)

    def all_lines() -> Iterator[str]:
        yield first
        yield from lines

    reader = csv.reader(all_lines(), delimiter=chosen, strict=False)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise FileProblem(_("the header row cannot be read: %(e)s") % {"e": exc}, line=1, field="header") from exc
    if 1 in decoder.bad:
        raise FileProblem(decoder.bad[1], line=1, field="header")

    def rows() -> Iterator[RawRow]:
        end = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FileProblem(_("this line cannot be read as CSV: %(e)s") % {"e": exc},
                                  line=end + 1, field="line") from exc
            start, end = end + 1, reader.line_num
            problems = [FieldError("encoding", decoder.bad.pop(n)) for n in range(start, end + 1) if n in decoder.bad]
            if not any(v.strip() for v in values) and not problems:
                continue
            yield RawRow(start, values, problems)

    table = Table(header, rows())
    table.delimiter = chosen  # type: ignore[attr-defined]
    return table


# ---------------------------------------------------------------- XLSX


def check_xlsx_archive(fh: IO[bytes]) -> None:
    """Refuse, with ``FileProblem``, a workbook whose archive would unpack to too much (see the limits above);
    ``fh`` is left at its start."""
    import zipfile

    mb = 1024 * 1024
    try:
        members = zipfile.ZipFile(fh).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem(_("this is not an XLSX workbook (%(e)s)") % {"e": type(exc).__name__}) from exc
    finally:
        fh.seek(0)
    if len(members) > XLSX_MAX_MEMBERS:
        raise FileProblem(_("the workbook holds %(n)d files, more than the %(max)d an XLSX file may hold here")
                          % {"n": len(members), "max": XLSX_MAX_MEMBERS})
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > XLSX_RATIO_FROM and member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1):
            raise FileProblem(_("the workbook's part %(part)s unpacks to %(size)d MB from %(packed)d KB, more than "
                                "%(ratio)d times its size: this is not a spreadsheet as Excel or LibreOffice save "
                                "it") % {"part": visible(member.filename[:100]), "size": member.file_size // mb,
                                         "packed": member.compress_size // 1024, "ratio": XLSX_MAX_RATIO})
        if total > XLSX_MAX_UNPACKED:
            raise FileProblem(_("the workbook unpacks to more than %(max)d MB; import a table this large as CSV or "
                                "JSON") % {"max": XLSX_MAX_UNPACKED // mb})


def _cell(value: Any) -> Any:
    return value[:XLSX_MAX_CELL] if isinstance(value, str) and len(value) > XLSX_MAX_CELL else value


def _rows_read(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The rows openpyxl reads from a sheet as it goes: a part of the archive found broken on the way (XML that
    does not parse, a cell openpyxl cannot read) is the file's problem, not a server error."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise FileProblem(_("this is not an XLSX workbook (%(e)s)") % {"e": type(exc).__name__}) from exc
        yield row


def read_xlsx(fh: IO[bytes]) -> Table:
    """Read the first worksheet in read-only mode; formula cells come back as their text."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_archive(fh)
    try:
        book = load_workbook(fh, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileProblem(_("this is not an XLSX workbook (%(e)s)") % {"e": type(exc).__name__}) from exc
    except Exception as exc:  # openpyxl meets a broken part (XML that does not parse, ...) with whatever it raises
        raise FileProblem(_("this is not an XLSX workbook (%(e)s)") % {"e": type(exc).__name__}) from exc
    if not book.worksheets:
        raise FileProblem(_("the workbook has no worksheet"))
    sheet = book.worksheets[0]
    it = _rows_read(sheet.iter_rows(values_only=True))
    header_row = next(it, None)
    if header_row is None or not any(header_row):
        book.close()
        raise FileProblem(_("the first row of the first sheet must be the header row"), line=1, field="header")
    header = [str(_cell(h)).strip() if h is not None else "" for h in header_row]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[RawRow]:
        try:
            for number, values in enumerate(it, start=2):
                cells = [_cell(v) for v in values]
                if not any(v is not None and str(v).strip() for v in cells):
                    continue
                yield RawRow(number, cells)
        finally:
            book.close()

    return Table(header, rows())


# ---------------------------------------------------------------- JSON


def _first_significant_byte(fh: IO[bytes]) -> bytes:
    start = fh.read(4096)
    if start.startswith(codecs.BOM_UTF8):
        start = start[3:]
    stripped = start.lstrip()
    return stripped[:1]


def read_json(fh: IO[bytes]) -> Table:
    """An array of objects (streamed) or JSON Lines; every row is an object of column names."""
    first = _first_significant_byte(fh)
    fh.seek(0)
    if first == b"[":
        return Table([], _json_array(fh), unit="item")
    if first == b"{":
        return Table([], _json_lines(fh), unit="line")
    raise FileProblem(_("JSON files hold an array of objects, or one object per line (JSON Lines)"))


def _too_deep() -> FieldError:
    return FieldError("json", _("nested more than %(n)d levels deep") % {"n": JSON_MAX_DEPTH})


def _json_array(fh: IO[bytes]) -> Iterator[RawRow]:
    """The items of the top-level array, built from the parser's plain events (whose memory does not grow with
    the depth, unlike ``ijson.items``'s paths): an item nested deeper than ``JSON_MAX_DEPTH`` is skipped and
    reported as its row's error."""
    import ijson
    from ijson.common import ObjectBuilder

    number, depth = 0, 0
    builder: ObjectBuilder | None = None
    too_deep = False
    try:
        for event, value in ijson.basic_parse(fh, use_float=True):
            if event in ("start_map", "start_array"):
                depth += 1
                if depth == 1:
                    continue  # the array of items opens
            elif event in ("end_map", "end_array"):
                depth -= 1
                if depth == 0:
                    continue  # the array of items closes
            if depth > JSON_MAX_DEPTH + 1:
                too_deep, builder = True, None
            elif not too_deep:
                builder = builder or ObjectBuilder()
                builder.event(event, value)
            if depth > 1:
                continue  # the item goes on
            number += 1
            if too_deep:
                yield RawRow(number, {}, [_too_deep()])
            elif builder is not None and isinstance(builder.value, dict):
                yield RawRow(number, builder.value)
            else:
                yield RawRow(number, {}, [FieldError("item", _("each item must be an object"))])
            builder, too_deep = None, False
    except (ijson.JSONError, ValueError) as exc:
        raise FileProblem(_("the JSON is broken after item %(n)d: %(e)s") % {"n": number, "e": str(exc)[:200]},
                          line=number + 1, field="json") from exc


def _json_lines(fh: IO[bytes]) -> Iterator[RawRow]:
    for number, raw in enumerate(_physical_lines(fh, "jsonl"), start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            item = json.loads(raw.decode("utf-8"))
        except RecursionError:
            yield RawRow(number, {}, [_too_deep()])
            continue
        except (UnicodeDecodeError, ValueError) as exc:
            yield RawRow(number, {}, [FieldError("json", _("not a JSON object: %(e)s") % {"e": str(exc)[:200]})])
            continue
        if not isinstance(item, dict):
            yield RawRow(number, {}, [FieldError("json", _("each line must be a JSON object"))])
            continue
        yield RawRow(number, item)
