"""Today's date as the tests read it: when a test runs, never once when pytest imports its module.

The code reads its clock when it runs. A module-level ``TODAY = dt.date.today()`` (or a date computed in a
``pytest.mark.parametrize`` argument or a default argument) is read at collection instead, so a run that crosses
midnight UTC compares yesterday's date with today's and fails. Call ``today()`` inside the test or helper; give a
parametrized date relative to today as a ``dt.timedelta`` and read it with ``iso()`` in the test.
``tests/test_test_dates.py`` fails if a clock read at import comes back to tests/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone


def today() -> dt.date:
    """Today in UTC, read now: the day the follow-up code reads (``followup.selectors.today``).

    Not moved by the ``clock`` fixture, which moves only the code's "today": ``today() + dt.timedelta(days=9)``
    stays the day nine days after the communication was recorded.
    """
    return timezone.now().date()


def iso(value: Any) -> Any:
    """A parametrized value read when the test runs: a ``dt.timedelta`` is the ISO date that many days from
    ``today()`` (``dt.timedelta(days=-1)`` is yesterday); anything else (a fixed date string, "") is itself."""
    return (today() + value).isoformat() if isinstance(value, dt.timedelta) else value
