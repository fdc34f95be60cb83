"""A case is raised with the State, by a status change or a communication naming it, only when every
affected party's consent to that use is in force (DOMAIN.md §3). The refusal names the parties by their
public name or description, never a protected value, and changes nothing."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from reprisals.cases import services
from reprisals.cases.demo import demo_load
from reprisals.cases.models import Case, CaseStatus, ConsentUse, StatusChange
from reprisals.cases.selectors import consent_in_force
from reprisals.core.models import AuditEntry
from reprisals.followup.models import Communication
from tests.dates import today

HIDDEN = "Hidden Realname QA"


@pytest.fixture
def verified(officer, new_case):
    case = new_case()  # one named party, "Maryam Example", never asked
    services.party_add(actor=officer, case=case, is_anonymous=True, description="a journalist",
                       protected_name=HIDDEN)
    for status in (CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED):
        case = services.case_transition(actor=officer, case=case, to_status=status, reason="checked",
                                        expected_version=None)
    return case


def consent(officer, case, granted=True, parties=None):
    for party in parties or case.parties.all():
        services.consent_record(actor=officer, party=party, use=ConsentUse.RAISE_WITH_STATE, granted=granted,
                                decided_on=dt.date(2016, 3, 12), note="By phone, through the family")
    case.refresh_from_db()
    return case


def raise_it(api, case):
    return api.post(f"/api/v1/cases/{case.pk}/transitions",
                    {"to_status": "raised_with_state", "reason": "Letter sent", "version": case.version})


def letter(case):
    return {"country": case.country.iso3, "kind": "sp_allegation_letter", "un_body": "SR-HRD",
            "sent_on": today().isoformat(), "summary": "Allegation letter.", "case_ids": [case.pk],
            "attachments": [{"filename": "l.pdf", "content_base64": base64.b64encode(b"%PDF-1.4").decode()}]}


def no_protected_name_anywhere(response):
    assert HIDDEN not in response.content.decode()
    assert not any(HIDDEN in json.dumps(e.payload) for e in AuditEntry.objects.all())


def test_a_case_is_not_raised_with_the_state_without_every_partys_consent(api_as, officer, verified):
    api = api_as(officer)
    refused = raise_it(api, verified)
    assert refused.status_code == 409, refused.content
    error = refused.json()["error"]
    assert "to_status" in error["fields"]
    assert "Maryam Example" in error["message"] and "a journalist" in error["message"]
    no_protected_name_anywhere(refused)
    assert Case.objects.get(pk=verified.pk).status == CaseStatus.VERIFIED
    # Consent of one party is not enough; of both, it is.
    case = consent(officer, verified, parties=[verified.parties.order_by("id").first()])
    again = raise_it(api, case).json()["error"]["message"]
    assert "Maryam Example" not in again and "a journalist" in again
    case = consent(officer, case)
    assert raise_it(api, case).status_code == 200


def test_a_communication_naming_a_case_without_consent_is_refused_and_saves_nothing(api_as, officer, verified):
    api = api_as(officer)
    refused = api.post("/api/v1/communications", letter(verified))
    assert refused.status_code == 422, refused.content
    assert "case_ids" in refused.json()["error"]["fields"]
    assert verified.reference in refused.json()["error"]["message"]
    no_protected_name_anywhere(refused)
    assert not Communication.objects.exists()
    assert Case.objects.get(pk=verified.pk).status == CaseStatus.VERIFIED
    consent(officer, verified)
    made = api.post("/api/v1/communications", letter(verified))
    assert made.status_code == 201, made.content
    assert Case.objects.get(pk=verified.pk).status == CaseStatus.AWAITING_RESPONSE


def test_a_refusal_or_a_revocation_stops_the_next_communication(api_as, officer, verified):
    api = api_as(officer)
    consent(officer, verified)
    assert api.post("/api/v1/communications", letter(verified)).status_code == 201
    consent(officer, verified, granted=False, parties=[verified.parties.order_by("id").first()])  # revoked
    refused = api.post("/api/v1/communications", {**letter(verified), "symbol": "AL 2"})
    assert refused.status_code == 422 and "Maryam Example" in refused.json()["error"]["message"]
    assert Communication.objects.count() == 1


def test_a_case_without_any_affected_party_cannot_be_raised(officer, bahrain):
    case = services.case_open(actor=officer, title="Situation", country=bahrain)
    for status in (CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED):
        case = services.case_transition(actor=officer, case=case, to_status=status, reason="checked",
                                        expected_version=None)
    with pytest.raises(Exception) as err:
        services.case_transition(actor=officer, case=case, to_status=CaseStatus.RAISED_WITH_STATE, reason="x",
                                 expected_version=None)
    assert "no affected party" in str(err.value.message)


def test_the_demo_raises_only_cases_whose_parties_consented_first(reference):
    demo_load(actor=None, cases=150, seed=7)
    raised = Case.objects.filter(pk__in=StatusChange.objects.filter(to_status=CaseStatus.RAISED_WITH_STATE)
                                 .values("case_id")).prefetch_related("parties__consents")
    assert raised.count() > 30
    for case in raised:
        for party in case.parties.all():
            assert consent_in_force(party, ConsentUse.RAISE_WITH_STATE), case.reference
            decision = next(c for c in party.consents.all() if c.use == ConsentUse.RAISE_WITH_STATE)
            assert decision.decided_on <= today()
