"""The linkage pages as a reviewer reads and uses them, in any language of the site."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from test_linkage_allegations_services import NGO_TEXT, SR_TEXT, report

from reprisals.cases.models import AffectedParty
from reprisals.linkage import services
from reprisals.linkage.models import MatchCandidate, PersonLink
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def allegation_pair(officer, reviewer):
    report(officer, entity="SP", text=SR_TEXT)
    report(officer, entity="ISHR", text=NGO_TEXT, date="2016-03-14")
    services.allegation_duplicates_run(actor=reviewer)


def test_the_duplicate_allegations_queue_rejects_an_incident_not_a_person(allegation_pair, officer):
    client = client_for(officer)
    assert "Not the same incident" in client.get(reverse("linkage_allegations")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("linkage_allegations")).content.decode()
    assert "Pas la même personne" not in page  # the person queue's button, said of two allegations


@pytest.fixture
def person(new_case, reviewer):
    first = new_case(name="Ales Bialiatski")
    second = new_case(name="Алесь Бяляцкі")
    services.linkage_run(actor=reviewer)
    pair = MatchCandidate.objects.get(party_a=AffectedParty.objects.get(case=first),
                                      party_b=AffectedParty.objects.get(case=second))
    return services.candidate_accept(actor=reviewer, candidate=pair), pair


def test_a_second_click_on_not_this_person_says_it_is_done_instead_of_not_found(person, officer):
    found, pair = person
    client = client_for(officer)
    url = reverse("linkage_unmerge", args=[found.pk])
    first = client.post(url, {"party": pair.party_b_id})
    assert first.status_code == 302 and not PersonLink.objects.exists()  # the person was dissolved
    again = client.post(url, {"party": pair.party_b_id})
    assert again.status_code == 302 and again.url == reverse("linkage_queue")
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == "This party is not part of this person."


def test_unmerging_a_party_of_a_case_out_of_sight_is_refused_like_any_non_member(person, officer, senior):
    from reprisals.cases import services as cases

    found, pair = person
    third = AffectedParty.objects.get(pk=pair.party_b_id)
    cases.case_restrict(actor=senior, case=third.case, restricted=True, members=[])
    response = client_for(officer).post(reverse("linkage_unmerge", args=[found.pk]), {"party": third.pk})
    # The person is seen through one report now: it is not shown (tests/test_qa_linkage_compartments.py).
    assert response.status_code == 302 and response.url == reverse("linkage_queue")
    assert PersonLink.objects.filter(party=third).exists()


def test_a_second_click_on_not_this_incident_says_it_is_done_instead_of_not_found(officer, reviewer):
    from test_linkage_allegations_services import pair

    sr = report(officer, entity="SP", text=SR_TEXT)
    ngo = report(officer, entity="ISHR", text=NGO_TEXT, date="2016-03-14")
    services.allegation_duplicates_run(actor=reviewer)
    group = services.allegation_candidate_accept(actor=reviewer, candidate=pair(sr, ngo))
    client = client_for(officer)
    url = reverse("linkage_incident_unmerge", args=[group.pk])
    assert client.post(url, {"allegation": ngo.pk}).status_code == 302
    again = client.post(url, {"allegation": ngo.pk})
    assert again.status_code == 302 and again.url == reverse("linkage_allegations")
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == "This allegation is not part of this group."
