"""Disclosure control for public statistics: small counts are grouped or suppressed (no database).

A count below the threshold (``REPORTS_MIN_CELL``, default 3) could single out a person, so:

- in a **list of counts** (cases by regional group, by form, by State...), categories below the
  threshold are grouped into one "other" line; when that line itself would stay below the threshold,
  the next smallest categories join it until it reaches the threshold (so that it cannot be worked
  out from the total). When even all categories together stay below the threshold, nothing is shown
  but "fewer than N";
- in a **cross-table** (parties by role and gender), small cells are suppressed, and then more cells
  (or totals) until no hidden figure can be worked out from the row or column it is in: every line
  hides nothing or at least two figures, adding up to at least the threshold when its total is shown.

Zero is shown as zero: it singles out nobody.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

OTHER = "__other__"


@dataclass(frozen=True)
class Cell:
    """A count as published: ``value`` is None when suppressed."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class ProtectedList:
    rows: list[tuple[str, int]]  # shown categories, largest first; OTHER for the grouped line
    other_count: int  # categories grouped into OTHER
    total: int | None  # None when below the threshold
    threshold: int

    @property
    def all_suppressed(self) -> bool:
        return self.total is None


def protect_counts(counts: Mapping[str, int], threshold: int) -> ProtectedList:
    """Group small categories of a one-way table (see the module docstring)."""
    items = sorted(((k, v) for k, v in counts.items() if v > 0), key=lambda kv: (kv[1], kv[0]))
    total = sum(v for _k, v in items)
    if total < threshold:
        return ProtectedList([], len(items), None if total else 0, threshold)
    small = [kv for kv in items if kv[1] < threshold]
    large = [kv for kv in items if kv[1] >= threshold]
    other = sum(v for _k, v in small)
    while small and other < threshold and large:
        moved = large.pop(0)  # the smallest shown category joins the group
        small.append(moved)
        other += moved[1]
    rows = sorted(large, key=lambda kv: (-kv[1], kv[0]))
    if small:
        rows.append((OTHER, other))
    return ProtectedList(rows, len(small), total, threshold)


@dataclass(frozen=True)
class ProtectedTable:
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], Cell]
    row_totals: dict[str, Cell]
    column_totals: dict[str, Cell]
    total: Cell


def protect_table(counts: Mapping[tuple[str, str], int], rows: Sequence[str], columns: Sequence[str],
                  threshold: int) -> ProtectedTable:
    """Suppress small cells of a two-way table with complementary suppression (module docstring).

    The table is taken with its margins (row totals, column totals, grand total): in every line of it
    (a row with its total, a column with its total) a figure can be worked out from the others when it
    is the only one hidden, so each line hides no figure or at least two, and when the line's total is
    shown, the hidden cells add up to at least the threshold. Hiding grows (the next smallest non-zero
    figure of an offending line) until every line complies.
    """
    total_key = "\x00total"
    rs, cs = [*rows, total_key], [*columns, total_key]
    value: dict[tuple[str, str], int] = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    for r in rows:
        value[(r, total_key)] = sum(value[(r, c)] for c in columns)
    for c in cs:
        value[(total_key, c)] = sum(value[(r, c)] for r in rows)
    hidden = {k for k, v in value.items() if 0 < v < threshold}
    lines = [[(r, c) for c in cs] for r in rs] + [[(r, c) for r in rs] for c in cs]

    def offends(line: list[tuple[str, str]]) -> bool:
        secret = [k for k in line if k in hidden]
        if len(secret) == 1:
            return True
        total = line[-1]
        inner = sum(value[k] for k in line[:-1] if k in hidden)
        return total not in hidden and 0 < inner < threshold

    changed = True
    while changed:
        changed = False
        for line in lines:
            if offends(line):
                inner = sorted((value[k], k) for k in line[:-1] if k not in hidden and value[k] > 0)
                if inner:
                    hidden.add(inner[0][1])
                elif line[-1] not in hidden and value[line[-1]] > 0:
                    hidden.add(line[-1])
                else:
                    continue
                changed = True
    cell = {k: Cell(None if k in hidden else v) for k, v in value.items()}
    return ProtectedTable(
        list(rows), list(columns), {(r, c): cell[(r, c)] for r in rows for c in columns},
        {r: cell[(r, total_key)] for r in rows}, {c: cell[(total_key, c)] for c in columns},
        cell[(total_key, total_key)],
    )


def band(count: int, threshold: int) -> str:
    """A count as a public label: the number, or "fewer than N" for a small one (used on the map)."""
    return str(count) if count == 0 or count >= threshold else f"<{threshold}"
