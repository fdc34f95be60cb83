"""A Ukrainian name with an apostrophe ("В'ячеслав", "Мар'яна") is one word, however a text or the register writes its
apostrophe: "'" (U+0027), "’" (U+2019) or "ʼ" (U+02BC, the modifier letter Ukrainian spelling prescribes). Between two
Cyrillic letters each is read as the one apostrophe of the word (``_apostrophes_joined``), in the register's names,
their declined spellings and the texts alike: the name is found and declined whichever the register holds
("В'ячеславу", "Мар’яни"), and no piece of it ("Яна" of "Мар'яна") is read as a word of its own."""
from __future__ import annotations

import pytest

from reprisals.core.text import ascii_spelling
from reprisals.reports.redaction import WITHHELD, NameSet, spelling_key
from tests.redaction_guards import everywhere, guarded
from tests.test_reports_redaction_review15 import outputs, printed

APOSTROPHES = ["'", "\u2019", "\u02bc"]


@pytest.mark.parametrize("stored", APOSTROPHES)
@pytest.mark.parametrize("written", APOSTROPHES)
@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("В{}ячеслав Чорновіл", "Лист В{}ячеславу Чорноволу.", "В{}ячеславу Чорноволу"),
    ("В{}ячеслав Чорновіл", "В{}ячеслав Чорновіл писав.", "В{}ячеслав Чорновіл"),
    ("Мар{}яна Петренко", "Справа Мар{}яни Петренко.", "Мар{}яни Петренко"),
    ("Мар{}яна Петренко", "Мар{}яно Петренко, пишіть.", "Мар{}яно Петренко"),
    ("Ігор Лук{}яненко", "Лист Ігорю Лук{}яненку.", "Ігорю Лук{}яненку"),
])
def test_a_name_with_an_apostrophe_is_blanked_whichever_apostrophe_either_writes(stored, written, protected, text,
                                                                                declined):
    protected, text, declined = protected.format(stored), text.format(written), declined.format(written)
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))
    assert printed(protected, text, declined.split()[0]) == {}


@pytest.mark.parametrize("stored", APOSTROPHES)
def test_a_word_with_an_apostrophe_is_one_word_of_the_name(stored):
    name = NameSet(1, (f"Мар{stored}яна Петренко",))
    assert "яна" not in name.tokens()
    assert "мар" not in name.tokens()
    assert "мар\u02bcяни петренко" in name.variants


@pytest.mark.parametrize("written", APOSTROPHES)
@pytest.mark.parametrize(("protected", "text", "kept"), [
    ("Мар'яна Петренко", "Яна прийшла.", "Яна"),  # a piece of the word is no word of the name
    ("Мар'яна Петренко", "Справа Яни Петренко.", "Яни"),  # (the family name alone is still marked by the scrubbing)
    ("Яна Петренко", "Мар{}яна Петренко прийшла.", "Мар{}яна"),  # another person: "Яна" is no piece of "Мар'яна"
    ("Яна Петренко", "Справа Мар{}яни Петренко.", "Мар{}яни"),
])
def test_a_piece_of_a_word_with_an_apostrophe_is_no_word_of_a_name(written, protected, text, kept):
    text, kept = text.format(written), kept.format(written)
    shown = outputs(protected, text)
    assert {path: out for path, out in shown.items() if kept not in out and path != "withholding"} == {}


@pytest.mark.parametrize("word", ["вʼячеслав", "марʼяна", "лукʼяненко", "шевченко", "ґалаґан"])
def test_a_cyrillic_word_is_spelled_in_ascii_as_ascii_spelling_spells_it_without_its_apostrophe(word):
    assert spelling_key(word) == ascii_spelling(word.replace("\u02bc", ""))
