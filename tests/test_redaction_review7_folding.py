"""The one folding of names (``core.text.fold_name``) and the one table of characters that print as nothing
(``core.text.is_ignorable``), which the public redaction and the withholding from focal points share."""
from __future__ import annotations

import pytest

from reprisals.core.text import IGNORABLE, IGNORABLE_CLASS, fold_name, is_ignorable


@pytest.mark.parametrize(("one", "other"), [
    ("José Núñez", "Jose Nunez"),
    ("José Núñez", "JOSE NUNEZ"),
    ("Jose\u0301 Nu\u0303n\u0303ez", "José Núñez"),  # decomposed accents
    ("İlknur Kılıç", "ILKNUR KILIC"),
    ("İlknur Kılıç", "ilknur kilic"),
    ("Jürgen Weiß", "Jurgen Weiss"),
    ("WEIẞ", "weiss"),
    ("Łukasz Øster Đorđe Ħal", "lukasz oster dorde hal"),
    ("محمـــد", "محمد"),  # Arabic tatweel
    ("Ｊｏｓｅ", "jose"),  # compatibility form
])
def test_spellings_that_differ_only_by_case_accents_or_form_fold_alike(one, other):
    assert fold_name(one) == fold_name(other)


@pytest.mark.parametrize("hidden", ["\u00ad", "\u200b", "\u2060", "\ufeff", "\u180e", "\ufff9", "\U000e0020",
                                    "\u034f", "\ufe0f", "\U000e0100", "\u180b", "\u17b4", "\u200e", "\u202e",
                                    "\u2066"])
def test_a_character_that_prints_as_nothing_is_ignorable_and_folds_away(hidden):
    assert is_ignorable(hidden)
    assert fold_name(f"Has{hidden}san") == "hassan"


@pytest.mark.parametrize("char", ["a", " ", "-", "\u0301", "\u0915", "\u093e", "\u0e2a", "\u4e00", "\n"])
def test_letters_marks_and_spaces_are_not_ignorable(char):
    assert not is_ignorable(char)


def test_different_names_fold_apart_and_the_table_reads_as_a_character_class():
    import re

    assert fold_name("Ali") != fold_name("Alice")
    assert fold_name("Nunez") != fold_name("Nuniez")
    pattern = re.compile(f"[{IGNORABLE_CLASS}]")
    assert all(pattern.fullmatch(ch) for ch in IGNORABLE)
    assert pattern.search("Ali Hassan, é, \u0915\u093e") is None
