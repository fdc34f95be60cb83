"""Reuse the SQL that the ORM compiles for a read query of a given shape.

Building and compiling a queryset costs around a millisecond of Python on every request: several times
what the database spends on a cheap indexed query (the first page of the case list takes SQLite 0.2 ms).
A hot read path can therefore build its queryset once per *shape* (which filters are set, the reader's
kind of access, the page size) from unmistakable stand-in values (``StandIns``), let Django compile
it, and remember the SQL with the places where each stand-in landed among its parameters. Later
requests of the same shape run that SQL with their own values put in those places.

The ORM stays the one statement of the query: the selector that builds it is the code the ordinary
path runs. The query is built twice, from two different sets of stand-ins, and kept only when both give
the same SQL text and the same parameters everywhere except where a stand-in was put, each found there
exactly as given. A value that the ORM transforms or writes into the SQL text, or that changes the
query's form, fails that test, and the query is then run through the ORM every time: the same rows,
only slower.

The shape must name everything the query builder branches on besides the stand-in values: two requests
with one shape must differ in those values only. The callers' tests compare the rows of both paths.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

# Stand-in numbers are far below any id, year or count a real query carries.
_INT_BASE = -7_340_000_000_000


class StandIns:
    """Unmistakable values to build a query from, by name; ``variant`` gives a second, different set."""

    def __init__(self, variant: int = 0) -> None:
        self.variant = variant
        self.expected: dict[str, Any] = {}  # name -> the value to look for among the compiled parameters

    def int(self, name: str) -> int:
        value = _INT_BASE - 1000 * self.variant - len(self.expected)
        self.expected[name] = value
        return value

    def text(self, name: str) -> str:
        value = f"\x1fstand-in:{self.variant}:{len(self.expected)}\x1f"
        self.expected[name] = value
        return value

    def word(self, name: str, becomes: Callable[[str], Any]) -> str:
        """A lowercase ASCII word for a value that the query builder turns into its parameter with
        ``becomes`` (a search term into a match expression): the caller passes ``becomes(real value)``."""
        word = f"qqstandin{self.variant}x{len(self.expected)}qq"
        self.expected[name] = becomes(word)
        return word


@dataclass(frozen=True)
class PreparedQuery:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, str], ...]  # (index among the parameters, stand-in name)
    expressions: tuple[Any, ...]  # the selected columns, for the database's converters
    alias: str

    def rows(self, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        params = list(self.params)
        for index, name in self.slots:
            params[index] = values[name]
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        return converted_rows(rows, self.expressions, connection)


def converted_rows(rows: list[tuple[Any, ...]], expressions: Sequence[Any], connection: Any) -> list[tuple[Any, ...]]:
    """What ``values_list`` would have returned: each column through the database's and the field's
    converters (SQLite hands back datetimes as text, for instance)."""
    converters = []
    for position, expression in enumerate(expressions):
        found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        if found:
            converters.append((position, found, expression))
    if not converters:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for position, found, expression in converters:
            value = values[position]
            for convert in found:
                value = convert(value, expression, connection)
            values[position] = value
        out.append(tuple(values))
    return out


def _compiled(queryset: QuerySet) -> tuple[str, tuple[Any, ...], tuple[Any, ...]] | None:
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # ``.none()``: nothing to run
        return None
    return sql, tuple(params), tuple(column[0] for column in compiler.select[: compiler.col_count])


def prepare(build: Callable[[StandIns], QuerySet]) -> PreparedQuery | None:
    """Compile the ``values_list`` queryset that ``build`` makes from stand-ins, twice from different
    stand-ins; None unless the two differ only where the stand-ins were put (see the module's note)."""
    first, second = StandIns(0), StandIns(1)
    queryset = build(first)
    a, b = _compiled(queryset), _compiled(build(second))
    if a is None or b is None or a[0] != b[0] or len(a[1]) != len(b[1]):
        return None
    sql, params, expressions = a
    names_first = {(type(v), v): name for name, v in first.expected.items()}
    names_second = {(type(v), v): name for name, v in second.expected.items()}
    slots = []
    for index, (x, y) in enumerate(zip(params, b[1], strict=True)):
        if type(x) is type(y) and x == y:
            continue
        try:
            name = names_first.get((type(x), x))
            if name is None or names_second.get((type(y), y)) != name:
                return None
        except TypeError:  # an unhashable parameter that differs: not a stand-in
            return None
        slots.append((index, name))
    if any(str(v) in sql for v in first.expected.values()):
        return None
    return PreparedQuery(sql, params, tuple(slots), expressions, queryset.db)


class PreparedQueries:
    """A bounded cache of prepared queries by shape, safe to share between threads."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._cache: OrderedDict[Hashable, PreparedQuery | None] = OrderedDict()
        self._lock = threading.Lock()

    def rows(self, shape: Hashable, build: Callable[[StandIns], QuerySet], values: dict[str, Any],
             ordinary: Callable[[], QuerySet]) -> list[tuple[Any, ...]]:
        """The rows of the query of ``shape`` with ``values``. ``build`` makes the queryset from stand-ins
        (once per shape); ``ordinary`` makes it from the real values, for a shape that cannot be kept."""
        with self._lock:
            known = shape in self._cache
            prepared = self._cache.get(shape)
            if known:
                self._cache.move_to_end(shape)
        if not known:
            prepared = prepare(build)
            with self._lock:
                self._cache[shape] = prepared
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        if prepared is None:
            return list(ordinary())
        return prepared.rows(values)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
