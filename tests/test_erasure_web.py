"""Erasure in the web interface: an officer asks from the case page, another reviewer decides from the
queue after proving both factors again; the requester can never decide their own request."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.accounts.twofactor import SESSION_REAUTHENTICATED, SESSION_VERIFIED
from reprisals.cases.models import AffectedParty, ErasureRequest, ErasureStatus

pytestmark = pytest.mark.django_db
NAME = "Mariam Erasable"


@pytest.fixture
def party(new_case):
    case = new_case(title=f"Travel ban on {NAME}", name=NAME)
    return case.parties.get(name=NAME)


def signed_in(user, *, verified_seconds_ago: int = 0) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED] = session[SESSION_REAUTHENTICATED] = int(time.time()) - verified_seconds_ago
    session.save()
    return client


def request_url(party) -> str:
    return reverse("erasure_request", args=[party.case_id, party.pk])


def test_the_case_page_offers_an_erasure_request_and_then_shows_it_waiting(party, officer):
    client = signed_in(officer)
    page = client.get(reverse("case_detail", args=[party.case_id])).content.decode()
    assert request_url(party) in page
    response = client.post(request_url(party), {"reason": "She asked by phone on 3 May."})
    assert response.status_code == 302
    wanted = ErasureRequest.objects.get(party=party)
    assert wanted.status == ErasureStatus.PENDING and wanted.requested_by == officer
    page = client.get(reverse("case_detail", args=[party.case_id])).content.decode()
    assert "Erasure waiting for a reviewer" in page
    assert request_url(party) not in page


def test_a_request_without_a_reason_is_refused_naming_the_field(party, officer):
    response = signed_in(officer).post(request_url(party), {"reason": "  "})
    assert response.status_code == 422
    assert f'id="erasure{party.pk}_reason"' in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_a_reviewer_confirms_from_the_queue_and_the_names_are_gone(party, officer, reviewer):
    signed_in(officer).post(request_url(party), {"reason": "She asked by phone on 3 May."})
    wanted = ErasureRequest.objects.get(party=party)
    client = signed_in(reviewer)
    assert "1 erasure request is waiting" in client.get(reverse("dashboard")).content.decode()
    queue = client.get(reverse("erasure_queue")).content.decode()
    assert reverse("erasure_decide", args=[wanted.pk]) in queue
    response = client.post(reverse("erasure_decide", args=[wanted.pk]), {"decision": "confirm"})
    assert response.status_code == 302
    party = AffectedParty.objects.get(pk=party.pk)
    assert party.name == "" and party.is_anonymous
    assert ErasureRequest.objects.get(pk=wanted.pk).status == ErasureStatus.DONE
    page = client.get(reverse("case_detail", args=[party.case_id])).content.decode()
    assert "Erasable" not in page and "Details erased" in page


def test_deciding_asks_for_both_factors_again_after_a_few_minutes(party, officer, reviewer):
    signed_in(officer).post(request_url(party), {"reason": "She asked."})
    wanted = ErasureRequest.objects.get(party=party)
    client = signed_in(reviewer, verified_seconds_ago=3600)
    response = client.post(reverse("erasure_decide", args=[wanted.pk]), {"decision": "confirm"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("reauthenticate"))
    assert ErasureRequest.objects.get(pk=wanted.pk).status == ErasureStatus.PENDING
    assert AffectedParty.objects.get(pk=party.pk).name == NAME


def test_a_refusal_needs_a_reason_and_keeps_the_details(party, officer, reviewer):
    signed_in(officer).post(request_url(party), {"reason": "Asked by a relative, not the person."})
    wanted = ErasureRequest.objects.get(party=party)
    client = signed_in(reviewer)
    url = reverse("erasure_decide", args=[wanted.pk])
    assert client.post(url, {"decision": "refuse", "reason": ""}).status_code == 422
    assert client.post(url, {"decision": "refuse", "reason": "Only the person may ask."}).status_code == 302
    wanted.refresh_from_db()
    assert (wanted.status, wanted.decision_reason) == (ErasureStatus.REFUSED, "Only the person may ask.")
    assert AffectedParty.objects.get(pk=party.pk).name == NAME


def test_the_requester_cannot_decide_their_own_request(party, reviewer):
    client = signed_in(reviewer)
    client.post(request_url(party), {"reason": "She asked."})
    wanted = ErasureRequest.objects.get(party=party)
    page = client.get(reverse("erasure_decide", args=[wanted.pk])).content.decode()
    assert "Another reviewer must decide" in page
    assert client.post(reverse("erasure_decide", args=[wanted.pk]), {"decision": "confirm"}).status_code == 403
    assert AffectedParty.objects.get(pk=party.pk).name == NAME


def test_an_officer_may_not_open_the_queue_and_a_restricted_case_stays_hidden(party, officer, reviewer, senior):
    from reprisals.cases import services

    assert signed_in(officer).get(reverse("erasure_queue")).status_code == 403
    signed_in(officer).post(request_url(party), {"reason": "She asked."})
    wanted = ErasureRequest.objects.get(party=party)
    services.case_restrict(actor=reviewer, case=party.case_id, restricted=True, members=[officer, reviewer])
    outsider = signed_in(senior)
    assert reverse("erasure_decide", args=[wanted.pk]) not in outsider.get(reverse("erasure_queue")).content.decode()
    assert outsider.get(reverse("erasure_decide", args=[wanted.pk])).status_code == 404


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_queue_shows_the_request_date_in_the_format_of_the_case_pages(party, officer, reviewer, language):
    from django.utils import formats, timezone, translation

    signed_in(officer).post(request_url(party), {"reason": "She asked by phone on 3 May."})
    wanted = ErasureRequest.objects.get(party=party)
    client = signed_in(reviewer)
    client.cookies["django_language"] = language
    page = client.get(reverse("erasure_queue")).content.decode()
    case_page = client.get(reverse("case_detail", args=[party.case_id])).content.decode()
    with translation.override(language):
        shown = formats.date_format(timezone.localtime(wanted.requested_at), "DATE_FORMAT")
        short = formats.date_format(timezone.localtime(wanted.requested_at), "SHORT_DATE_FORMAT")
    assert shown in page and shown in case_page  # the case header's "Opened", the same day
    assert short not in page
