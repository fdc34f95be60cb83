"""Reads of follow-up data: overdue and due-soon lists, a State's record, who sees which
communication, and what the State portal returns."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services as case_services
from reprisals.cases.models import CaseStatus
from reprisals.core.errors import NotFound
from reprisals.followup import files, selectors, services
from reprisals.followup.choices import CommunicationKind
from reprisals.followup.selectors import CommunicationFilters
from reprisals.reference.models import Country, UNBody
from tests.dates import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_case(consenting_case):
    """Communications name these cases, and a case is raised only with its parties' consent."""
    return consenting_case



def record(actor, case, kind=CommunicationKind.SP_ALLEGATION_LETTER, body="SR-HRD", **extra):
    return services.communication_record(
        actor=actor, country=case.country, kind=kind, un_body=UNBody.objects.get(code=body), sent_on=today(),
        summary="Letter about the case.", cases=[case], **extra)


def ids(qs):
    return [c.pk for c in qs]


@pytest.fixture
def saudi_case(new_case):
    return new_case(country=Country.objects.get(iso3="SAU"), title="Saudi case", name="Other Person")


# ---------------------------------------------------------------- overdue and due soon


def test_overdue_lists_unanswered_communications_past_their_deadline_latest_first(officer, new_case, clock):
    case = new_case()
    appeal = record(officer, case, CommunicationKind.SP_URGENT_APPEAL)  # due in 30 days
    letter = record(officer, case)  # due in 60 days
    answered = record(officer, case, CommunicationKind.SP_URGENT_APPEAL)
    services.response_record(actor=officer, communication=answered, received_on=today(), summary="Reply")
    clock(45)
    assert ids(selectors.communication_list(officer, CommunicationFilters(overdue=True))) == [appeal.pk]
    assert ids(selectors.communication_list(officer, CommunicationFilters(due_soon=True, window=20))) == [letter.pk]
    clock(61)
    assert ids(selectors.communication_list(officer, CommunicationFilters(overdue=True))) == [letter.pk, appeal.pk]


def test_overdue_and_due_soon_filter_by_state_and_by_un_body(officer, new_case, saudi_case, clock):
    bahrain_letter = record(officer, new_case())
    saudi_letter = record(officer, saudi_case, body="WGAD")
    clock(61)
    bahrain = Country.objects.get(iso3="BHR")
    by_state = CommunicationFilters(overdue=True, country=bahrain.pk)
    assert ids(selectors.communication_list(officer, by_state)) == [bahrain_letter.pk]
    by_body = CommunicationFilters(overdue=True, un_body=UNBody.objects.get(code="WGAD").pk)
    assert ids(selectors.communication_list(officer, by_body)) == [saudi_letter.pk]


def test_communications_about_closed_cases_only_are_not_chased(officer, new_case, clock):
    case = new_case()
    letter = record(officer, case)
    case_services.case_transition(actor=officer, case=case, to_status=CaseStatus.CLOSED_WITHDRAWN,
                                  reason="The person asked us to stop", expected_version=None)
    clock(61)
    assert ids(selectors.communication_list(officer, CommunicationFilters(overdue=True))) == []
    assert ids(selectors.communication_list(officer, CommunicationFilters())) == [letter.pk]


def test_a_communication_about_a_restricted_case_is_hidden_from_those_outside_its_compartment(
    officer, officer2, reviewer, new_case
):
    case = new_case()
    letter = record(officer, case)
    case_services.case_restrict(actor=reviewer, case=case, restricted=True, members=[officer])
    assert ids(selectors.communication_list(officer, CommunicationFilters())) == [letter.pk]
    assert ids(selectors.communication_list(officer2, CommunicationFilters())) == []
    with pytest.raises(NotFound):
        selectors.communication_get_for_user(officer2, letter.pk)


def test_focal_points_and_state_users_see_no_staff_communication_list(officer, focal, state_user, new_case):
    record(officer, new_case())
    assert ids(selectors.communication_list(focal, CommunicationFilters())) == []
    assert ids(selectors.communication_list(state_user, CommunicationFilters())) == []


# ---------------------------------------------------------------- a State's record


def test_a_states_record_over_a_period(officer, reviewer, new_case, clock):
    case = new_case()
    bahrain = case.country
    on_time = record(officer, case)
    late = record(officer, case, CommunicationKind.SP_URGENT_APPEAL)
    record(officer, case)  # never answered
    clock(40)
    services.response_record(actor=officer, communication=on_time, received_on=today() + dt.timedelta(days=10),
                             summary="Investigation opened")
    services.response_record(actor=officer, communication=late, received_on=today() + dt.timedelta(days=40),
                             summary="Denied")
    assessment = services.assessment_propose(actor=officer, communication=on_time, response=on_time.responses.get(),
                                             level="adequate", reason="x", investigation_opened=True)
    services.assessment_confirm(actor=reviewer, assessment=assessment)
    record_ = selectors.state_record(reviewer, bahrain)
    assert (record_.sent, record_.answered, record_.answered_on_time) == (3, 2, 1)
    assert record_.median_days_to_answer == 25 and record_.adequate == 1 and record_.assessed == 1
    assert selectors.state_record(reviewer, bahrain, today() + dt.timedelta(days=1)).sent == 0
    assert selectors.state_record(reviewer, Country.objects.get(iso3="SAU")).sent == 0


def test_a_state_user_cannot_read_any_states_record(state_user, bahrain):
    with pytest.raises(NotFound):
        selectors.state_record(state_user, bahrain)


# ---------------------------------------------------------------- the State portal


def test_the_portal_shows_a_state_user_only_its_own_states_communications(officer, state_user, new_case, saudi_case):
    own = record(officer, new_case(), internal_notes="Do not share")
    other = record(officer, saudi_case)
    assert ids(selectors.portal_communications(state_user)) == [own.pk]
    with pytest.raises(NotFound):
        selectors.portal_communication_get(state_user, other.pk)
    assert ids(selectors.portal_communications(officer)) == []


def test_the_portal_shows_staff_recorded_answers_without_the_staff_summary(officer, state_user, new_case):
    letter = record(officer, new_case(), attachments=[files.Upload("internal.pdf", b"%PDF-internal"),
                                                      files.Upload("letter.pdf", b"%PDF-sent", True)])
    services.response_record(actor=officer, communication=letter, received_on=today(),
                             summary="Staff note: reply contradicts source", channel="email")
    services.response_record(actor=state_user, communication=letter.pk, summary="Our own words")
    answers = selectors.portal_responses(letter)
    assert [a.summary for a in answers] == ["", "Our own words"]
    assert [a.filename for a in selectors.portal_attachments(letter)] == ["letter.pdf"]
    internal = letter.attachments.get(filename="internal.pdf")
    with pytest.raises(NotFound):
        selectors.portal_attachment_get(state_user, internal.pk)


# ---------------------------------------------------------------- reminders and the case panel


def test_reminders_go_to_the_responsible_officer_of_each_open_case(officer, officer2, senior, new_case, clock):
    case = new_case()
    case_services.case_assign(actor=senior, case=case, assignee=officer2)
    letter = record(officer, case, CommunicationKind.SP_URGENT_APPEAL)
    assert selectors.reminders_due(today(), 14) == {}
    due = selectors.reminders_due(today() + dt.timedelta(days=20), 14)
    assert list(due) == [officer2] and due[officer2] == [(letter, "due_soon")]
    due = selectors.reminders_due(today() + dt.timedelta(days=31), 14)
    assert due[officer2] == [(letter, "overdue")]


def test_the_case_panel_lists_communications_with_their_deadline_state(officer, focal, new_case, clock):
    case = new_case()
    letter = record(officer, case, CommunicationKind.SP_URGENT_APPEAL)
    services.development_record(actor=officer, case=case, kind="release", date="2024", description="Released")
    clock(31)
    panel = selectors.case_panel_context(officer, case)
    assert [row["communication"].pk for row in panel["followup_communications"]] == [letter.pk]
    assert panel["followup_communications"][0]["overdue"] is True
    assert [d.description for d in panel["followup_developments"]] == ["Released"]
    focal_panel = selectors.case_panel_context(focal, case)  # ISHR raised the case: focal point sees it
    assert focal_panel["followup_communications"] == [] and len(focal_panel["followup_developments"]) == 1
