"""The one redaction step: markers instead of names in what is written, names only where consent is
in force at the moment of use, and no protected value ever."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services as cs
from reprisals.reports.redaction import (
    WITHHELD,
    Guard,
    NameSet,
    PartyView,
    Redactor,
    generic_description,
    party_marker,
    resolve,
    scrub,
)

MARYAM = NameSet(5, ("Maryam Example", "Mariam Example"))
CAO = NameSet(6, ("曹顺利",))
ORG = NameSet(7, ("Bahrain Centre for Human Rights",), individual=False)


def test_scrubbing_puts_markers_in_place_of_names_in_any_spelling_and_script():
    text = scrub("MARYAM EXAMPLE and Mariam Example met 曹顺利在日内瓦 at the Bahrain Centre for Human Rights.",
                 [MARYAM, CAO, ORG])
    assert "Maryam" not in text and "MARYAM" not in text and "Mariam" not in text and "曹顺利" not in text
    assert text.count(party_marker(5)) == 2 and party_marker(6) in text and party_marker(7) in text


def test_a_family_name_alone_is_scrubbed_too():
    assert "Example" not in scrub("Ms. Example was detained.", [MARYAM])


def test_protected_values_are_blanked():
    text = scrub("Source Alpha (alpha@example.org) says so.", [], ["Source Alpha", "alpha@example.org"])
    assert "Alpha" not in resolve(text, {}) and WITHHELD in resolve(text, {})


def test_a_free_text_cannot_smuggle_in_a_marker_of_its_own():
    text = scrub("see ⟦p:5⟧", [])
    assert resolve(text, {5: PartyView(5, "a person", "Maryam Example")}) == "see [p:5]"


def test_resolving_names_a_party_only_when_its_view_carries_the_name():
    text = f"{party_marker(5)} was detained"
    assert resolve(text, {5: PartyView(5, "a woman human rights defender", "Maryam Example")}) == \
        "Maryam Example was detained"
    assert resolve(text, {5: PartyView(5, "a woman human rights defender")}) == \
        "A woman human rights defender was detained"  # a sentence begins with a capital
    assert resolve("Then " + text, {5: PartyView(5, "a woman human rights defender")}) == \
        "Then a woman human rights defender was detained"
    assert resolve(text, {}) == f"{WITHHELD} was detained"


def test_the_guard_blanks_full_names_that_slipped_through():
    guard = Guard(["Maryam Example", "曹顺利"])
    blanked = guard("Free text by an officer: maryam example; 曹顺利在")
    assert blanked == f"Free text by an officer: {WITHHELD}; {WITHHELD}在"


def test_generic_descriptions_follow_role_and_gender():
    assert generic_description("individual", "female", ["human_rights_defender"]) == "a woman human rights defender"
    assert generic_description("organisation", "unknown", ["ngo"]) == "a civil society organisation"
    assert generic_description("individual", "male", []) == "a person"


@pytest.mark.django_db
def test_revoking_consent_to_be_named_takes_effect_at_the_next_use(officer, new_case):
    case = new_case(name="Maryam Example")
    party = case.parties.get()
    for use in ("raise_with_state", "publish_name"):
        cs.consent_record(actor=officer, party=party, use=use, granted=True, decided_on=dt.date(2016, 3, 1))
    text = f"{party_marker(party.pk)} was detained"
    assert Redactor.for_parties([party.pk]).text(text) == "Maryam Example was detained"
    cs.consent_record(actor=officer, party=party, use="publish_name", granted=False, decided_on=dt.date.today())
    redacted = Redactor.for_parties([party.pk]).text(text)
    assert "Maryam" not in redacted and redacted.endswith("was detained")


@pytest.mark.django_db
def test_a_description_that_names_the_person_is_replaced_by_a_generic_one(officer, new_case):
    case = new_case(name="Maryam Example")
    party = case.parties.get()
    cs.party_update(actor=officer, party=party, description="Maryam, the sister of the victim")
    view = Redactor.for_parties([party.pk]).views[party.pk]
    assert "Maryam" not in view.description and view.name is None
