"""An anonymous person's other spellings are spellings of their real name: they are never kept, shown or
searchable in the clear. The real name belongs only in the encrypted protected field."""

from __future__ import annotations

import pytest

from reprisals.cases import services
from reprisals.cases.models import AffectedParty
from tests.conftest import client_for

REAL = "Sekret Realnaam"
SPELLING = "Sekrett Realnam"


def test_an_anonymous_party_keeps_no_other_spelling_of_its_name(officer, new_case):
    case = new_case()
    party = services.party_add(actor=officer, case=case, is_anonymous=True, protected_name=REAL,
                               name_variants=[SPELLING], description="a relative")
    party.refresh_from_db()
    assert party.name_variants == []
    case.refresh_from_db()
    assert "realnam" not in case.search_text


def test_a_party_made_anonymous_loses_its_public_spellings(officer, new_case):
    case = new_case()
    party = services.party_add(actor=officer, case=case, name=REAL, name_variants=[SPELLING])
    services.party_update(actor=officer, party=party, is_anonymous=True, protected_name=REAL,
                          description="a relative")
    assert AffectedParty.objects.get(pk=party.pk).name_variants == []
    case.refresh_from_db()
    assert "realnam" not in case.search_text


@pytest.fixture
def legacy_anonymous(officer, new_case):
    """A party recorded before the rule: anonymous, with spellings of its real name still stored."""
    case = new_case()
    party = services.party_add(actor=officer, case=case, is_anonymous=True, protected_name=REAL,
                               description="a relative")
    AffectedParty.objects.filter(pk=party.pk).update(name_variants=[SPELLING])
    services.refresh_derived(case)
    return case


def test_a_focal_point_does_not_read_an_anonymous_persons_spellings(legacy_anonymous, focal, api_as):
    case = legacy_anonymous
    body = api_as(focal).get(f"/api/v1/cases/{case.pk}")
    assert body.status_code == 200
    assert SPELLING not in body.content.decode()
    page = client_for(focal).get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert SPELLING not in page.content.decode()


def test_a_search_does_not_find_a_case_by_an_anonymous_persons_spelling(legacy_anonymous, officer, api_as):
    assert api_as(officer).get("/api/v1/cases", q="Realnam").json()["items"] == []


def test_the_party_form_refuses_spellings_for_an_anonymous_party(officer, new_case):
    case = new_case()
    response = client_for(officer).post(f"/cases/{case.pk}/parties/new/", {
        "kind": "individual", "is_anonymous": "on", "protected_name": REAL, "name_variants": SPELLING,
        "description": "a relative", "gender": "unknown"})
    assert response.status_code == 422
    assert "name_variants" in response.context["form"].errors
    assert not case.parties.filter(is_anonymous=True).exists()
