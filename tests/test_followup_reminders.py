"""``reprisals followup remind``: one digest a day to each responsible officer about communications
overdue or due soon, never twice for the same communication on the same day."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.accounts.models import User
from reprisals.cases import services as case_services
from reprisals.core.models import AuditEntry
from reprisals.followup import services
from reprisals.followup.models import ReminderSent
from reprisals.reference.models import UNBody
from tests.dates import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_case(consenting_case):
    """Communications name these cases, and a case is raised only with its parties' consent."""
    return consenting_case



@pytest.fixture
def assigned(officer, officer2, senior, new_case):
    User.objects.filter(pk=officer2.pk).update(email="officer2@example.org")
    officer2.refresh_from_db()
    case = new_case()
    case_services.case_assign(actor=senior, case=case, assignee=officer2)
    return case


def record(actor, case, kind, symbol):
    return services.communication_record(
        actor=actor, country=case.country, kind=kind, un_body=UNBody.objects.get(code="SR-HRD"), sent_on=today(),
        summary="Private summary of the letter.", cases=[case], symbol=symbol)


def remind(*args: str) -> str:
    out = StringIO()
    call_command("followup", "remind", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_responsible_officer_gets_one_digest_of_overdue_and_due_soon_communications(officer, assigned, clock):
    record(officer, assigned, "sp_urgent_appeal", "UA BHR 1/2024")  # due in 30 days
    record(officer, assigned, "sp_allegation_letter", "AL BHR 2/2024")  # due in 60 days
    clock(50)
    assert "sent 1 reminder e-mail(s) about 2 communication(s)" in remind()
    (message,) = mail.outbox
    assert message.to == ["officer2@example.org"]
    assert "UA BHR 1/2024" in message.body and "AL BHR 2/2024" in message.body and "OVERDUE" in message.body
    assert assigned.reference in message.body
    assert "Private summary" not in message.body and "Maryam" not in message.body
    assert AuditEntry.objects.filter(action="reminder.send").count() == 1


def test_reminders_are_not_sent_twice_on_the_same_day(officer, assigned, clock):
    record(officer, assigned, "sp_urgent_appeal", "UA BHR 1/2024")
    clock(31)
    remind()
    assert "sent 0 reminder" in remind()
    assert len(mail.outbox) == 1 and ReminderSent.objects.count() == 1
    clock(32)
    remind()
    assert len(mail.outbox) == 2


def test_the_due_soon_window_is_set_with_days(officer, assigned, clock):
    record(officer, assigned, "sp_allegation_letter", "AL BHR 2/2024")
    clock(30)
    assert "about 0 communication" in remind("--days", "14")
    assert "about 1 communication" in remind("--days", "30")


def test_answered_communications_and_closed_cases_get_no_reminder(officer, assigned, clock):
    answered = record(officer, assigned, "sp_urgent_appeal", "UA BHR 1/2024")
    services.response_record(actor=officer, communication=answered, received_on=today(), summary="Reply")
    clock(31)
    assert "about 0 communication" in remind()


def test_an_officer_without_an_e_mail_address_is_named_and_not_recorded(officer, officer2, senior, new_case, clock):
    case = new_case()
    case_services.case_assign(actor=senior, case=case, assignee=officer2)
    record(officer, case, "sp_urgent_appeal", "UA")
    clock(31)
    err = StringIO()
    call_command("followup", "remind", stdout=StringIO(), stderr=err)
    assert "officer2 has no e-mail address" in err.getvalue() and not ReminderSent.objects.exists()


def test_a_bad_window_is_refused(reference):
    with pytest.raises(CommandError):
        remind("--days", "-1")


def test_links_in_the_e_mails_lead_to_the_site_given_in_the_settings_or_on_the_command_line(
        officer, assigned, clock, settings):
    record(officer, assigned, "sp_urgent_appeal", "UA BHR 1/2024")
    clock(31)
    settings.SITE_URL = "https://reprisals.example.org"
    remind()
    assert "https://reprisals.example.org/followup/" in mail.outbox[-1].body
    clock(32)
    remind("--base-url", "https://other.example.org/")
    assert "https://other.example.org/followup/" in mail.outbox[-1].body


def test_without_an_address_of_the_site_the_command_says_the_links_are_relative(officer, assigned, clock, settings):
    settings.SITE_URL = ""
    record(officer, assigned, "sp_urgent_appeal", "UA BHR 1/2024")
    clock(31)
    err = StringIO()
    call_command("followup", "remind", stdout=StringIO(), stderr=err)
    assert "REPRISALS_SITE_URL" in err.getvalue() and len(mail.outbox) == 1


def test_a_site_address_that_is_not_a_web_address_is_refused(reference):
    with pytest.raises(CommandError, match="base-url"):
        remind("--base-url", "tracker.example.org")
