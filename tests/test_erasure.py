"""Erasing a person: on request, confirmed by another reviewer, everywhere, with statistics intact."""

from __future__ import annotations

import pytest
from django.db import connection

from reprisals.cases import services
from reprisals.cases.erasure import ERASED, erasure_confirm, erasure_refuse, erasure_request
from reprisals.cases.models import AffectedParty, Case
from reprisals.core.audit import audit_verify
from reprisals.core.errors import Forbidden, ValidationFailed

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "Zainab Erasable"


@pytest.fixture
def party(new_case, officer):
    case = new_case(title=f"Detention of {NAME}", name=NAME)
    allegation = case.allegations.first()
    services.allegation_update(actor=officer, allegation=allegation, narrative=f"{NAME} was detained. zainab erasable")
    p = case.parties.get(name=NAME)
    services.party_update(actor=officer, party=p, name_variants=["Zaynab Erasabel"], contact="+00 111")
    return AffectedParty.objects.get(pk=p.pk)


def test_an_erasure_needs_a_reason_and_another_reviewer(party, officer, reviewer):
    with pytest.raises(ValidationFailed):
        erasure_request(actor=officer, party=party, reason=" ")
    request = erasure_request(actor=reviewer, party=party, reason="The person asked to be erased.")
    with pytest.raises(Forbidden):
        erasure_confirm(actor=reviewer, request=request)
    with pytest.raises(Forbidden):
        erasure_confirm(actor=officer, request=request)
    assert AffectedParty.objects.get(pk=party.pk).name == NAME


def test_a_confirmed_erasure_removes_the_name_everywhere_but_keeps_the_statistics(party, officer, reviewer, api_as):
    roles_before = list(party.roles.values_list("code", flat=True))
    request = erasure_request(actor=officer, party=party, reason="The person asked to be erased.")
    erasure_confirm(actor=reviewer, request=request)
    party = AffectedParty.objects.get(pk=party.pk)
    assert (party.name, party.protected_name, party.contact, party.name_variants) == ("", "", "", [])
    assert party.is_anonymous and party.gender == "female"
    assert list(party.roles.values_list("code", flat=True)) == roles_before
    case = Case.objects.get(pk=party.case_id)
    assert NAME not in case.title and ERASED in case.title
    assert "erasable" not in case.search_text
    narrative = case.allegations.first().narrative
    assert NAME.lower() not in narrative.lower() and ERASED in narrative
    assert api_as(officer).get("/api/v1/cases", q="Erasable").json()["items"] == []
    assert audit_verify() is None
    if connection.vendor == "sqlite":

        raw = open(connection.settings_dict["NAME"], "rb").read()
        for needle in (b"Erasable", b"erasable", b"Erasabel"):
            assert needle not in raw, _debug_where(raw, needle)


def test_a_refused_erasure_changes_nothing(party, officer, reviewer):
    request = erasure_request(actor=officer, party=party, reason="Asked by a relative, not the person.")
    erasure_refuse(actor=reviewer, request=request, reason="Consent of the person needed.")
    assert AffectedParty.objects.get(pk=party.pk).name == NAME
    with pytest.raises(ValidationFailed):
        erasure_confirm(actor=reviewer, request=request)


def _debug_where(raw: bytes, needle: bytes) -> str:
    i = raw.find(needle)
    return repr(raw[max(0, i - 300): i + 100])
