"""The duplicate allegations pages and `reprisals link allegations`.

A reviewer sees both allegations side by side with the reasons, decides with one button, and can undo
an accept from the incident's page. A stale form decides nothing and the reviewer is told on the queue;
a bad one names the field (422).
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from test_linkage_allegations_services import NGO_TEXT, SR_TEXT, pair, report

from reprisals.core.models import AuditEntry
from reprisals.linkage import services
from reprisals.linkage.models import AllegationCandidate, CandidateStatus, IncidentGroup
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(officer, reviewer):
    sr = report(officer, entity="SP", text=SR_TEXT)
    ngo = report(officer, entity="ISHR", text=NGO_TEXT, date="2016-03-14")
    services.allegation_duplicates_run(actor=reviewer)
    return pair(sr, ngo)


def test_the_queue_page_shows_both_allegations_with_reasons_and_buttons(candidate, reviewer):
    page = client_for(reviewer).get(reverse("linkage_allegations"))
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    html = page.content.decode()
    assert candidate.allegation_a.reference in html and candidate.allegation_b.reference in html
    assert "within a week" in html and "reported by different sources" in html
    assert "Same incident: group" in html and 'name="expected_status" value="proposed"' in html
    assert "Protected Source Person" not in html


def test_the_incident_queue_speaks_of_incidents_not_persons(candidate, reviewer):
    client = client_for(reviewer)
    client.post(reverse("linkage_allegation_decide", args=[candidate.pk]),
                {"decision": "accept", "expected_status": "proposed"})
    html = client.get(reverse("linkage_allegations"), {"status": "accepted"}).content.decode()
    assert "Accepted: same incident" in html and "Rejected: different incidents" in html
    assert "same person" not in html


def test_accepting_then_undoing_from_the_pages(candidate, reviewer):
    client = client_for(reviewer)
    url = reverse("linkage_allegation_decide", args=[candidate.pk])
    response = client.post(url, {"decision": "accept", "expected_status": "proposed", "note": "one arrest"},
                           follow=True)
    assert response.status_code == 200 and "Grouped" in response.content.decode()
    group = IncidentGroup.objects.get()
    page = client.get(reverse("linkage_incident_group", args=[group.pk]))
    assert page.status_code == 200 and candidate.allegation_b.reference in page.content.decode()
    undo = client.post(reverse("linkage_incident_unmerge", args=[group.pk]),
                       {"allegation": candidate.allegation_b_id})
    assert undo.status_code == 302 and undo["Location"] == reverse("linkage_allegations")
    assert AllegationCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.REJECTED


def test_a_stale_form_decides_nothing_and_says_so_on_the_queue(candidate, reviewer, officer):
    services.allegation_candidate_defer(actor=officer, candidate=candidate)
    response = client_for(reviewer).post(reverse("linkage_allegation_decide", args=[candidate.pk]),
                                         {"decision": "reject", "expected_status": "proposed"}, follow=True)
    assert response.redirect_chain == [(reverse("linkage_allegations"), 302)]
    assert "already decided" in response.content.decode()
    assert AllegationCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.DEFERRED
    assert not AuditEntry.objects.filter(action="allegation_candidate.reject").exists()


def test_a_bad_form_names_the_field(candidate, reviewer):
    client = client_for(reviewer)
    url = reverse("linkage_allegation_decide", args=[candidate.pk])
    bad_decision = client.post(url, {"decision": "merge"})
    assert bad_decision.status_code == 422 and "decision" in bad_decision.content.decode()
    long_note = client.post(url, {"decision": "reject", "note": "x" * 501})
    assert long_note.status_code == 422 and "note" in long_note.content.decode()
    bad_status = client.post(url, {"decision": "reject", "expected_status": "maybe"})
    assert bad_status.status_code == 422 and "expected_status" in bad_status.content.decode()
    assert client.get(url).status_code == 405
    assert AllegationCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.PROPOSED


def test_looking_for_duplicates_now_from_the_page(candidate, reviewer):
    response = client_for(reviewer).post(reverse("linkage_allegation_run"), follow=True)
    assert response.status_code == 200 and "2 allegations compared" in response.content.decode()


def test_the_pages_need_linkage_review(candidate, focal, auditor):
    assert Client().get(reverse("linkage_allegations")).status_code == 302
    for user in (focal, auditor):
        client = client_for(user)
        assert client.get(reverse("linkage_allegations")).status_code == 403
        assert client.post(reverse("linkage_allegation_decide", args=[candidate.pk]),
                           {"decision": "accept"}).status_code == 403


def test_link_allegations_runs_over_the_register(candidate):
    AllegationCandidate.objects.all().delete()
    out = StringIO()
    call_command("link", "allegations", stdout=out)
    assert "2 allegations, 1 pairs compared, 1 new pairs proposed" in out.getvalue()
    assert AllegationCandidate.objects.count() == 1
    entry = AuditEntry.objects.filter(action="linkage.allegation_run").latest("seq")
    assert entry.actor_label == "system" and entry.payload["proposed"] == 1
    with pytest.raises(CommandError):
        call_command("link", "allegations", "--threshold", "1.5")


def test_the_page_never_shows_a_restricted_cases_allegation_to_those_outside(candidate, officer, senior):
    from reprisals.cases import services as cases

    cases.case_restrict(actor=senior, case=candidate.allegation_a.case, restricted=True, members=[])
    html = client_for(officer).get(reverse("linkage_allegations")).content.decode()
    assert candidate.allegation_a.reference not in html and candidate.allegation_b.reference not in html
    assert client_for(officer).post(reverse("linkage_allegation_decide", args=[candidate.pk]),
                                    {"decision": "accept"}).status_code == 404
    assert candidate.allegation_a.reference in client_for(senior).get(reverse("linkage_allegations")).content.decode()


def test_a_report_in_triage_is_added_to_the_case_of_its_incident_from_the_group_page(officer, reviewer, monkeypatch):
    from reprisals.accounts import roles
    from reprisals.cases import services as cases
    from reprisals.cases.models import Allegation
    from reprisals.reference.models import Country, Entity

    in_case = report(officer, entity="SP", text=SR_TEXT)
    triage = cases.allegation_record(
        actor=officer, country=Country.objects.get(iso3="BHR"), received_on=in_case.received_on, narrative=SR_TEXT,
        source_entity=Entity.objects.get(code="ISHR"))
    services.allegation_duplicates_run(actor=reviewer)
    group = services.allegation_candidate_accept(actor=reviewer, candidate=pair(in_case, triage))
    url = reverse("linkage_incident_group", args=[group.pk])
    reference = in_case.case.reference

    # Whoever may group reports but not edit cases gets no button.
    monkeypatch.setitem(roles.CAPABILITIES, roles.Role.REVIEWER,
                        roles.CAPABILITIES[roles.Role.REVIEWER] - {roles.Cap.CASE_EDIT})
    assert f"Add to case {reference}" not in client_for(reviewer).get(url).content.decode()
    officer_page = client_for(officer).get(url).content.decode()
    assert officer_page.count(f"Add to case {reference}") == 1  # for the report in triage only
    response = client_for(officer).post(reverse("allegation_attach", args=[triage.pk]), {"reference": reference})
    assert response.status_code == 302
    assert Allegation.objects.get(pk=triage.pk).case_id == in_case.case_id
    assert AuditEntry.objects.filter(action="allegation.attach", object_id=str(triage.pk)).exists()
    assert f"Add to case {reference}" not in client_for(officer).get(url).content.decode()
