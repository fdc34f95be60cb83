"""The rules of follow-up with States, stated without a database: deadlines, overdue and due soon,
what an assessment may say, when a case leaves follow-up, carry-over, and a State's record."""

from __future__ import annotations

import datetime as dt
import statistics

from hypothesis import given
from hypothesis import strategies as st

from reprisals.cases.models import CaseStatus
from reprisals.cases.workflow import is_allowed
from reprisals.followup import rules
from reprisals.followup.choices import AssessmentLevel, CommunicationKind
from reprisals.followup.rules import CommunicationStanding, RecordRow

D = dt.date
SENT = D(2024, 3, 1)


# ---------------------------------------------------------------- deadlines


def test_every_kind_of_communication_has_a_default_deadline():
    assert set(rules.DEFAULT_DEADLINE_DAYS) == set(CommunicationKind.values)


def test_an_allegation_letter_gives_the_state_sixty_days():
    assert rules.default_deadline(CommunicationKind.SP_ALLEGATION_LETTER, SENT) == D(2024, 4, 30)


def test_an_urgent_appeal_asks_for_a_faster_answer_than_an_allegation_letter():
    urgent = rules.default_deadline(CommunicationKind.SP_URGENT_APPEAL, SENT)
    letter = rules.default_deadline(CommunicationKind.SP_ALLEGATION_LETTER, SENT)
    assert SENT < urgent < letter


def test_a_deadline_before_the_date_sent_is_refused():
    assert rules.deadline_problem(SENT, SENT - dt.timedelta(days=1), today=SENT) == "before_sent"


def test_a_deadline_already_past_when_recorded_is_refused():
    assert rules.deadline_problem(SENT, D(2024, 3, 10), today=D(2024, 3, 11)) == "past"


def test_a_deadline_today_or_later_is_accepted():
    assert rules.deadline_problem(SENT, D(2024, 3, 11), today=D(2024, 3, 11)) is None


# ---------------------------------------------------------------- overdue and due soon


def test_a_communication_is_overdue_the_day_after_its_deadline_without_an_answer():
    deadline = D(2024, 4, 30)
    assert not rules.is_overdue(deadline, None, today=deadline)
    assert rules.is_overdue(deadline, None, today=deadline + dt.timedelta(days=1))


def test_an_answered_communication_is_never_overdue_even_when_answered_late():
    assert not rules.is_overdue(D(2024, 4, 30), D(2024, 6, 1), today=D(2025, 1, 1))


def test_due_soon_means_unanswered_with_the_deadline_within_the_window():
    today = D(2024, 4, 20)
    assert rules.is_due_soon(D(2024, 4, 20), None, today, window=14)
    assert rules.is_due_soon(D(2024, 5, 4), None, today, window=14)
    assert not rules.is_due_soon(D(2024, 5, 5), None, today, window=14)
    assert not rules.is_due_soon(D(2024, 4, 19), None, today, window=14)  # that one is overdue
    assert not rules.is_due_soon(D(2024, 4, 25), D(2024, 4, 1), today, window=14)


def test_a_late_answer_is_accepted_and_flagged_late():
    assert rules.is_late(D(2024, 4, 30), D(2024, 5, 1))
    assert not rules.is_late(D(2024, 4, 30), D(2024, 4, 30))
    assert rules.deadline_state(D(2024, 4, 30), D(2024, 5, 1), D(2024, 6, 1)) == "answered_late"
    assert rules.deadline_state(D(2024, 4, 30), D(2024, 4, 2), D(2024, 6, 1)) == "answered_on_time"


@given(deadline=st.dates(D(2000, 1, 1), D(2040, 1, 1)), today=st.dates(D(2000, 1, 1), D(2040, 1, 1)),
       window=st.integers(0, 90))
def test_an_unanswered_communication_is_in_exactly_one_of_overdue_due_soon_or_pending(deadline, today, window):
    state = rules.deadline_state(deadline, None, today, window)
    assert state in {"overdue", "due_soon", "pending"}
    assert (state == "overdue") == rules.is_overdue(deadline, None, today)
    assert (state == "due_soon") == rules.is_due_soon(deadline, None, today, window)


def test_a_reminder_goes_out_for_overdue_and_due_soon_communications_only():
    today = D(2024, 5, 1)
    assert rules.reminder_kind(D(2024, 4, 30), None, today) == "overdue"
    assert rules.reminder_kind(D(2024, 5, 10), None, today, window=14) == "due_soon"
    assert rules.reminder_kind(D(2024, 7, 1), None, today, window=14) is None
    assert rules.reminder_kind(D(2024, 4, 30), D(2024, 4, 20), today) is None


# ---------------------------------------------------------------- assessments


def test_no_response_can_be_recorded_only_after_the_deadline_passed_unanswered():
    assert not rules.may_assess_no_response(D(2024, 4, 30), None, today=D(2024, 4, 30))
    assert rules.may_assess_no_response(D(2024, 4, 30), None, today=D(2024, 5, 1))
    assert not rules.may_assess_no_response(D(2024, 4, 30), D(2024, 4, 29), today=D(2024, 5, 1))


def test_no_response_is_the_assessment_of_a_silence_and_every_other_level_that_of_a_response():
    assert rules.assessment_problem(AssessmentLevel.NO_RESPONSE, True, []) == ("level", "response_exists")
    assert rules.assessment_problem(AssessmentLevel.PARTIAL, False, []) == ("response", "response_needed")
    assert rules.assessment_problem(AssessmentLevel.NO_RESPONSE, False, [False] * 5) is None


def test_an_adequate_response_needs_something_the_state_did():
    assert rules.assessment_problem(AssessmentLevel.ADEQUATE, True, [False] * 5) == ("level", "adequate_needs_action")
    assert rules.assessment_problem(AssessmentLevel.ADEQUATE, True, [True, False, False, False, False]) is None


def test_nothing_done_can_be_recorded_against_no_response():
    assert rules.assessment_problem(AssessmentLevel.NO_RESPONSE, False, [True]) == ("level", "no_response_no_action")


# ---------------------------------------------------------------- adequacy and leaving follow-up


def standing(sent_on, pk, level=None, at=None):
    return CommunicationStanding(sent_on, pk, level, at)


def test_a_case_is_adequately_addressed_only_by_a_confirmed_adequate_assessment_of_its_latest_communication():
    assert not rules.adequately_addressed([])
    assert not rules.adequately_addressed([standing(SENT, 1, None)])  # proposed only: not confirmed
    assert not rules.adequately_addressed([standing(SENT, 1, AssessmentLevel.PARTIAL)])
    assert rules.adequately_addressed([standing(SENT, 1, AssessmentLevel.ADEQUATE)])


def test_an_old_adequate_answer_does_not_count_once_the_case_was_raised_again():
    old = standing(D(2020, 1, 1), 1, AssessmentLevel.ADEQUATE)
    new = standing(D(2023, 1, 1), 2, None)
    assert not rules.adequately_addressed([old, new])
    assert rules.adequately_addressed([old, standing(D(2023, 1, 1), 2, AssessmentLevel.ADEQUATE)])


def test_an_adequate_answer_confirmed_before_the_case_was_reopened_does_not_count():
    confirmed = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    comm = [standing(SENT, 1, AssessmentLevel.ADEQUATE, confirmed)]
    assert not rules.adequately_addressed(comm, reopened_at=confirmed + dt.timedelta(days=1))
    assert rules.adequately_addressed(comm, reopened_at=confirmed - dt.timedelta(days=1))


def test_a_case_may_be_closed_as_adequately_addressed_only_from_follow_up_statuses():
    adequate = [standing(SENT, 1, AssessmentLevel.ADEQUATE)]
    assert rules.may_close_adequately(CaseStatus.FOLLOW_UP, adequate)
    assert rules.may_close_adequately(CaseStatus.AWAITING_RESPONSE, adequate)
    assert not rules.may_close_adequately(CaseStatus.VERIFIED, adequate)
    assert not rules.may_close_adequately(CaseStatus.FOLLOW_UP, [standing(SENT, 1, AssessmentLevel.PARTIAL)])


# ---------------------------------------------------------------- the case workflow and carry-over


def test_the_statuses_the_rules_name_are_case_statuses():
    for status in (rules.VERIFIED, rules.CLOSED_ADEQUATELY_ADDRESSED, *rules.FOLLOW_UP_STATUSES):
        assert status in CaseStatus.values


def test_recording_a_communication_raises_a_verified_case_with_the_state_and_awaits_the_answer():
    assert rules.moves_on_communication(CaseStatus.VERIFIED) == (CaseStatus.RAISED_WITH_STATE,
                                                                 CaseStatus.AWAITING_RESPONSE)
    assert rules.moves_on_communication(CaseStatus.FOLLOW_UP) == (CaseStatus.AWAITING_RESPONSE,)
    assert rules.moves_on_communication(CaseStatus.RECEIVED) == ()
    assert rules.moves_on_communication(CaseStatus.CLOSED_WITHDRAWN) == ()


def test_every_move_the_rules_make_is_allowed_by_the_case_workflow():
    for status in CaseStatus.values:
        current = status
        for step in rules.moves_on_communication(status):
            assert is_allowed(current, step), (current, step)
            current = step
        for step in rules.moves_on_answer(status):
            assert is_allowed(status, step)


def test_an_answer_moves_a_case_awaiting_it_into_follow_up():
    assert rules.moves_on_answer(CaseStatus.AWAITING_RESPONSE) == (CaseStatus.FOLLOW_UP,)
    assert rules.moves_on_answer(CaseStatus.FOLLOW_UP) == ()


def test_cases_raised_with_the_state_carry_over_until_an_adequate_response_is_confirmed():
    for status in (CaseStatus.RAISED_WITH_STATE, CaseStatus.AWAITING_RESPONSE, CaseStatus.FOLLOW_UP):
        assert rules.carries_over(status, confirmed_adequate=False)
        assert not rules.carries_over(status, confirmed_adequate=True)


def test_closed_cases_and_cases_not_yet_raised_do_not_carry_over():
    for status in (CaseStatus.RECEIVED, CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED,
                   CaseStatus.CLOSED_ADEQUATELY_ADDRESSED, CaseStatus.CLOSED_NOT_SUBSTANTIATED,
                   CaseStatus.CLOSED_WITHDRAWN):
        assert not rules.carries_over(status, confirmed_adequate=False)


# ---------------------------------------------------------------- a State's record


def test_a_states_record_counts_sent_answered_on_time_and_adequate():
    rows = [
        rules.record_row(D(2024, 1, 1), D(2024, 3, 1), D(2024, 2, 1), AssessmentLevel.ADEQUATE),  # 31 days, on time
        rules.record_row(D(2024, 1, 1), D(2024, 3, 1), D(2024, 4, 1), AssessmentLevel.PARTIAL),  # 91 days, late
        rules.record_row(D(2024, 1, 1), D(2024, 3, 1), None, AssessmentLevel.NO_RESPONSE),
        rules.record_row(D(2024, 1, 1), D(2024, 3, 1), None, None),
    ]
    record = rules.state_record(rows)
    assert (record.sent, record.answered, record.answered_on_time) == (4, 2, 1)
    assert record.median_days_to_answer == 61
    assert (record.assessed, record.adequate) == (3, 1)
    assert record.share_adequate == 0.25 and record.share_answered == 0.5 and record.share_on_time == 0.25


def test_a_state_that_never_answers_has_no_median_and_a_state_never_written_to_has_no_shares():
    silent = rules.state_record([rules.record_row(SENT, D(2024, 4, 1), None, None)] * 3)
    assert silent.sent == 3 and silent.answered == 0 and silent.median_days_to_answer is None
    empty = rules.state_record([])
    assert empty.sent == 0 and empty.share_adequate is None and empty.share_answered is None


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 5)), min_size=1, max_size=30))
def test_grouped_rows_give_the_same_record_as_one_row_per_communication(groups):
    grouped = [RecordRow(days, days <= 60, None, n) for days, n in groups]
    single = [RecordRow(days, days <= 60, None) for days, n in groups for _ in range(n)]
    assert rules.state_record(grouped) == rules.state_record(single)
    assert rules.state_record(grouped).median_days_to_answer == statistics.median(
        [days for days, n in groups for _ in range(n)])
