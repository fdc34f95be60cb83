"""``reprisals intake remind --today DATE --within DAYS`` with a day or a window no reporting period can have: a
date outside the years schedules may start in (1945 to 2100, where a period of 9999-12 would end in a year no
calendar holds) or a negative window is refused naming the option, instead of a traceback half-way through
the reminders or reminding nobody without a word; nothing is recorded as reminded."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.intake import reporting
from reprisals.intake.models import ReminderSent
from reprisals.reference.models import Entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(reference):
    return reporting.schedule_set(actor=None, entity=Entity.objects.get(code="ISHR"), every_months=3,
                                  starts_on=dt.date(2024, 1, 1), is_active=True)


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_a_day_outside_the_years_of_reporting_periods_is_refused_naming_it(schedule, today):
    with pytest.raises(CommandError, match="^--today: give a date between 1945-01-01 and 2100-12-31$"):
        call_command("intake", "remind", "--today", today, stdout=io.StringIO())
    assert not ReminderSent.objects.exists()


def test_a_negative_window_is_refused_naming_it(schedule):
    with pytest.raises(CommandError, match="^--within: give 0 or more days$"):
        call_command("intake", "remind", "--within", "-5", stdout=io.StringIO())
    assert not ReminderSent.objects.exists()


def test_a_day_within_those_years_still_reminds(schedule):
    out = io.StringIO()
    call_command("intake", "remind", "--today", "2100-12-31", "--within", "100", stdout=out)
    assert out.getvalue() == "reminded 1 entities: ISHR\n"
