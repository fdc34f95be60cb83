"""An erasure reaches every copy of the person's names that other parts of the register keep about the
case: follow-up (developments, letters to the State, the State's answers, their assessments), intake
(what was received and the people it listed, information added later), online evidence, and reports
(exclusion notes, report texts). Each app registers its part in ``cases.erasure.ERASURE_HOOKS``."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reprisals.cases.erasure import ERASED, erasure_confirm, erasure_request
from reprisals.followup import services as followup
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, StateResponse
from reprisals.followup.services import summary_digest
from reprisals.intake import services as intake
from reprisals.intake.models import Submission
from reprisals.intake.rows import PersonData, SubmissionData
from reprisals.reference.models import UNBody
from reprisals.reports import services as reports
from reprisals.reports.models import ReportExclusion, ReportingPeriod
from reprisals.trackers import services as trackers
from reprisals.trackers.models import OnlineEvidence

pytestmark = pytest.mark.django_db
NAME = "Zainab Erasable"


def test_an_erasure_removes_the_name_from_follow_up_intake_evidence_and_reports(consenting_case, officer, reviewer,
                                                                              submitter):
    case = consenting_case(name=NAME, title="Detention of a defender")
    today = dt.date.today()
    followup.development_record(actor=officer, case=case, kind="release", date="2016-05",
                                description=f"{NAME} was released on bail.")
    letter = followup.communication_record(
        actor=officer, country=case.country, kind="sp_allegation_letter", un_body=UNBody.objects.get(code="SR-HRD"),
        sent_on=today, summary=f"The detention of {NAME}.", internal_notes=f"{NAME}'s lawyer asked us to write.",
        cases=[case])
    answer = followup.response_record(actor=officer, communication=letter, summary=f"{NAME} is free.",
                                      received_on=today)
    followup.assessment_propose(actor=officer, communication=letter, response=answer, level="partial",
                                reason=f"{NAME} was released but the charges stand.")
    sent = intake.submission_create(actor=submitter, data=SubmissionData(
        country="BHR", what_happened=f"{NAME} was detained after the HRC session.", sender_reference="E1",
        persons=[PersonData(name=NAME, gender="female", roles=["lawyer"])]))
    intake.submission_attach(actor=officer, submission=sent, case=case)
    trackers.evidence_add(actor=officer, incident=case.incidents.get(), platform="x_twitter",
                          seen_at=dt.datetime(2016, 3, 12, tzinfo=dt.UTC), text=f"{NAME} is a traitor")
    period = reports.period_create(actor=officer, start=dt.date(2016, 1, 1), end=dt.date(2016, 12, 31),
                                   title=f"Report (draft, about {NAME})")
    reports.exclusion_decide(actor=officer, period=period, case=case, reason="security",
                             note=f"{NAME} asked to be left out.")

    party = case.parties.get(name=NAME)
    erasure_confirm(actor=reviewer, request=erasure_request(actor=officer, party=party, reason="Asked to be erased."))

    texts = [
        *CaseDevelopment.objects.filter(case=case).values_list("description", flat=True),
        *Communication.objects.filter(pk=letter.pk).values_list("summary", "internal_notes").get(),
        StateResponse.objects.get(pk=answer.pk).summary,
        Assessment.objects.get(communication=letter).reason,
        OnlineEvidence.objects.get(incident__case=case).text,
        ReportExclusion.objects.get(case=case).note,
        ReportingPeriod.objects.get(pk=period.pk).title,
    ]
    received = Submission.objects.get(pk=sent.pk)
    texts += [received.what_happened, *(p["name"] for p in json.loads(received.persons))]
    assert all(NAME not in text and ERASED in text for text in texts), texts
    assert StateResponse.objects.get(pk=answer.pk).summary_digest == summary_digest(f"{ERASED} is free.")
