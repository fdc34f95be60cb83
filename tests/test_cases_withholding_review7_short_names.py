"""A one-word name of fewer than three letters is not blanked from every text.

A party may be recorded under a stand-in ("A", "X") or an initial. Blanked alone, such a name would take
every article, every initial and every "a" out of what a focal point of another entity reads. So a name of one
word is blanked alone only with three letters or more, as the public redaction's words of a name are
(``reports.redaction.NameSet.tokens``); a name of two words or more is blanked whole whatever its length.

The exception: scripts in which one character is a whole syllable (Han, kana, Hangul). There a full name has two
or three characters (王芳, 김구), and a Chinese given name of one character is used alone, so such a name is
blanked whatever its length.
"""

from __future__ import annotations

import pytest

from reprisals.cases import selectors
from reprisals.cases.models import AffectedParty


def _names(name: str, *variants: str) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=1, name=name, name_variants=list(variants),
                                                   kind="individual")])


@pytest.mark.parametrize(("name", "text"), [
    ("A", "A lawyer said a word"),
    ("X", "Mr X and Ms x met"),
    ("A.", "A lawyer said a word"),
    ("Jo", "Jo and jo went"),
])
def test_a_one_word_name_of_fewer_than_three_letters_blanks_nothing(name, text):
    assert selectors.blank_names(text, _names(name)) == text


def test_a_short_other_spelling_blanks_nothing_while_the_name_is_still_blanked():
    names = _names("Ahmed Ali", "A")
    assert selectors.blank_names("A lawyer met Ahmed Ali", names) == "A lawyer met […]"


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Ali", "Ali was detained", "[…] was detained"),
    ("Li Na", "Li Na was detained", "[…] was detained"),
    ("王芳", "王芳被拘留", "[…]被拘留"),
    ("芳", "芳被拘留", "[…]被拘留"),
    ("김구", "김구 씨가 체포되었다", "[…] 씨가 체포되었다"),
])
def test_a_name_of_three_letters_a_name_of_two_words_and_a_name_in_syllables_are_blanked(name, text, shown):
    assert selectors.blank_names(text, _names(name)) == shown
