"""The reports app's settings, read from ``django.conf.settings`` with their defaults.

``REPORTS_PERIODICITY``: "annual" (one report a year) or "three_a_year" (every four months).
``REPORTS_PERIOD_START``: "MM-DD", the day a period starts (default "05-01": 1 May to 30 April).
``REPORTS_MIN_CELL``: counts below this are suppressed or grouped in every public table (default 3).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from reprisals.reports.periods import PERIODICITIES, Periodicity


def periodicity() -> Periodicity:
    name = getattr(settings, "REPORTS_PERIODICITY", "annual") or "annual"
    start = getattr(settings, "REPORTS_PERIOD_START", "05-01") or "05-01"
    if name not in PERIODICITIES:
        raise ImproperlyConfigured(f"REPORTS_PERIODICITY must be one of {', '.join(PERIODICITIES)}, not {name!r}")
    try:
        month, day = (int(part) for part in str(start).split("-"))
        return Periodicity(name, month, day)
    except ValueError as exc:
        raise ImproperlyConfigured(f"REPORTS_PERIOD_START must be MM-DD with a day up to 28, not {start!r}") from exc


def min_cell() -> int:
    value = int(getattr(settings, "REPORTS_MIN_CELL", 3))
    if value < 1:
        raise ImproperlyConfigured("REPORTS_MIN_CELL must be 1 or more")
    return value
