"""The write path of the case register: what officers can record, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services
from reprisals.cases.models import AffectedParty, Allegation, Case, CaseStatus, ConsentUse, StatusChange
from reprisals.core.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from reprisals.core.models import AuditEntry
from reprisals.reference.models import Country, Entity

pytestmark = pytest.mark.django_db


def test_an_allegation_waits_in_triage_until_a_case_is_opened_from_it(officer, bahrain):
    allegation = services.allegation_record(
        actor=officer, country=bahrain, received_on=dt.date(2023, 5, 2), narrative="Travel ban after UPR.",
        source_entity=Entity.objects.get(code="ISHR"),
    )
    assert allegation.case is None and allegation.reference.startswith("AL-2023-")
    case = services.case_open(actor=officer, title="Travel ban", country=bahrain, allegation=allegation)
    allegation.refresh_from_db()
    assert allegation.case == case
    assert case.status == CaseStatus.RECEIVED
    assert case.reference.startswith("RT-")
    assert StatusChange.objects.filter(case=case, to_status=CaseStatus.RECEIVED).count() == 1


def test_an_allegation_can_be_added_to_an_existing_case(officer, bahrain, new_case):
    case = new_case()
    second = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2017, 1, 1),
                                        narrative="A second source confirms the detention.")
    services.allegation_attach(actor=officer, allegation=second, case=case)
    assert set(case.allegations.values_list("pk", flat=True)) >= {second.pk}


def test_an_allegation_already_in_a_case_cannot_open_another(officer, bahrain, new_case):
    case = new_case()
    allegation = case.allegations.first()
    with pytest.raises(ValidationFailed) as err:
        services.case_open(actor=officer, title="Again", country=bahrain, allegation=allegation)
    assert "allegation" in err.value.fields


def test_the_same_sender_reference_is_refused_twice(officer, bahrain):
    ishr = Entity.objects.get(code="ISHR")
    kwargs = dict(actor=officer, country=bahrain, received_on=dt.date(2020, 1, 1), narrative="x",
                  source_entity=ishr, source_reference="ISHR-2020-7")
    services.allegation_record(**kwargs)
    with pytest.raises(ValidationFailed) as err:
        services.allegation_record(**kwargs)
    assert "source_reference" in err.value.fields
    assert Allegation.objects.filter(source_reference="ISHR-2020-7").count() == 1


def test_a_future_received_date_is_refused(officer, bahrain):
    with pytest.raises(ValidationFailed) as err:
        services.allegation_record(actor=officer, country=bahrain, received_on=dt.date.today() + dt.timedelta(days=2),
                                   narrative="x")
    assert "received_on" in err.value.fields


def test_a_narrative_longer_than_the_limit_is_refused_and_nothing_is_saved(officer, bahrain):
    before = Allegation.objects.count()
    with pytest.raises(ValidationFailed) as err:
        services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2020, 1, 1),
                                   narrative="x" * 10_000_000)
    assert "narrative" in err.value.fields
    assert Allegation.objects.count() == before


@pytest.mark.parametrize("text", ["2016", "2016-03", "2016-03-04"])
def test_incidents_take_partial_dates(officer, new_case, text):
    case = new_case()
    incident = services.incident_add(actor=officer, case=case, date=text, forms=["death_threats"])
    assert str(incident.date) == text


@pytest.mark.parametrize("text", ["2016-13-45", "2016-02-30", "16", "March 2016", "2016-3-"])
def test_impossible_dates_are_refused_naming_the_field(officer, new_case, text):
    case = new_case()
    with pytest.raises(ValidationFailed) as err:
        services.incident_add(actor=officer, case=case, date=text, forms=["death_threats"])
    assert "date" in err.value.fields


def test_unknown_vocabulary_codes_are_named(officer, new_case):
    case = new_case()
    with pytest.raises(ValidationFailed) as err:
        services.incident_add(actor=officer, case=case, date="2016", forms=["death_threats", "made_up"])
    assert "made_up" in err.value.fields["forms"][0]


def test_the_year_of_a_case_is_the_year_of_its_first_incident(officer, new_case):
    case = new_case()
    services.incident_add(actor=officer, case=case, date="2014-07", forms=["surveillance"])
    case.refresh_from_db()
    assert case.year == 2014


def test_an_anonymous_party_keeps_the_real_name_only_in_the_protected_field(officer, new_case):
    case = new_case()
    party = services.party_add(actor=officer, case=case, is_anonymous=True, name="Should be dropped",
                               protected_name="Real Name", description="a lawyer", roles=["lawyer"])
    party.refresh_from_db()
    assert party.name == "" and party.protected_name == "Real Name" and party.protected_name_index
    assert party.display_name == "a lawyer"
    case.refresh_from_db()
    assert "real name" not in case.search_text


def test_name_variants_and_roles_are_recorded(officer, new_case):
    case = new_case()
    party = services.party_add(actor=officer, case=case, name="Abdulhadi Alkhawaja",
                               name_variants=["Abdul-Hadi al-Khawaja", " "], roles=["human_rights_defender"],
                               consequences=["detained"])
    assert party.name_variants == ["Abdul-Hadi al-Khawaja"]
    assert [t.code for t in party.consequences.all()] == ["detained"]


def test_status_moves_only_along_allowed_transitions(officer, new_case):
    case = new_case()
    with pytest.raises(InvalidTransition):
        services.case_transition(actor=officer, case=case, to_status=CaseStatus.FOLLOW_UP, reason="skip",
                                 expected_version=case.version)
    case = services.case_transition(actor=officer, case=case, to_status=CaseStatus.UNDER_ASSESSMENT,
                                    reason="Checking sources", expected_version=case.version)
    assert case.status == CaseStatus.UNDER_ASSESSMENT
    assert case.status_changes.last().reason == "Checking sources"


def test_a_status_change_needs_a_reason(officer, new_case):
    case = new_case()
    with pytest.raises(ValidationFailed) as err:
        services.case_transition(actor=officer, case=case, to_status=CaseStatus.UNDER_ASSESSMENT, reason="  ",
                                 expected_version=case.version)
    assert "reason" in err.value.fields


def _walk_to_follow_up(actor, case):
    for party in case.parties.all():  # raised with the State only with each party's consent
        services.consent_record(actor=actor, party=party, use=ConsentUse.RAISE_WITH_STATE, granted=True,
                                decided_on=dt.date(2016, 3, 12))
    case.refresh_from_db()
    for status in ("under_assessment", "verified", "raised_with_state", "awaiting_response", "follow_up"):
        case = services.case_transition(actor=actor, case=case, to_status=status, reason="step",
                                        expected_version=case.version)
    return case


def test_only_a_reviewer_closes_a_case_as_adequately_addressed_and_only_after_an_adequate_response(
    officer, reviewer, new_case
):
    case = _walk_to_follow_up(officer, new_case())
    with pytest.raises(Forbidden):
        services.case_transition(actor=officer, case=case, to_status=CaseStatus.CLOSED_ADEQUATELY_ADDRESSED,
                                 reason="State investigated", expected_version=case.version)
    # The follow-up rule: no confirmed adequate assessment of the State's response, no closing.
    with pytest.raises(InvalidTransition) as err:
        services.case_transition(actor=reviewer, case=case, to_status=CaseStatus.CLOSED_ADEQUATELY_ADDRESSED,
                                 reason="State investigated", expected_version=case.version)
    assert "to_status" in err.value.fields
    case.refresh_from_db()
    assert not case.is_closed


def test_a_stale_version_is_refused_and_the_first_save_wins(officer, officer2, new_case):
    case = new_case()
    loaded_by_both = case.version
    services.case_update(actor=officer, case=case, expected_version=loaded_by_both, title="First officer's title")
    with pytest.raises(Conflict):
        services.case_update(actor=officer2, case=case, expected_version=loaded_by_both, title="Second")
    case.refresh_from_db()
    assert case.title == "First officer's title"


def test_assigning_needs_an_officer_role(officer, reviewer, auditor, new_case):
    case = new_case()
    case = services.case_assign(actor=officer, case=case, assignee=reviewer)
    assert case.assigned_to == reviewer
    with pytest.raises(ValidationFailed):
        services.case_assign(actor=officer, case=case, assignee=auditor)


def test_roles_without_write_capability_cannot_record_anything(auditor, admin_user, state_user, bahrain):
    for user in (auditor, admin_user, state_user):
        with pytest.raises(Forbidden):
            services.allegation_record(actor=user, country=bahrain, received_on=dt.date(2020, 1, 1), narrative="x")


def test_a_focal_point_records_allegations_only_for_its_own_entity(focal, bahrain):
    other = Entity.objects.exclude(pk=focal.entity_id).first()
    with pytest.raises(Forbidden):
        services.allegation_record(actor=focal, country=bahrain, received_on=dt.date(2020, 1, 1), narrative="x",
                                   source_entity=other)
    own = services.allegation_record(actor=focal, country=bahrain, received_on=dt.date(2020, 1, 1), narrative="x")
    assert own.source_entity == focal.entity


def test_every_write_is_audited_without_protected_values(officer, new_case):
    case = new_case()
    entries = list(AuditEntry.objects.filter(actor_id=officer.pk).values_list("action", "payload"))
    actions = [a for a, _ in entries]
    for expected in ("allegation.record", "case.open", "party.add", "incident.add", "engagement.add"):
        assert expected in actions
    dumped = repr(entries)
    assert "Source Alpha" not in dumped and "alpha@example.org" not in dumped
    assert case.reference in dumped


def test_a_failed_write_leaves_no_trace(officer, new_case):
    case = new_case()
    parties, audits = AffectedParty.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationFailed):
        services.party_add(actor=officer, case=case, name="Valid name", roles=["human_rights_defender", "nope"])
    assert AffectedParty.objects.count() == parties
    assert AuditEntry.objects.count() == audits


def test_changing_the_state_of_a_case(officer, new_case):
    case = new_case()
    services.case_update(actor=officer, case=case, expected_version=case.version,
                         country=Country.objects.get(iso3="EGY"))
    assert Case.objects.get(pk=case.pk).country.iso3 == "EGY"
    # The case and its allegations concern one State: the correction carries them along.
    assert [a.country.iso3 for a in case.allegations.all()] == ["EGY"]
