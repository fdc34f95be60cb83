"""The deadlines page shows at most a page of each list. When more communications are due soon than it
shows, it says so (as it does for the overdue list) instead of silently leaving some out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reprisals.cases import services as case_services
from reprisals.cases.models import CaseStatus
from reprisals.followup import services, views
from reprisals.reference.models import UNBody
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_due_soon_list_says_when_it_shows_only_the_first_ones(officer, consenting_case, monkeypatch):
    monkeypatch.setattr(views, "LIST_SIZE", 2)
    case = consenting_case()
    for status in (CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED):
        case = case_services.case_transition(actor=officer, case=case, to_status=status, reason="checked",
                                             expected_version=None)
    for n in range(3):
        services.communication_record(
            actor=officer, country=case.country, kind="sp_urgent_appeal", un_body=UNBody.objects.get(code="SR-HRD"),
            sent_on=dt.date.today(), deadline=dt.date.today() + dt.timedelta(days=3 + n), summary="Urgent appeal.",
            cases=[case], symbol=f"UA BHR {n + 1}/2024")
    page = client_for(officer).get(reverse("followup:deadlines"))
    text = page.content.decode()
    section = text[text.index('id="due-soon"'):]
    assert "UA BHR 1/2024" in section and "UA BHR 2/2024" in section and "UA BHR 3/2024" not in section
    assert "Only the first 2 are shown; narrow the list with the filters." in section
