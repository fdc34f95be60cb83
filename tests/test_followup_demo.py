"""Demo follow-up data: realistic proportions, consistent with the rules, and loaded once."""

from __future__ import annotations

import pytest

from reprisals.cases.demo import demo_load
from reprisals.cases.models import Case, CaseStatus
from reprisals.followup import selectors
from reprisals.followup.demo import demo_followup
from reprisals.followup.models import Communication

pytestmark = pytest.mark.django_db


def test_demo_followup_gives_raised_cases_communications_most_of_them_unanswered(officer, reviewer):
    demo_load(actor=None, cases=150, seed=5, officers=[officer, reviewer])
    created = demo_followup(seed=5)
    assert created == Communication.objects.count() > 50
    answered = Communication.objects.filter(answered_on__isnull=False).count()
    assert 0 < answered < created / 2
    raised = Case.objects.filter(status__in=[CaseStatus.AWAITING_RESPONSE, CaseStatus.FOLLOW_UP])
    assert all(c.communications.exists() for c in raised)
    assert not Case.objects.filter(status=CaseStatus.RECEIVED, communications__isnull=False).exists()
    for case in Case.objects.filter(status=CaseStatus.FOLLOW_UP)[:30]:
        assert not selectors.case_adequately_addressed(case)
    for c in Communication.objects.filter(answered_on__isnull=False):
        assert c.days_to_answer == (c.answered_on - c.sent_on).days and c.deadline >= c.sent_on
    assert demo_followup(seed=5) == 0
