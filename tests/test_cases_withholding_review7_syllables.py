"""A word of a withheld name is measured as it is written, composed.

Alone, a word of a withheld individual's name is blanked only when it has three letters or more, as the public
redaction's words (``reports.redaction.NameSet.tokens``). A Hangul syllable is one letter however Unicode may
decompose it (into two or three jamo), so the one-syllable family name "김" (Kim) of "김 민수", and the Chinese
"王" of "王 芳", are never blanked alone: in a script written without spaces that would blank every other Kim or
Wang and every word that holds the syllable (김치, kimchi). The whole name is still blanked wherever it appears.
"""

from __future__ import annotations

import unicodedata

import pytest

from reprisals.cases import selectors
from reprisals.cases.models import AffectedParty


def _names(name: str) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=1, name=name, kind="individual")])


@pytest.mark.parametrize(("name", "text"), [
    ("김 민수", "김영희 변호사가 김치를 가져왔다"),          # "Lawyer Kim Young-hee brought kimchi"
    ("김 민수", unicodedata.normalize("NFD", "김영희 변호사가 김치를 가져왔다")),
    (unicodedata.normalize("NFD", "김 민수"), "김영희 변호사가 김치를 가져왔다"),
    ("王 芳", "王先生的律师说"),                              # "Mr Wang's lawyer said"
])
def test_a_one_syllable_family_name_is_not_blanked_inside_other_words(name, text):
    assert selectors.blank_names(text, _names(name)) == text


def test_a_one_syllable_family_name_is_not_among_the_words_withheld_alone():
    names = _names("김 민수")
    assert "김" not in {unicodedata.normalize("NFC", n) for n in names.names}


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("김 민수", "김 민수 씨가 체포되었다", "[…] 씨가 체포되었다"),
    ("김민수", "김민수씨가 체포되었다", "[…]씨가 체포되었다"),
    ("王 芳", "王 芳被拘留", "[…]被拘留"),
])
def test_the_whole_name_is_still_blanked(name, text, shown):
    assert selectors.blank_names(text, _names(name)) == shown
