"""Reporting periods as plain dates: how a periodicity cuts time into periods (no database).

A periodicity is a length (12 months for one report a year, 4 months for three a year) anchored on a
day of the year. Annual from 1 May gives 1 May - 30 April; three a year from 1 January (or from 1 May:
the same periods) gives January-April, May-August and September-December.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

#: Months per period for each periodicity.
PERIODICITIES: dict[str, int] = {"annual": 12, "three_a_year": 4}


@dataclass(frozen=True, order=True)
class Span:
    """A closed range of days, both ends included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a period ends after it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class Periodicity:
    name: str
    start_month: int = 5
    start_day: int = 1

    def __post_init__(self) -> None:
        if self.name not in PERIODICITIES:
            raise ValueError(f"unknown periodicity {self.name!r}")
        if not 1 <= self.start_month <= 12 or not 1 <= self.start_day <= 28:
            raise ValueError("a period starts on a month 1-12 and a day 1-28")

    @property
    def months(self) -> int:
        return PERIODICITIES[self.name]


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, day.day)


def _anchors(p: Periodicity, year: int) -> list[dt.date]:
    """Start days of the periods that begin in ``year``."""
    first = dt.date(year, p.start_month, p.start_day)
    starts = [_add_months(first, k * p.months) for k in range(-(12 // p.months), 12 // p.months + 1)]
    return sorted(d for d in starts if d.year == year)


def period_of(day: dt.date, p: Periodicity) -> Span:
    """The period that contains ``day``."""
    candidates = [s for year in (day.year - 1, day.year) for s in _anchors(p, year)]
    start = max(s for s in candidates if s <= day)
    return Span(start, _add_months(start, p.months) - dt.timedelta(days=1))


def periods_between(first: dt.date, last: dt.date, p: Periodicity) -> list[Span]:
    """Every period that contains at least one day from ``first`` to ``last`` (both included), in order."""
    if last < first:
        raise ValueError("the range ends before it starts")
    return list(_walk(period_of(first, p), last, p))


def _walk(span: Span, last: dt.date, p: Periodicity) -> Iterator[Span]:
    while span.start <= last:
        yield span
        start = span.end + dt.timedelta(days=1)
        span = Span(start, _add_months(start, p.months) - dt.timedelta(days=1))


def first_overlap(span: Span, others: list[Span]) -> Span | None:
    """The first of ``others`` that shares a day with ``span``, or None: periods never overlap."""
    return next((o for o in sorted(others) if span.overlaps(o)), None)
