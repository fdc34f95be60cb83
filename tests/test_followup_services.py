"""The write path of follow-up with States: communications, responses, assessments, developments and
attachments; what moves a case along its workflow; and what is refused, with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from reprisals.cases import services as case_services
from reprisals.cases.models import CaseStatus, StatusChange
from reprisals.cases.selectors import case_detail, case_timeline
from reprisals.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from reprisals.core.models import AuditEntry
from reprisals.followup import files, selectors, services
from reprisals.followup.choices import AssessmentLevel, AssessmentStatus, CommunicationKind
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, FollowupAttachment, StateResponse
from reprisals.reference.models import Country, UNBody
from tests.dates import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_case(consenting_case):
    """Communications name these cases, and a case is raised only with its parties' consent."""
    return consenting_case

PDF = b"%PDF-1.4 the note verbale\n%%EOF"


def verify(case, actor):
    for status in (CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED):
        case = case_services.case_transition(actor=actor, case=case, to_status=status, reason="checked",
                                             expected_version=None)
    return case


@pytest.fixture
def verified_case(new_case, officer):
    return verify(new_case(), officer)


def record(actor, cases, **extra):
    values = dict(
        country=cases[0].country, kind=CommunicationKind.SP_ALLEGATION_LETTER,
        un_body=UNBody.objects.get(code="SR-HRD"), sent_on=today(), summary="Allegation letter on the detention.",
        cases=cases, symbol="AL BHR 3/2024",
    )
    values.update(extra)
    return services.communication_record(actor=actor, **values)


def counts():
    return (Communication.objects.count(), StateResponse.objects.count(), Assessment.objects.count(),
            FollowupAttachment.objects.count(), CaseDevelopment.objects.count())


# ---------------------------------------------------------------- communications


def test_a_communication_gets_the_default_deadline_of_its_kind(officer, verified_case):
    letter = record(officer, [verified_case])
    appeal = record(officer, [verified_case], kind=CommunicationKind.SP_URGENT_APPEAL, symbol="UA BHR 1/2024")
    assert letter.deadline == today() + dt.timedelta(days=60)
    assert appeal.deadline == today() + dt.timedelta(days=30)


def test_recording_a_communication_raises_a_verified_case_with_the_state_and_awaits_the_answer(officer, verified_case):
    record(officer, [verified_case])
    verified_case.refresh_from_db()
    assert verified_case.status == CaseStatus.AWAITING_RESPONSE
    moves = list(StatusChange.objects.filter(case=verified_case).values_list("to_status", "reason"))[-2:]
    assert [m[0] for m in moves] == [CaseStatus.RAISED_WITH_STATE, CaseStatus.AWAITING_RESPONSE]
    assert all("AL BHR 3/2024" in reason for _status, reason in moves)


def test_a_case_not_yet_verified_keeps_its_status(officer, new_case):
    case = new_case()
    record(officer, [case])
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_one_communication_can_concern_several_cases_of_the_same_state(officer, new_case, verified_case):
    other = new_case(title="Second defender", name="Second Person")
    communication = record(officer, [verified_case, other])
    assert set(communication.cases.values_list("pk", flat=True)) == {verified_case.pk, other.pk}


def test_cases_of_another_state_are_refused_naming_the_cases_field(officer, new_case, verified_case):
    saudi_case = new_case(country=Country.objects.get(iso3="SAU"), title="Saudi case", name="Other Name")
    before = counts()
    with pytest.raises(ValidationFailed) as err:
        record(officer, [verified_case, saudi_case])
    assert "cases" in err.value.fields and "Saudi Arabia" in err.value.fields["cases"][0]
    assert counts() == before
    verified_case.refresh_from_db()
    assert verified_case.status == CaseStatus.VERIFIED


def test_a_case_the_officer_may_not_see_cannot_be_named(officer, officer2, reviewer, verified_case):
    case_services.case_restrict(actor=reviewer, case=verified_case, restricted=True, members=[])
    with pytest.raises(ValidationFailed) as err:
        record(officer2, [verified_case])
    assert "cases" in err.value.fields


def test_a_communication_needs_at_least_one_case(officer, bahrain):
    with pytest.raises(ValidationFailed) as err:
        services.communication_record(actor=officer, country=bahrain, kind="note_verbale",
                                      un_body=UNBody.objects.get(code="OHCHR"), sent_on=today(), summary="x", cases=[])
    assert "cases" in err.value.fields


def test_a_deadline_in_the_past_at_creation_is_refused_and_nothing_is_saved(officer, verified_case):
    before = counts()
    with pytest.raises(ValidationFailed) as err:
        record(officer, [verified_case], sent_on=today() - dt.timedelta(days=90))  # default deadline passed
    assert list(err.value.fields) == ["deadline"]
    with pytest.raises(ValidationFailed) as err:
        record(officer, [verified_case], deadline=today() - dt.timedelta(days=1))
    assert list(err.value.fields) == ["deadline"]
    assert counts() == before
    verified_case.refresh_from_db()
    assert verified_case.status == CaseStatus.VERIFIED


def test_a_communication_sent_in_the_future_is_refused(officer, verified_case):
    with pytest.raises(ValidationFailed) as err:
        record(officer, [verified_case], sent_on=today() + dt.timedelta(days=1))
    assert "sent_on" in err.value.fields


def test_a_focal_point_cannot_record_communications(focal, verified_case):
    with pytest.raises(Forbidden):
        record(focal, [verified_case])


def test_recording_is_audited_with_codes_not_text(officer, verified_case):
    communication = record(officer, [verified_case], internal_notes="Mission said to call the minister")
    entry = AuditEntry.objects.get(action="communication.record", object_id=str(communication.pk))
    assert entry.payload["cases"] == [verified_case.reference] and entry.payload["un_body"] == "SR-HRD"
    assert "detention" not in str(entry.payload) and "minister" not in str(entry.payload)


# ---------------------------------------------------------------- responses


def test_a_response_moves_the_case_into_follow_up_and_dates_the_answer(officer, verified_case, clock):
    communication = record(officer, [verified_case])
    clock(10)
    services.response_record(actor=officer, communication=communication, received_on=today() + dt.timedelta(days=9),
                             summary="The Government rejects the allegations.", channel="note_verbale")
    communication.refresh_from_db()
    verified_case.refresh_from_db()
    assert communication.answered_on == today() + dt.timedelta(days=9) and communication.days_to_answer == 9
    assert verified_case.status == CaseStatus.FOLLOW_UP


def test_a_late_response_is_accepted_and_flagged_late(officer, verified_case, clock):
    communication = record(officer, [verified_case], kind=CommunicationKind.SP_URGENT_APPEAL)
    clock(45)
    response = services.response_record(actor=officer, communication=communication,
                                        received_on=today() + dt.timedelta(days=44), summary="Late reply.")
    assert AuditEntry.objects.get(action="response.record", object_id=str(response.pk)).payload["late"] is True


def test_a_response_dated_before_its_communication_is_refused_and_nothing_is_saved(officer, verified_case):
    communication = record(officer, [verified_case], sent_on=today() - dt.timedelta(days=5))
    before = counts()
    with pytest.raises(ValidationFailed) as err:
        services.response_record(actor=officer, communication=communication,
                                 received_on=today() - dt.timedelta(days=6), summary="Reply")
    assert list(err.value.fields) == ["received_on"] and "before" in err.value.fields["received_on"][0]
    assert counts() == before
    communication.refresh_from_db()
    assert communication.answered_on is None


def test_a_response_dated_in_the_future_is_refused(officer, verified_case):
    communication = record(officer, [verified_case])
    with pytest.raises(ValidationFailed) as err:
        services.response_record(actor=officer, communication=communication,
                                 received_on=today() + dt.timedelta(days=1), summary="Reply")
    assert list(err.value.fields) == ["received_on"]


def test_a_duplicate_response_is_refused_and_nothing_is_saved(officer, verified_case):
    communication = record(officer, [verified_case])
    services.response_record(actor=officer, communication=communication, received_on=today(),
                             summary="The Government rejects the allegations.")
    before = counts()
    with pytest.raises(ValidationFailed) as err:
        services.response_record(actor=officer, communication=communication, received_on=today(),
                                 summary="  the government rejects   the allegations. ")
    assert list(err.value.fields) == ["summary"] and "already recorded" in err.value.fields["summary"][0]
    assert counts() == before


def test_staff_cannot_pretend_a_response_came_through_the_portal(officer, verified_case):
    communication = record(officer, [verified_case])
    with pytest.raises(ValidationFailed) as err:
        services.response_record(actor=officer, communication=communication, received_on=today(), summary="x",
                                 channel="portal")
    assert "channel" in err.value.fields


def test_a_state_user_answers_its_own_states_communication_through_the_portal(officer, state_user, verified_case):
    communication = record(officer, [verified_case])
    response = services.response_record(actor=state_user, communication=communication.pk,
                                        summary="Investigation opened.",
                                        received_on=today() - dt.timedelta(days=300), channel="email",
                                        attachments=[files.Upload("reply.pdf", PDF)])
    assert response.channel == "portal" and response.received_on == today() and response.submitted_by == state_user
    assert response.attachments.get().visible_to_state
    verified_case.refresh_from_db()
    assert verified_case.status == CaseStatus.AWAITING_RESPONSE  # the officer moves it when assessing


def test_a_state_user_cannot_answer_another_states_communication(officer, state_user, new_case):
    saudi = verify(new_case(country=Country.objects.get(iso3="SAU"), title="Saudi case", name="Other"), officer)
    communication = record(officer, [saudi])
    with pytest.raises(NotFound):
        services.response_record(actor=state_user, communication=communication.pk, summary="Not ours")
    assert not StateResponse.objects.exists()


# ---------------------------------------------------------------- assessments


def answered(officer, case, level_summary="The authorities opened an independent investigation.",
             symbol="AL BHR 3/2024"):
    communication = record(officer, [case], symbol=symbol)
    response = services.response_record(actor=officer, communication=communication, received_on=today(),
                                        summary=level_summary)
    return communication, response


def test_an_assessment_without_a_reason_is_refused_and_nothing_is_saved(officer, verified_case):
    communication, response = answered(officer, verified_case)
    before = counts()
    with pytest.raises(ValidationFailed) as err:
        services.assessment_propose(actor=officer, communication=communication, response=response,
                                    level=AssessmentLevel.PARTIAL, reason="   ")
    assert list(err.value.fields) == ["reason"]
    assert counts() == before


def test_no_response_cannot_be_assessed_before_the_deadline(officer, verified_case, clock):
    communication = record(officer, [verified_case])
    with pytest.raises(ValidationFailed) as err:
        services.assessment_propose(actor=officer, communication=communication, level=AssessmentLevel.NO_RESPONSE,
                                    reason="Nothing received")
    assert "level" in err.value.fields and "not passed" in err.value.fields["level"][0]
    clock(61)
    assessment = services.assessment_propose(actor=officer, communication=communication,
                                             level=AssessmentLevel.NO_RESPONSE, reason="Nothing received")
    assert assessment.status == AssessmentStatus.PROPOSED and assessment.response is None
    verified_case.refresh_from_db()
    assert verified_case.status == CaseStatus.FOLLOW_UP


def test_no_response_cannot_be_recorded_when_the_state_answered(officer, verified_case, clock):
    communication, _response = answered(officer, verified_case)
    clock(61)
    with pytest.raises(ValidationFailed) as err:
        services.assessment_propose(actor=officer, communication=communication, level=AssessmentLevel.NO_RESPONSE,
                                    reason="x")
    assert "level" in err.value.fields


def test_an_adequate_assessment_needs_something_the_state_did(officer, verified_case):
    communication, response = answered(officer, verified_case)
    with pytest.raises(ValidationFailed) as err:
        services.assessment_propose(actor=officer, communication=communication, response=response,
                                    level=AssessmentLevel.ADEQUATE, reason="Fine")
    assert "level" in err.value.fields


def test_a_response_of_another_communication_cannot_be_assessed_here(officer, verified_case):
    first, _r1 = answered(officer, verified_case)
    _second, r2 = answered(officer, verified_case, "Another reply", symbol="AL BHR 4/2024")
    with pytest.raises(ValidationFailed) as err:
        services.assessment_propose(actor=officer, communication=first, response=r2, level="partial", reason="x")
    assert "response" in err.value.fields


def test_only_one_assessment_awaits_a_reviewer_at_a_time(officer, verified_case):
    communication, response = answered(officer, verified_case)
    services.assessment_propose(actor=officer, communication=communication, response=response, level="partial",
                                reason="Some steps")
    with pytest.raises(Conflict):
        services.assessment_propose(actor=officer, communication=communication, response=response, level="partial",
                                    reason="Again")


def test_a_reviewer_confirms_an_assessment_and_the_confirmation_records_who_and_when(officer, reviewer, verified_case):
    communication, response = answered(officer, verified_case)
    proposed = services.assessment_propose(actor=officer, communication=communication, response=response,
                                           level="partial", reason="Investigation but no remedy",
                                           investigation_opened=True)
    confirmed, closed = services.assessment_confirm(actor=reviewer, assessment=proposed, note="Agreed")
    assert confirmed.status == AssessmentStatus.CONFIRMED and confirmed.decided_by == reviewer
    assert confirmed.decided_at is not None and closed == []
    communication.refresh_from_db()
    assert communication.assessment_level == "partial"
    assert AuditEntry.objects.filter(action="assessment.confirm", object_id=str(proposed.pk)).exists()


def test_the_proposer_cannot_confirm_their_own_assessment(reviewer, verified_case):
    communication, response = answered(reviewer, verified_case)
    proposed = services.assessment_propose(actor=reviewer, communication=communication, response=response,
                                           level="partial", reason="x", remedy_provided=True)
    with pytest.raises(Forbidden):
        services.assessment_confirm(actor=reviewer, assessment=proposed)
    with pytest.raises(Forbidden):
        services.assessment_return(actor=reviewer, assessment=proposed, note="no")


def test_a_case_officer_cannot_confirm_assessments(officer, officer2, verified_case):
    communication, response = answered(officer, verified_case)
    proposed = services.assessment_propose(actor=officer, communication=communication, response=response,
                                           level="partial", reason="x")
    with pytest.raises(Forbidden):
        services.assessment_confirm(actor=officer2, assessment=proposed)


def test_a_returned_assessment_needs_a_note_and_the_officer_may_propose_again(officer, reviewer, verified_case):
    communication, response = answered(officer, verified_case)
    proposed = services.assessment_propose(actor=officer, communication=communication, response=response,
                                           level="adequate", reason="All good", remedy_provided=True)
    with pytest.raises(ValidationFailed) as err:
        services.assessment_return(actor=reviewer, assessment=proposed, note="")
    assert list(err.value.fields) == ["note"]
    returned = services.assessment_return(actor=reviewer, assessment=proposed, note="The remedy is only promised")
    assert returned.status == AssessmentStatus.RETURNED and returned.decided_by == reviewer
    again = services.assessment_propose(actor=officer, communication=communication, response=response,
                                        level="partial", reason="Remedy promised, not given")
    assert again.status == AssessmentStatus.PROPOSED
    with pytest.raises(Conflict):
        services.assessment_confirm(actor=reviewer, assessment=returned)


def test_confirming_an_adequate_assessment_lets_the_reviewer_close_the_case(officer, reviewer, verified_case):
    communication, response = answered(officer, verified_case)
    proposed = services.assessment_propose(actor=officer, communication=communication, response=response,
                                           level="adequate", reason="Investigation and remedy",
                                           investigation_opened=True, remedy_provided=True)
    assert not selectors.case_may_close_adequately(verified_case)  # only proposed
    _confirmed, closed = services.assessment_confirm(actor=reviewer, assessment=proposed, close_cases=True)
    assert [c.pk for c in closed] == [verified_case.pk]
    verified_case.refresh_from_db()
    assert verified_case.status == CaseStatus.CLOSED_ADEQUATELY_ADDRESSED
    assert not selectors.case_carries_over(verified_case)


def test_closing_with_a_partial_assessment_is_refused(officer, reviewer, verified_case):
    communication, response = answered(officer, verified_case)
    proposed = services.assessment_propose(actor=officer, communication=communication, response=response,
                                           level="partial", reason="x")
    with pytest.raises(ValidationFailed) as err:
        services.assessment_confirm(actor=reviewer, assessment=proposed, close_cases=True)
    assert "close_cases" in err.value.fields
    proposed.refresh_from_db()
    assert proposed.status == AssessmentStatus.PROPOSED


def test_a_case_cannot_be_closed_as_adequately_addressed_without_a_confirmed_adequate_assessment(
    officer, reviewer, verified_case
):
    answered(officer, verified_case)
    with pytest.raises(InvalidTransition):
        services.case_close_adequately_addressed(actor=reviewer, case=verified_case, reason="Looks fine")
    verified_case.refresh_from_db()
    assert verified_case.status == CaseStatus.FOLLOW_UP


def test_a_case_in_follow_up_carries_over_until_an_adequate_response_is_confirmed(officer, reviewer, verified_case):
    communication, response = answered(officer, verified_case)
    verified_case.refresh_from_db()
    assert selectors.case_carries_over(verified_case)
    assert verified_case.pk in set(selectors.carried_over_cases(reviewer).values_list("pk", flat=True))
    proposed = services.assessment_propose(actor=officer, communication=communication, response=response,
                                           level="adequate", reason="x", preventive_measures=True)
    services.assessment_confirm(actor=reviewer, assessment=proposed)
    assert not selectors.case_carries_over(verified_case)
    assert verified_case.pk not in set(selectors.carried_over_cases(reviewer).values_list("pk", flat=True))


# ---------------------------------------------------------------- developments and the timeline


def test_a_development_is_recorded_with_a_partial_date_as_follow_up_information(officer, verified_case):
    development = services.development_record(actor=officer, case=verified_case, kind="release", date="2024-02",
                                              description="Released on bail.")
    assert str(development.date) == "2024-02" and development.for_next_report
    with pytest.raises(ValidationFailed) as err:
        services.development_record(actor=officer, case=verified_case, kind="release",
                                    date=str(today().year + 1), description="x")
    assert "date" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        services.development_record(actor=officer, case=verified_case, kind="death", date="2024", description=" ")
    assert "description" in err.value.fields


@pytest.mark.parametrize("date", ["1900", "1944-05", "1945-10-23"])
def test_a_development_before_the_united_nations_is_refused_naming_the_date(officer, verified_case, date):
    """Incidents and engagements start on 24 October 1945; developments of a case took any year from 1900."""
    from reprisals.followup.models import CaseDevelopment

    with pytest.raises(ValidationFailed) as err:
        services.development_record(actor=officer, case=verified_case, kind="release", date=date, description="x")
    assert "United Nations was founded" in err.value.fields["date"][0]
    assert not CaseDevelopment.objects.exists()
    assert services.development_record(actor=officer, case=verified_case, kind="release", date="1945-10-24",
                                       description="x").pk


def test_the_case_timeline_shows_communications_responses_assessments_and_developments(
    officer, reviewer, verified_case
):
    communication, response = answered(officer, verified_case)
    proposed = services.assessment_propose(actor=officer, communication=communication, response=response,
                                           level="partial", reason="Secret reasoning", investigation_opened=True)
    services.assessment_confirm(actor=reviewer, assessment=proposed)
    services.development_record(actor=officer, case=verified_case, kind="new_charges", date="2024",
                                description="Charged with terrorism.")
    events = case_timeline(case_detail(officer, verified_case.pk))
    kinds = {e.kind for e in events}
    assert {"communication", "state_response", "assessment", "development"} <= kinds
    text = " ".join(f"{e.title} {e.detail}" for e in events)
    assert "AL BHR 3/2024" in text and "Charged with terrorism." in text
    assert "Secret reasoning" not in text  # reasons stay in the follow-up panel
    assert "The authorities opened" not in text  # so do summaries of what the State said


# ---------------------------------------------------------------- attachments


def test_attachments_are_stored_encrypted_with_a_safe_name(officer, verified_case):
    secret = b"%PDF-1.4 confidential letter naming the source"
    communication = record(officer, [verified_case], attachments=[files.Upload("../../etc/Letter\x00 to BHR.pdf",
                                                                               secret)])
    attachment = communication.attachments.get()
    assert attachment.filename == "Letter to BHR.pdf" and attachment.size == len(secret)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed FROM followup_followupattachment WHERE id = %s", [attachment.pk])
        raw = bytes(cursor.fetchone()[0])
    assert b"confidential" not in raw
    assert services.attachment_open(actor=officer, attachment=attachment) == secret
    assert AuditEntry.objects.filter(action="attachment.download", object_id=str(attachment.pk)).exists()


@pytest.mark.parametrize("name,content,reason", [
    ("tool.exe", b"MZ\x90\x00", "not accepted"),
    ("letter.pdf", b"MZ\x90\x00 renamed executable", "does not match"),
    ("notes.txt", b"\xff\xfe\x00bad", "UTF-8"),
    ("empty.pdf", b"", "empty"),
    ("../..", b"%PDF-", "unusable"),
])
def test_unsafe_or_unknown_files_are_refused_naming_the_file_and_nothing_is_saved(
    officer, verified_case, name, content, reason
):
    before = counts()
    with pytest.raises(ValidationFailed) as err:
        record(officer, [verified_case], attachments=[files.Upload(name, content)])
    assert reason in err.value.fields["attachments"][0]
    assert counts() == before


def test_a_file_over_the_size_limit_is_refused(monkeypatch, officer, verified_case):
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    with pytest.raises(ValidationFailed) as err:
        record(officer, [verified_case], attachments=[files.Upload("big.pdf", b"%PDF-" + b"x" * 20)])
    assert "larger" in err.value.fields["attachments"][0]


def test_the_check_offered_to_the_cases_workflow_names_why_a_case_cannot_close(officer, reviewer, verified_case):
    communication, response = answered(officer, verified_case)
    assert "no confirmed assessment" in selectors.close_adequately_refusal(verified_case)
    proposed = services.assessment_propose(actor=officer, communication=communication, response=response,
                                           level="adequate", reason="x", remedy_provided=True)
    services.assessment_confirm(actor=reviewer, assessment=proposed)
    assert selectors.close_adequately_refusal(verified_case) is None
