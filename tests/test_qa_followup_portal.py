"""A State mission pages through the communications addressed to its State with the portal API
(``limit`` and ``before``, newest sent first). Communications are often recorded out of order (an
older letter typed in after a newer one): paging must still give every communication exactly once,
and ``before`` must not reach another State's communication."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.followup import services
from reprisals.reference.models import Country, UNBody
from tests.dates import today

pytestmark = pytest.mark.django_db



@pytest.fixture
def raised(verified_case):
    def make(country=None):
        return verified_case(country=country) if country else verified_case()

    return make


def send(officer, case, days_ago, symbol):
    return services.communication_record(
        actor=officer, country=case.country, kind="sp_urgent_appeal", un_body=UNBody.objects.get(code="SR-HRD"),
        sent_on=today() - dt.timedelta(days=days_ago), summary="Urgent appeal.", cases=[case], symbol=symbol)


def test_paging_with_before_gives_every_communication_once_in_order(officer, state_user, raised, api_as):
    case = raised()
    # recorded in this order, sent on dates that do not follow it
    for days_ago, symbol in [(1, "UA 1"), (20, "UA 2"), (5, "UA 3"), (25, "UA 4"), (10, "UA 5"), (3, "UA 6")]:
        send(officer, case, days_ago, symbol)
    portal = api_as(state_user)
    everything = [c["symbol"] for c in portal.get("/api/v1/portal/communications").json()]
    assert everything == ["UA 1", "UA 6", "UA 3", "UA 5", "UA 2", "UA 4"]

    seen, before = [], None
    while True:
        params = {"limit": 2} | ({"before": before} if before else {})
        page = portal.get("/api/v1/portal/communications", **params).json()
        if not page:
            break
        seen += [c["symbol"] for c in page]
        before = page[-1]["id"]
    assert seen == everything


def test_before_cannot_point_at_another_states_communication(officer, state_user, raised, api_as):
    own = send(officer, raised(), 1, "UA BHR 1")
    theirs = send(officer, raised(Country.objects.get(iso3="POL")), 1, "UA POL 1")
    portal = api_as(state_user)
    assert portal.get("/api/v1/portal/communications", before=theirs.pk).status_code == 404
    assert portal.get("/api/v1/portal/communications", before=own.pk).json() == []


def test_the_portal_page_lists_every_communication_page_by_page(officer, state_user, raised, monkeypatch):
    """The page showed the newest 500 and nothing of older ones."""
    from django.urls import reverse

    from reprisals.followup import views
    from tests.conftest import client_for

    monkeypatch.setattr(views, "PORTAL_PAGE_SIZE", 2)
    case = raised()
    for days_ago, symbol in [(1, "UA 1"), (20, "UA 2"), (5, "UA 3"), (25, "UA 4"), (10, "UA 5")]:
        send(officer, case, days_ago, symbol)
    client = client_for(state_user)
    pages = [client.get(reverse("followup:portal_list"), {"page": n}).content.decode() for n in (1, 2, 3)]
    assert "UA 1" in pages[0] and "UA 3" in pages[0] and "UA 5" not in pages[0]
    assert "UA 5" in pages[1] and "UA 2" in pages[1]
    assert "UA 4" in pages[2] and "Page 3 of 3" in pages[2]
    assert "page=2" in pages[0]
