"""An erasure leaves no copy of the name in the person's own case or in what was received or recorded about
it: the case's risk notes, the allegation's source when the person reported for themselves, intake's other
fields, a duplicate submission declined in triage, a treaty-body action linked to the case. And, checked
the blunt way, after an erasure no text, character or JSON field of any model (encrypted ones decrypted)
holds the name or any word of it."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.apps import apps
from django.db import models

from reprisals.cases import services
from reprisals.cases.erasure import ERASED, erasure_confirm, erasure_request
from reprisals.cases.models import Allegation, Case
from reprisals.intake import services as intake
from reprisals.intake.models import Submission
from reprisals.intake.rows import PersonData, SubmissionData
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NAME = "Zainab Erasable"


def leftovers(name: str) -> list[str]:
    """Every model field (text, character, JSON; encrypted ones as decrypted) holding ``name`` or a word of
    it of three letters or more, as ``app.model.field#pk``."""
    needles = [name.casefold(), *(w.casefold() for w in re.findall(r"\w+", name) if len(w) >= 3)]
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in needles), re.IGNORECASE)
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        if not fields:
            continue
        for row in model._base_manager.values_list("pk", *(f.attname for f in fields)).iterator():
            for field, value in zip(fields, row[1:], strict=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if value and pattern.search(text):
                    found.append(f"{model._meta.label_lower}.{field.name}#{row[0]}: {text[:120]}")
    return found


def _erase(case: Case, officer, reviewer, name: str = NAME) -> None:
    party = case.parties.get(name=name)
    erasure_confirm(actor=reviewer, request=erasure_request(actor=officer, party=party, reason="Her request."))


def _self_reported_case(bahrain, officer) -> tuple[Case, Allegation]:
    allegation = services.allegation_record(
        actor=officer, country=bahrain, received_on=dt.date(2016, 3, 10),
        narrative="I was detained at the airport.", source_identity=NAME, source_contact="+973 3900 1234 (Zainab)")
    case = services.case_open(actor=officer, title="Detention of a defender", country=bahrain, allegation=allegation)
    services.case_update(actor=officer, case=case, expected_version=None,
                         risk_notes=f"{NAME} fears re-arrest; she sleeps at her sister's in Sitra.")
    services.party_add(actor=officer, case=case, name=NAME, roles=["human_rights_defender"], gender="female")
    return case, allegation


def test_risk_notes_and_the_persons_own_report_lose_the_name(bahrain, officer, reviewer, api_as):
    case, allegation = _self_reported_case(bahrain, officer)
    _erase(case, officer, reviewer)
    case = Case.objects.get(pk=case.pk)
    assert NAME not in case.risk_notes and ERASED in case.risk_notes
    allegation = Allegation.objects.get(pk=allegation.pk)
    assert (allegation.source_identity, allegation.source_contact) == ("", "")
    assert "Erasable" not in api_as(officer).get(f"/api/v1/cases/{case.pk}?reveal=true").content.decode()
    page = client_for(officer).post(f"/cases/{case.pk}/reveal/")
    assert page.status_code == 200 and "Erasable" not in page.content.decode()


def test_another_source_keeps_its_identity(new_case, officer, reviewer):
    case = new_case(name=NAME)
    allegation = case.allegations.get()
    _erase(case, officer, reviewer)
    allegation = Allegation.objects.get(pk=allegation.pk)
    assert (allegation.source_identity, allegation.source_contact) == ("Source Alpha", "alpha@example.org")


def test_intake_other_fields_lose_the_name(consenting_case, officer, reviewer, submitter):
    case = consenting_case(name=NAME)
    sent = intake.submission_create(actor=submitter, data=SubmissionData(
        country="BHR", what_happened="Detained after the HRC session.", sender_reference="E1",
        persons=[PersonData(name=NAME, gender="female", roles=["lawyer"])],
        extra={"Government response": f"The Government stated that {NAME} was released on bail."}))
    intake.submission_attach(actor=officer, submission=sent, case=case)
    _erase(case, officer, reviewer)
    received = Submission.objects.get(pk=sent.pk)
    assert received.extra == {"Government response": f"The Government stated that {ERASED} was released on bail."}
    assert "Erasable" not in client_for(officer).get(f"/intake/submissions/{sent.pk}/").content.decode()


def test_a_treaty_body_action_linked_to_the_case_loses_the_name(consenting_case, officer, reviewer):
    from reprisals.trackers import services as trackers
    from reprisals.trackers.models import TreatyBodyAction

    case = consenting_case(name=NAME)
    action = trackers.action_record(actor=officer, treaty_body="CAT", kind="letter", taken_on=dt.date(2016, 4, 1),
                                    country="BHR", description=f"Letter about the detention of {NAME}.",
                                    case_ids=[case.pk])
    _erase(case, officer, reviewer)
    assert TreatyBodyAction.objects.get(pk=action.pk).description == f"Letter about the detention of {ERASED}."
    assert "Erasable" not in client_for(officer).get("/trackers/san-jose/").content.decode()


def test_a_duplicate_submission_declined_in_triage_loses_the_name(consenting_case, officer, reviewer, submitter):
    case = consenting_case(name=NAME)
    duplicate = intake.submission_create(actor=submitter, data=SubmissionData(
        country="BHR", what_happened=f"{NAME} was detained after the HRC session.", sender_reference="E2",
        persons=[PersonData(name=NAME, gender="female", roles=["lawyer"])]))
    intake.submission_decline(actor=officer, submission=duplicate, reason=f"Duplicate of {case.reference}.")
    _erase(case, officer, reviewer)
    kept = Submission.objects.get(pk=duplicate.pk)
    assert NAME not in kept.what_happened and NAME not in kept.persons
    assert "Erasable" not in client_for(officer).get(f"/intake/submissions/{duplicate.pk}/").content.decode()


def test_no_field_of_any_model_keeps_the_name_or_a_word_of_it(bahrain, new_case, officer, reviewer, submitter):
    from reprisals.followup import services as followup
    from reprisals.reference.models import UNBody
    from reprisals.reports import services as reports
    from reprisals.trackers import services as trackers

    case, _allegation = _self_reported_case(bahrain, officer)
    services.consent_record(actor=officer, party=case.parties.get(), use="raise_with_state", granted=True,
                            decided_on=dt.date(2016, 3, 12), note=f"{NAME} agreed in person")
    services.incident_add(actor=officer, case=case, date="2016-03", forms=["arbitrary_arrest"],
                          perpetrator="security_intelligence", place=f"outside {NAME}'s home",
                          description=f"{NAME} was taken away.")
    incident = case.incidents.get()
    today = dt.date.today()
    followup.development_record(actor=officer, case=case, kind="release", date="2016-05",
                                description=f"{NAME} was released on bail.")
    letter = followup.communication_record(
        actor=officer, country=case.country, kind="sp_allegation_letter", un_body=UNBody.objects.get(code="SR-HRD"),
        sent_on=today, summary=f"The detention of {NAME}.", internal_notes=f"{NAME}'s lawyer asked us to write.",
        cases=[case])
    followup.response_record(actor=officer, communication=letter, summary=f"{NAME} is free.", received_on=today)
    sent = intake.submission_create(actor=submitter, data=SubmissionData(
        country="BHR", what_happened=f"{NAME} was detained after the HRC session.", sender_reference="E1",
        persons=[PersonData(name=NAME, gender="female", roles=["lawyer"])],
        extra={"Government response": f"The Government stated that {NAME} was released on bail."}))
    intake.submission_attach(actor=officer, submission=sent, case=case)
    duplicate = intake.submission_create(actor=submitter, data=SubmissionData(
        country="BHR", what_happened=f"{NAME} was detained.", sender_reference="E2",
        persons=[PersonData(name=NAME, gender="female", roles=["lawyer"])]))
    intake.submission_decline(actor=officer, submission=duplicate, reason=f"Duplicate of {case.reference}.")
    trackers.evidence_add(actor=officer, incident=incident, platform="x_twitter",
                          seen_at=dt.datetime(2016, 3, 12, tzinfo=dt.UTC), text=f"{NAME} is a traitor")
    trackers.action_record(actor=officer, treaty_body="CAT", kind="letter", taken_on=dt.date(2016, 4, 1),
                           country="BHR", description=f"Letter about the detention of {NAME}.", case_ids=[case.pk])
    period = reports.period_create(actor=officer, start=dt.date(2016, 1, 1), end=dt.date(2016, 12, 31),
                                   title=f"Report (draft, about {NAME})")
    reports.exclusion_decide(actor=officer, period=period, case=case, reason="security",
                             note=f"{NAME} asked to be left out.")
    from reprisals.cases.models import AffectedParty
    from reprisals.linkage import services as linkage
    from reprisals.linkage.models import MatchCandidate

    other = services.party_add(actor=officer, case=new_case(name="Someone Else"), name="Zaynab Erasabel",
                               roles=["human_rights_defender"], gender="female")
    linkage.linkage_run(actor=reviewer)
    mine = AffectedParty.objects.get(case=case, name=NAME)
    pair = MatchCandidate.objects.get(party_a_id=min(mine.pk, other.pk), party_b_id=max(mine.pk, other.pk))
    linkage.candidate_accept(actor=reviewer, candidate=pair, note=f"Same woman: {NAME}.")
    assert len(leftovers(NAME)) >= 15  # the check finds what it looks for

    _erase(case, officer, reviewer)
    assert leftovers(NAME) == []
