"""Review 8 of the public redaction (the public site, the open data, the report documents).

* Thai, Lao, Khmer and Burmese are written without spaces between words, and a word of a name is often an
  ordinary word: "ใจดี" (Jaidee) is "kind". The register (the names of other cases) finds a whole name anywhere,
  but a word of one only as a word; the case's own names are found inside the words around them. Their tone
  marks and vowel signs are letters: "มานี้" ("came here") is not the name "มานี".
"""
from __future__ import annotations

import pytest

from reprisals.core.text import fold_name
from reprisals.reports.redaction import Guard, NameSet, RegisterNames, resolve, scrub

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
