"""Regular reporting: schedules, who has not reported this period, reminders by e-mail (locmem)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from reprisals.accounts.services import user_create
from reprisals.intake import reporting, services
from reprisals.intake.reporting import add_months, period_of
from reprisals.intake.rows import SubmissionData
from reprisals.reference.models import Entity


def test_periods_follow_the_schedule():
    start = dt.date(2024, 5, 1)
    assert period_of(start, 4, dt.date(2024, 4, 30)) is None
    assert period_of(start, 4, dt.date(2024, 5, 1)) == (dt.date(2024, 5, 1), dt.date(2024, 9, 1))
    assert period_of(start, 4, dt.date(2024, 8, 31)) == (dt.date(2024, 5, 1), dt.date(2024, 9, 1))
    assert period_of(start, 4, dt.date(2025, 1, 15)) == (dt.date(2025, 1, 1), dt.date(2025, 5, 1))
    assert period_of(dt.date(2024, 1, 31), 1, dt.date(2024, 3, 5)) == (dt.date(2024, 2, 29), dt.date(2024, 3, 31))
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


@pytest.mark.django_db
def test_entities_that_have_not_reported_are_listed_and_reminded_once(reference, submitter):
    today = dt.date.today()
    ishr, amnesty = Entity.objects.get(code="ISHR"), Entity.objects.get(code="AMNESTY")
    user_create(actor=None, username="amnesty-fp", role="focal_point", entity=amnesty, email="fp@amnesty.example")
    user_create(actor=None, username="amnesty-quiet", role="submitter", entity=amnesty)
    for entity in (ishr, amnesty):
        reporting.schedule_set(actor=None, entity=entity, every_months=1, starts_on=today.replace(day=1))
    services.submission_create(actor=submitter, data=SubmissionData(country="BHR", what_happened="x"))
    assert [s.schedule.entity.code for s in reporting.entities_not_reported(today)] == ["AMNESTY"]
    out = io.StringIO()
    call_command("intake", "remind", "--within", "40", stdout=out)
    assert "reminded 1 entities: AMNESTY" in out.getvalue()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["fp@amnesty.example"]
    assert "Amnesty International" in mail.outbox[0].body
    call_command("intake", "remind", "--within", "40", stdout=io.StringIO())
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_no_reminder_long_before_the_period_ends(reference):
    amnesty = Entity.objects.get(code="AMNESTY")
    user_create(actor=None, username="fp", role="focal_point", entity=amnesty, email="fp@amnesty.example")
    reporting.schedule_set(actor=None, entity=amnesty, every_months=12, starts_on=dt.date(2024, 1, 1))
    assert reporting.reminders_send(today=dt.date(2024, 2, 1), within_days=30) == []
    assert reporting.reminders_send(today=dt.date(2024, 12, 10), within_days=30) == ["AMNESTY"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_schedule_command(reference):
    out = io.StringIO()
    call_command("intake", "schedule", "ohchr-col", "--every", "4", "--from", "2024-05-01", stdout=out)
    assert "OHCHR-COL: every 4 months" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("intake", "schedule", "OHCHR-COL", "--every", "13", "--from", "2024-05-01")


@pytest.mark.django_db
def test_the_overdue_command_lists_entities_without_allegations_this_period(reference):
    reporting.schedule_set(actor=None, entity=Entity.objects.get(code="FLD"), every_months=4,
                           starts_on=dt.date.today().replace(day=1))
    out = io.StringIO()
    call_command("intake", "overdue", stdout=out)
    assert out.getvalue().startswith("FLD\t")
