"""Partial dates: events are often known only to the year ("2016") or the month ("2016-03")."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

# The UN Charter entered into force on 24 October 1945: nothing reached the United Nations before, and no one
# was punished for cooperating with it before. Received dates, incidents and engagements start here.
UN_FOUNDED = dt.date(1945, 10, 24)


# How the APIs describe the date of an incident or an engagement.
EVENT_DATE_FORMAT = "YYYY, YYYY-MM or YYYY-MM-DD, from 1945-10-24 (the UN's founding) to today"


def before_the_un() -> str:
    """The reason given for a date before ``UN_FOUNDED`` (the field is named by the caller)."""
    return _("the date is before %(date)s, when the United Nations was founded") % {"date": UN_FOUNDED.isoformat()}


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1900 <= self.year <= 2100:
            raise ValueError(_("year must be between 1900 and 2100"))
        if self.month is None and self.day is not None:
            raise ValueError(_("a day needs a month"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(_("month must be between 1 and 12"))
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(_("day must be between 1 and %(last)d for that month") % {"last": last})

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a readable reason."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(_("use YYYY, YYYY-MM or YYYY-MM-DD"))
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return cls(year, month, day)

    @property
    def earliest(self) -> dt.date:
        """The first day the partial date can mean, used for ordering and period membership."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_event_date(text: str) -> PartialDate:
    """Parse the date of an incident of reprisal or of an engagement with the UN as ``PartialDate.parse``
    does, refusing one wholly before ``UN_FOUNDED`` (``1945`` and ``1945-10`` may be after it, ``1945-10-23``
    is not; a year such as ``1899`` gets the same reason rather than the general range). Raise ValueError
    with a readable reason."""
    match = _PATTERN.match(text.strip())
    if match and int(match.group(1)) < UN_FOUNDED.year:
        raise ValueError(before_the_un())
    value = PartialDate.parse(text)
    if value.latest < UN_FOUNDED:
        raise ValueError(before_the_un())
    return value
