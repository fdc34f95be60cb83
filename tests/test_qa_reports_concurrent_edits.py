"""Two officers editing a report's symbol, title, summary or conclusions at once: the second to save,
having read the period before the first saved, is told that someone else changed it (409) and the
first officer's text stays, instead of being silently overwritten. The same through the API when the
caller sends the version it read."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reprisals.reports import services
from reprisals.reports.models import ReportingPeriod
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def period(officer):
    return services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30))


def version_on_page(client, period) -> str:
    html = client.get(f"/reports/{period.pk}/").content.decode()
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_the_second_officer_to_save_is_told_and_the_first_ones_summary_stays(officer, officer2, period):
    first, second = client_for(officer), client_for(officer2)
    read_by_first, read_by_second = version_on_page(first, period), version_on_page(second, period)
    edit = f"/reports/{period.pk}/edit/"
    saved = first.post(edit, {"status": "open", "summary": "The first officer's summary.", "version": read_by_first})
    assert saved.status_code == 302
    refused = second.post(edit, {"status": "open", "summary": "The second officer's summary.",
                                 "version": read_by_second})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Someone else changed this record" in html
    assert "The second officer&#x27;s summary." in html  # what they typed is not lost on the page
    assert ReportingPeriod.objects.get(pk=period.pk).summary == "The first officer's summary."


def test_saving_again_after_reading_the_change_works(officer, officer2, period):
    first, second = client_for(officer), client_for(officer2)
    edit = f"/reports/{period.pk}/edit/"
    assert first.post(edit, {"status": "open", "title": "First", "version": version_on_page(first, period)}
                      ).status_code == 302
    assert second.post(edit, {"status": "open", "title": "Second", "version": version_on_page(second, period)}
                       ).status_code == 302
    assert ReportingPeriod.objects.get(pk=period.pk).title == "Second"


def test_the_api_refuses_a_change_based_on_a_stale_version(api_as, officer, officer2, period):
    read = api_as(officer).get(f"/api/v1/reports/periods/{period.pk}").json()
    assert api_as(officer2).patch(f"/api/v1/reports/periods/{period.pk}",
                                  {"conclusions": "Theirs.", "version": read["version"]}).status_code == 200
    stale = api_as(officer).patch(f"/api/v1/reports/periods/{period.pk}",
                                  {"conclusions": "Mine.", "version": read["version"]})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert ReportingPeriod.objects.get(pk=period.pk).conclusions == "Theirs."
    # A caller that sends no version changes the period as before.
    assert api_as(officer).patch(f"/api/v1/reports/periods/{period.pk}", {"conclusions": "Mine."}).status_code == 200
