"""Review 8 of the public redaction (the public site, the open data, the report documents).

* Thai, Lao, Khmer and Burmese are written without spaces between words, and a word of a name is often an
  ordinary word: "ใจดี" (Jaidee) is "kind". The register (the names of other cases) finds a whole name anywhere,
  but a word of one only as a word; the case's own names are found inside the words around them. Their tone
  marks and vowel signs are letters: "มานี้" ("came here") is not the name "มานี".
* A control character stored before input refused it is left out of what is printed, as ``printable`` leaves
  it out: it still parts two words for the redaction, but no zero-width space is printed in its place.
* A name of one word is blanked alone only with three letters or more, or written in syllables (Han, kana,
  Hangul) (``core.text.blanked_alone``): a stand-in "A" or "Li" does not blank every "a" of the case's texts.
* The guard blanks a protected name of one word written as a name in any spelling that folds as it does, but in
  lower case only with its accents as written: "Peña" does not blank the Spanish word "pena" ("sorrow").
"""
from __future__ import annotations

import pytest

from reprisals.core.text import blanked_alone, fold_name, printable
from reprisals.reports.redaction import ZWSP, Guard, NameSet, Redactor, RegisterNames, resolve, scrub, scrubber

THAI = "มานี ใจดี"  # Manee Jaidee


@pytest.mark.parametrize(("text", "kept"), [
    ("เขาเป็นคนใจดีมาก", "ใจดี"),  # "he is a very kind person": the family name Jaidee is the word "kind"
    ("เขามานี้เมื่อวาน", "มานี้"),  # "he came here yesterday": "มานี้" is not the given name "มานี"
])
def test_a_thai_name_of_another_case_does_not_blank_an_ordinary_thai_word(text, kept):
    register = RegisterNames([NameSet(1, (THAI,))])
    assert register.scrub(text) == text
    assert register.guard(text) == text
    assert not register.names_anyone(text)
    assert kept in Guard([THAI])(text)


def test_a_thai_name_of_another_case_is_still_blanked_whole_anywhere_and_word_by_word_as_a_word():
    register = RegisterNames([NameSet(1, (THAI,))])
    assert register.scrub("นายมานีใจดีถูกจับกุม") == "นาย[…]ถูกจับกุม"
    assert register.scrub("นาย มานี ใจดี ถูกจับกุม") == "นาย […] ถูกจับกุม"
    assert register.scrub("คุณ ใจดี ถูกจับกุม") == "คุณ […] ถูกจับกุม"  # "Ms Jaidee was arrested", spaced


def test_the_case_own_thai_name_is_still_blanked_inside_the_words_around_it():
    names = NameSet(1, (THAI,))
    assert "มานี" not in resolve(scrub("นางมานีถูกจับกุม", [names]), {})
    assert RegisterNames([names], words_anywhere=True).names_anyone("นางมานีถูกจับกุม")
    assert resolve(scrub("เขามานี้เมื่อวาน", [names]), {}) == "เขามานี้เมื่อวาน"  # the tone mark makes another word


@pytest.mark.parametrize(("word", "other"), [
    ("นี้", "นี"),  # Thai tone mark mai tho
    ("ใกล้", "ใกล"),
    ("ແກ້ວ", "ແກວ"),  # Lao tone mark
    ("क्ष", "कष"),  # Devanagari virama
])
def test_the_marks_of_scripts_without_case_are_letters_of_the_word(word, other):
    assert fold_name(word) != fold_name(other)


@pytest.mark.parametrize(("marked", "plain"), [
    ("José Núñez", "JOSE NUNEZ"), ("Ἀθηνᾶ", "αθηνα"), ("Йо́сиф", "йосиф"), ("مُحَمَّد", "محمد"), ("محـمد", "محمد"),
])
def test_the_diacritics_of_scripts_with_case_and_the_arabic_harakat_are_still_folded_away(marked, plain):
    assert fold_name(marked) == fold_name(plain)


REGISTER = ["Nadia Karimova", "José Núñez"]


def _printed(text: str) -> dict[str, str]:
    """``text`` as every public way prints it."""
    sets = [NameSet(i, (n,)) for i, n in enumerate(REGISTER, 1)]
    register = RegisterNames(sets)
    return {"register scrub": register.scrub(text), "register guard": register.guard(text),
            "scrub": resolve(scrub(text, sets), {}), "scrubber": resolve(scrubber(sets)(text), {}),
            "guard": Guard(REGISTER)(text), "redactor": Redactor({}, REGISTER, register).text(text)}


@pytest.mark.parametrize("text", ["ABC\x00DEF", "abc\x01def", "2024\x001", "مرحبا\x00بك", "ก\x00ข", "a\x00B"])
def test_a_control_character_left_out_prints_as_nothing(text):
    assert _printed(text) == dict.fromkeys(_printed(text), printable(text))


def test_a_control_character_left_out_still_parts_a_name_from_the_word_it_touches():
    printed = _printed("Ms\x00Nadia\x01Karimova and JOSÉ\x00NÚÑEZ in 2024\x001.")
    assert printed == dict.fromkeys(printed, "Ms[…] and […] in 20241.")
    assert not any(ZWSP in out for out in printed.values())


def test_a_zero_width_space_the_text_holds_is_kept():
    text = "ประชุม\u200bวันนี้ 2024\x001"  # Thai parts its words with a zero-width space
    assert _printed(text) == dict.fromkeys(_printed(text), "ประชุม\u200bวันนี้ 20241")


@pytest.mark.parametrize(("name", "alone"), [
    ("A", False), ("Li", False), ("X.", False), ("", False), ("मा", False),
    ("Ali", True), ("Li Wei", True), ("A B", True), ("李", True), ("김", True), ("あ", True), ("Núñez", True),
])
def test_a_one_word_name_is_blanked_alone_with_three_letters_or_in_syllables(name, alone):
    assert blanked_alone(name) is alone


def test_a_stand_in_name_of_one_or_two_letters_does_not_blank_the_case_own_texts():
    sets = [NameSet(1, ("A",)), NameSet(2, ("Li",), individual=True), NameSet(3, ("李",))]
    out = resolve(scrub("He was a lawyer in Li county, a city, with 李.", sets), {})
    assert out == "He was a lawyer in Li county, a city, with […]."
    assert resolve(scrub("Ali Li was there.", [NameSet(1, ("Ali Li",))]), {}) == "[…] was there."


@pytest.mark.parametrize(("text", "shown"), [
    ("La pena fue dura.", "La pena fue dura."),
    ("Vimos a Peña.", "Vimos a […]."),
    ("Vimos a PENA y a Pena.", "Vimos a […] y a […]."),
    ("vimos a peña.", "vimos a […]."),
    ("vimos a pen\u0303a.", "vimos a […]."),  # decomposed
])
def test_the_guard_of_a_one_word_name_blanks_a_lower_case_word_only_with_its_accents(text, shown):
    assert Guard(["Peña"])(text) == shown


def test_the_guard_of_a_one_word_name_without_accents_still_blanks_it_in_lower_case():
    assert Guard(["Hassan"])("met hassan and HASSAN") == "met […] and […]"
