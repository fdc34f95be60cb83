"""Withheld names: a neighbour blanked for its sound only in another script, and a name glued in a handle.

When a name is withheld from a focal point of another UN entity, a word next to a blanked word of the name is
blanked as well if it sounds like another word of the name. That is how "Дмитрий Иванов" is blanked whole
for a withheld "Dmitry Ivanov", although "Дмитрий" is romanised "Dmitriy". The rule covers only a word in
another script, written as a name (with a capital where its script has case). An ordinary English word is
never blanked for its sound: "under" sounds like "Nader", "sheriff" like "Sharif" and "humid" like "Hamid".
Another Latin spelling of a name ("Mohammed" for "Muhammad") is blanked when it is recorded as one of the
party's spellings, or beside a blanked word when it spells a word of the name otherwise (same first letter and
consonant skeleton: tests/test_withholding_latin_spellings.py).

A handle or an address glues a name to digits, underscores or another word ("@JoseNunez1985", "jose_nunez_85",
"nunez1985"). For matching, such a word is split at underscores, at digits and where a lower-case letter is
followed by a capital. The name's parts are blanked, and the rest is shown as written, when they are a whole
name of two words or more ("JoseNunez") or all the letters of the word ("nunez1985"). A single word of the name
glued to a word that is not ("@JoseRamirez", "@antonio_banderas") names another person and is kept, as is a word
that merely begins with the name ("Nunezville", "Alice" for "Ali").
"""

from __future__ import annotations

import pytest

from reprisals.cases import selectors
from reprisals.cases.models import AffectedParty


def _names(name: str, *variants: str) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=1, name=name, name_variants=list(variants),
                                                   kind="individual")])


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Nader Bakri", "Bakri under threat.", "[…] under threat."),
    ("Sharif Kamal", "Kamal sheriff said", "[…] sheriff said"),
    ("Hamid Karim", "Karim humid", "[…] humid"),
    ("Hamid Karim", "Karim. Humid weather followed.", "[…]. Humid weather followed."),  # a sentence's first word
    ("Nader Bakri", "BAKRI UNDER THREAT", "[…] UNDER THREAT"),                          # a headline
])
def test_a_word_in_latin_letters_beside_a_withheld_word_is_not_blanked_for_its_sound(name, text, shown):
    assert selectors.blank_names(text, _names(name)) == shown


def test_another_latin_spelling_of_a_name_is_blanked_when_it_is_recorded():
    names = _names("Muhammad Hassan", "Mohammed Hassan")
    assert selectors.blank_names("Mohammed Hassan met Mahmud", names) == "[…] met Mahmud"


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Dmitry Ivanov", "Дмитрий Иванов was detained", "[…] […] was detained"),
    ("Dmitry Ivanov", "Иванов Дмитрий was detained", "[…] […] was detained"),
    ("Dmitry Ivanov", "Ivanov Дмитрий was detained", "[…] […] was detained"),
])
def test_a_name_in_another_script_beside_a_withheld_word_is_blanked_for_its_sound(name, text, shown):
    assert selectors.blank_names(text, _names(name)) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("Иванов дмитрий", "[…] дмитрий"),                    # not written as a name
    ("Дмитрий задержан", "Дмитрий задержан"),              # beside no withheld word
])
def test_a_word_in_another_script_is_kept_unless_written_as_a_name_beside_a_withheld_word(text, shown):
    assert selectors.blank_names(text, _names("Dmitry Ivanov")) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("@JoseNunez1985", "@[…]1985"),
    ("@jose_nunez_85", "@[…]_85"),
    ("nunez1985", "[…]1985"),
    ("JOSE_NUNEZ_1985", "[…]_1985"),
    ("1985nunez", "1985[…]"),
    ("@JoseNunezGeneva", "@[…]Geneva"),                    # the whole name, glued to another word
    ("https://x.example/jose.nunez85", "https://x.example/[…].[…]85"),
    ("Write to @JoséNúñez1985 today", "Write to @[…]1985 today"),
    ("Write to @Jose\u0301Nu\u0301n\u0303ez1985 today", "Write to @[…]1985 today"),  # decomposed accents
])
def test_a_name_glued_in_a_handle_is_blanked_and_the_rest_of_the_handle_kept(text, shown):
    assert selectors.blank_names(text, _names("José Núñez")) == shown


@pytest.mark.parametrize(("name", "text"), [
    ("José Núñez", "Nunezville"),
    ("José Núñez", "@nunezville_1985"),
    ("José Núñez", "@NunezVille"),                          # a word of the name glued to a word that is not
    ("José Núñez", "x_Jose_y"),
    ("José Antonio Núñez", "@JoseRamirez"),
    ("José Antonio Núñez", "@antonio_banderas"),
    ("Ali Hassan", "Alice"),
    ("Ali Hassan", "@AliceSmith99"),
    ("Ali Hassan", "alicia_2020"),
])
def test_a_handle_that_does_not_name_the_party_is_kept(name, text):
    assert selectors.blank_names(text, _names(name)) == text


def test_a_glued_name_in_another_script_is_blanked_in_its_parts():
    assert selectors.blank_names("@Иванов_Дмитрий1", _names("Dmitry Ivanov")) == "@[…]_[…]1"
