"""Duplicate allegations over the register: proposed on intake and by a run, decided by reviewers.

A special rapporteur and an NGO both report the detention of one defender in the same week: the two
allegations are proposed as one incident, with a score and the reasons. Accepting groups them and keeps
both as received (source, channel, reference, case); it is audited and can be undone. A rejected pair is
never proposed again. A pair decided meanwhile by someone else is a conflict.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reprisals.cases import services as cases
from reprisals.cases.models import Allegation
from reprisals.core.audit import audit_verify
from reprisals.core.errors import Conflict, Forbidden, ValidationFailed
from reprisals.core.models import AuditEntry
from reprisals.intake import services as intake
from reprisals.intake.rows import PersonData, SubmissionData
from reprisals.linkage import services
from reprisals.linkage.models import (
    AllegationCandidate,
    CandidateStatus,
    IncidentGroup,
    IncidentGroupMember,
)
from reprisals.reference.models import Country, Entity

pytestmark = pytest.mark.django_db

SR_TEXT = ("The Special Rapporteur received information that the defender was arrested at the airport on "
           "12 March 2016 on her return from the Human Rights Council session, and is detained incommunicado.")
NGO_TEXT = ("Our partner, a woman human rights defender, was arrested at the airport on 14 March 2016 after "
            "returning from the Human Rights Council session. She is held incommunicado.")
OTHER_TEXT = "A lawyer who briefed the Universal Periodic Review had his licence suspended by the bar."


def report(officer, *, entity: str, text: str, name: str = "Maryam Example", date: str = "2016-03-12",
           forms=("arbitrary_arrest", "detention"), country: str = "BHR", body: str = "HRC", reference: str = ""):
    """An allegation from ``entity``, with its own case: the party, the incident and the engagement."""
    state = Country.objects.get(iso3=country)
    allegation = cases.allegation_record(
        actor=officer, country=state, received_on=dt.date(2016, 3, 20), narrative=text,
        source_entity=Entity.objects.get(code=entity), source_reference=reference,
        source_identity="Protected Source Person")
    case = cases.case_open(actor=officer, title="Detention", country=state, allegation=allegation)
    cases.party_add(actor=officer, case=case, name=name, roles=["human_rights_defender"], gender="female")
    cases.incident_add(actor=officer, case=case, date=date, forms=list(forms))
    cases.engagement_add(actor=officer, case=case, un_body=cases.un_body_by_code(body),
                         kind="participation_un_meeting", date="2016-03")
    return Allegation.objects.get(pk=allegation.pk)


def pair(a, b):
    lo, hi = sorted([a.pk, b.pk])
    return AllegationCandidate.objects.get(allegation_a_id=lo, allegation_b_id=hi)


@pytest.fixture
def sr_and_ngo(officer):
    sr = report(officer, entity="SP", text=SR_TEXT)
    ngo = report(officer, entity="ISHR", text=NGO_TEXT, name="Maryam Al-Example", date="2016-03-14",
                 forms=("arbitrary_arrest",))
    other = report(officer, entity="ISHR", text=OTHER_TEXT, name="Ali Lawyer", date="2016-11",
                   forms=("professional_sanctions",), body="UPR")
    return sr, ngo, other


# ---------------------------------------------------------------- proposing


def test_a_run_proposes_the_rapporteur_and_the_ngo_reporting_one_detention(sr_and_ngo, reviewer):
    sr, ngo, other = sr_and_ngo
    run = services.allegation_duplicates_run(actor=reviewer)
    assert run.allegations == 3 and run.pairs_compared == 3 and run.proposed == 1
    candidate = pair(sr, ngo)
    assert candidate.status == CandidateStatus.PROPOSED and candidate.kind == "duplicate"
    assert candidate.score > 0.9
    fields = candidate.reasons["fields"]
    assert fields["dates"]["level"] == "within_week"
    assert fields["source"]["level"] == "different_sources"
    assert fields["country"]["level"] == "same"
    assert not AllegationCandidate.objects.filter(allegation_a=other).exists()
    assert not AllegationCandidate.objects.filter(allegation_b=other).exists()


def test_a_case_with_a_year_and_a_full_date_among_its_incidents_is_compared_too(sr_and_ngo, officer, reviewer):
    sr, ngo, _other = sr_and_ngo
    cases.incident_add(actor=officer, case=sr.case, date="2016", forms=["detention"])
    cases.incident_add(actor=officer, case=sr.case, date="2016-03-12", forms=["detention"])
    run = services.allegation_duplicates_run(actor=reviewer)
    assert run.allegations == 3 and run.proposed == 1
    assert pair(sr, ngo).reasons["fields"]["dates"]["level"] == "within_week"


def test_linked_persons_count_as_the_same_affected_party(officer, reviewer):
    from reprisals.linkage.models import MatchCandidate

    first = report(officer, entity="SP", text=SR_TEXT, name="Ales Bialiatski", country="BLR")
    second = report(officer, entity="ISHR", text=NGO_TEXT, name="Алесь Бяляцкі", country="BLR")
    services.linkage_run(actor=reviewer)
    services.candidate_accept(actor=reviewer, candidate=MatchCandidate.objects.get())
    services.allegation_duplicates_run(actor=reviewer)
    assert pair(first, second).reasons["fields"]["parties"]["level"] == "same_person"


def test_the_same_source_sending_again_is_proposed_as_a_resubmission(officer, reviewer):
    first = report(officer, entity="ISHR", text=NGO_TEXT, reference="X-1")
    again = report(officer, entity="ISHR", text=NGO_TEXT, reference="X-2")
    services.allegation_duplicates_run(actor=reviewer)
    assert pair(first, again).kind == "resubmission"


def test_recording_an_allegation_proposes_its_duplicates_after_the_commit(sr_and_ngo, officer,
                                                                          django_capture_on_commit_callbacks):
    sr, _ngo, _other = sr_and_ngo
    with django_capture_on_commit_callbacks(execute=True):
        fresh = cases.allegation_record(actor=officer, country=sr.country, received_on=dt.date(2016, 3, 21),
                                        narrative=SR_TEXT, source_entity=Entity.objects.get(code="CAT"))
    candidate = pair(sr, fresh)
    assert candidate.status == CandidateStatus.PROPOSED and candidate.run is None
    entry = AuditEntry.objects.filter(action="linkage.allegation_propose").latest("seq")
    assert entry.object_id == str(fresh.pk) and entry.payload["proposed"] >= 1


def test_a_submission_received_through_intake_is_matched_on_its_people_dates_and_forms(
        sr_and_ngo, submitter, django_capture_on_commit_callbacks):
    sr, _ngo, _other = sr_and_ngo
    data = SubmissionData(country="BHR", what_happened="Maryam was detained at the airport.",
                          sender_reference="S-1", incident_date="2016-03-13", forms=["detention"], un_body="HRC",
                          engagement_kind="participation_un_meeting", engagement_date="2016-03",
                          persons=[PersonData(name="Maryam Example", gender="female")])
    with django_capture_on_commit_callbacks(execute=True):
        submission = intake.submission_create(actor=submitter, data=data)
    candidate = pair(sr, submission.allegation)
    fields = candidate.reasons["fields"]
    assert fields["parties"]["level"] == "same_name"
    assert fields["dates"]["level"] == "within_week"
    assert fields["un_bodies"]["level"] == "all_in_common"


def test_opening_a_case_from_triage_proposes_again_with_what_the_case_now_holds(
        sr_and_ngo, submitter, officer, django_capture_on_commit_callbacks):
    sr, _ngo, _other = sr_and_ngo
    data = SubmissionData(country="BHR", what_happened="Detained at the airport.", sender_reference="S-2",
                          incident_date="2016-03-12", forms=["detention"],
                          persons=[PersonData(name="Maryam Example", gender="female")])
    submission = intake.submission_create(actor=submitter, data=data)
    with django_capture_on_commit_callbacks(execute=True):
        intake.submission_open_case(actor=officer, submission=submission)
    assert pair(sr, submission.allegation).reasons["fields"]["dates"]["level"] == "same_day"


def test_two_allegations_of_one_case_are_never_proposed(officer, reviewer):
    first = report(officer, entity="SP", text=SR_TEXT)
    second = cases.allegation_record(actor=officer, country=first.country, received_on=dt.date(2016, 3, 21),
                                     narrative=SR_TEXT, source_entity=Entity.objects.get(code="ISHR"))
    cases.allegation_attach(actor=officer, allegation=second, case=first.case)
    services.allegation_duplicates_run(actor=reviewer)
    assert not AllegationCandidate.objects.exists()


def test_a_run_needs_linkage_review_and_a_threshold_between_zero_and_one(sr_and_ngo, focal, reviewer):
    with pytest.raises(Forbidden):
        services.allegation_duplicates_run(actor=focal)
    with pytest.raises(ValidationFailed) as err:
        services.allegation_duplicates_run(actor=reviewer, threshold=1.5)
    assert "threshold" in err.value.fields


# ---------------------------------------------------------------- deciding


def test_accepting_groups_both_allegations_and_keeps_them_as_received(sr_and_ngo, reviewer):
    sr, ngo, _other = sr_and_ngo
    services.allegation_duplicates_run(actor=reviewer)
    before = list(Allegation.objects.order_by("pk").values())
    group = services.allegation_candidate_accept(actor=reviewer, candidate=pair(sr, ngo), note="same arrest")
    assert set(group.members.values_list("allegation_id", flat=True)) == {sr.pk, ngo.pk}
    assert list(Allegation.objects.order_by("pk").values()) == before
    candidate = pair(sr, ngo)
    assert candidate.status == CandidateStatus.ACCEPTED and candidate.decided_by == reviewer
    entry = AuditEntry.objects.filter(action="allegation_candidate.accept").latest("seq")
    assert entry.payload["group"] == group.pk and entry.payload["previous_status"] == "proposed"
    assert sorted(entry.payload["references"]) == sorted([sr.reference, ngo.reference])


def test_a_rejected_pair_is_never_proposed_again(sr_and_ngo, reviewer, officer, django_capture_on_commit_callbacks):
    sr, ngo, _other = sr_and_ngo
    services.allegation_duplicates_run(actor=reviewer)
    services.allegation_candidate_reject(actor=reviewer, candidate=pair(sr, ngo))
    run = services.allegation_duplicates_run(actor=reviewer)
    assert run.proposed == 0 and pair(sr, ngo).status == CandidateStatus.REJECTED
    with django_capture_on_commit_callbacks(execute=True):
        cases.allegation_update(actor=officer, allegation=ngo, narrative=SR_TEXT)
        cases.allegation_attach(actor=officer, allegation=ngo, case=ngo.case)
    assert pair(sr, ngo).status == CandidateStatus.REJECTED


def test_deferring_takes_the_pair_out_of_the_queue_until_decided(sr_and_ngo, reviewer):
    sr, ngo, _other = sr_and_ngo
    services.allegation_duplicates_run(actor=reviewer)
    services.allegation_candidate_defer(actor=reviewer, candidate=pair(sr, ngo))
    assert services.allegation_duplicates_run(actor=reviewer).proposed == 0
    services.allegation_candidate_accept(actor=reviewer, candidate=pair(sr, ngo))
    assert pair(sr, ngo).status == CandidateStatus.ACCEPTED


def test_a_pair_decided_meanwhile_is_a_conflict(sr_and_ngo, reviewer, officer):
    sr, ngo, _other = sr_and_ngo
    services.allegation_duplicates_run(actor=reviewer)
    candidate = pair(sr, ngo)
    services.allegation_candidate_reject(actor=officer, candidate=candidate, expected_status="proposed")
    for decide in (services.allegation_candidate_accept, services.allegation_candidate_reject,
                   services.allegation_candidate_defer):
        with pytest.raises(Conflict) as err:
            decide(actor=reviewer, candidate=candidate, expected_status="proposed")
        assert err.value.fields == {"expected_status": ["rejected"]}
    with pytest.raises(ValidationFailed) as bad:
        services.allegation_candidate_defer(actor=reviewer, candidate=candidate, expected_status="maybe")
    assert "expected_status" in bad.value.fields


def test_a_rejection_is_reversed_by_accepting_the_rejected_pair_knowingly(sr_and_ngo, reviewer):
    sr, ngo, _other = sr_and_ngo
    services.allegation_duplicates_run(actor=reviewer)
    services.allegation_candidate_reject(actor=reviewer, candidate=pair(sr, ngo))
    with pytest.raises(Conflict):
        services.allegation_candidate_accept(actor=reviewer, candidate=pair(sr, ngo))
    services.allegation_candidate_accept(actor=reviewer, candidate=pair(sr, ngo), expected_status="rejected")
    assert pair(sr, ngo).status == CandidateStatus.ACCEPTED


def test_undoing_an_accept_dissolves_the_group_and_remembers_the_rejection(sr_and_ngo, reviewer):
    sr, ngo, _other = sr_and_ngo
    services.allegation_duplicates_run(actor=reviewer)
    group = services.allegation_candidate_accept(actor=reviewer, candidate=pair(sr, ngo))
    with pytest.raises(Conflict):
        services.allegation_candidate_reject(actor=reviewer, candidate=pair(sr, ngo), expected_status="accepted")
    assert services.incident_group_unmerge(actor=reviewer, group=group, allegation=ngo, note="two arrests") is None
    assert not IncidentGroup.objects.exists() and not IncidentGroupMember.objects.exists()
    assert pair(sr, ngo).status == CandidateStatus.REJECTED
    assert Allegation.objects.filter(pk__in=[sr.pk, ngo.pk]).count() == 2
    assert services.allegation_duplicates_run(actor=reviewer).proposed == 0
    entry = AuditEntry.objects.filter(action="incident_group.unmerge").latest("seq")
    assert entry.payload == {"allegation": ngo.pk, "candidates_rejected": [pair(sr, ngo).pk], "dissolved": True,
                             "remaining": [sr.pk]}


def test_accepting_across_two_groups_joins_them(officer, reviewer):
    a = report(officer, entity="SP", text=SR_TEXT)
    b = report(officer, entity="ISHR", text=SR_TEXT)
    c = report(officer, entity="CAT", text=SR_TEXT)
    d = report(officer, entity="CCPR", text=SR_TEXT)
    services.allegation_duplicates_run(actor=reviewer)
    g1 = services.allegation_candidate_accept(actor=reviewer, candidate=pair(a, b))
    g2 = services.allegation_candidate_accept(actor=reviewer, candidate=pair(c, d))
    assert g1.pk != g2.pk
    joined = services.allegation_candidate_accept(actor=reviewer, candidate=pair(b, c))
    assert joined.members.count() == 4 and IncidentGroup.objects.count() == 1
    assert services.allegation_duplicates_run(actor=reviewer).proposed == 0  # all in one group now
    services.incident_group_unmerge(actor=reviewer, group=joined, allegation=d)
    assert joined.members.count() == 3
    with pytest.raises(Conflict):
        services.incident_group_unmerge(actor=reviewer, group=joined, allegation=d)


def test_the_audit_log_holds_no_names_no_narrative_and_its_chain_verifies(sr_and_ngo, reviewer):
    sr, ngo, _other = sr_and_ngo
    services.allegation_duplicates_run(actor=reviewer)
    group = services.allegation_candidate_accept(actor=reviewer, candidate=pair(sr, ngo))
    services.incident_group_unmerge(actor=reviewer, group=group, allegation=ngo)
    entries = AuditEntry.objects.filter(action__in=[
        "linkage.allegation_run", "allegation_candidate.accept", "incident_group.unmerge"])
    assert entries.count() == 3
    dumped = json.dumps([e.payload for e in entries]) + json.dumps(list(
        AllegationCandidate.objects.values_list("reasons", flat=True)))
    for secret in ("Maryam", "Example", "Protected Source", "airport", "incommunicado"):
        assert secret not in dumped
    assert audit_verify() is None


def test_a_report_through_the_public_form_is_matched_too_with_its_source_unknown(
        sr_and_ngo, django_capture_on_commit_callbacks):
    sr, _ngo, _other = sr_and_ngo
    data = SubmissionData(country="BHR", what_happened=SR_TEXT, incident_date="2016-03-12",
                          forms=["detention", "arbitrary_arrest"],
                          persons=[PersonData(name="Maryam Example", gender="female")])
    with django_capture_on_commit_callbacks(execute=True):
        submission, _receipt = intake.submission_receive_public(data=data)
    candidate = pair(sr, submission.allegation)
    assert candidate.kind == "duplicate" and candidate.score > 0.95
    assert candidate.reasons["fields"]["source"]["level"] == "source_unknown"
    entry = AuditEntry.objects.filter(action="linkage.allegation_propose").latest("seq")
    assert entry.actor_label == "system"


def test_a_failure_while_proposing_never_undoes_the_recorded_allegation(officer, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "duplicates_for_allegation", broken)
    with django_capture_on_commit_callbacks(execute=True):
        allegation = cases.allegation_record(actor=officer, country=Country.objects.get(iso3="BHR"),
                                             received_on=dt.date(2016, 3, 21), narrative=SR_TEXT)
    assert Allegation.objects.filter(pk=allegation.pk).exists()
