"""A name withheld from the focal points of other UN entities is blanked in the spellings others give the same name,
as the public redaction blanks it (``reports.redaction.NameSet``): an Arabic name with its article dropped or written
otherwise, and its "Abd" joined or split. Whole names only: a word of such a spelling that the name as stored does
not have ("Abdul", "Hadi") stays alone, in a sentence and in a handle."""
from __future__ import annotations

import pytest

from reprisals.cases import selectors
from reprisals.cases.selectors import WITHHELD_MARK
from tests.withholding_names import withheld

KHAWAJA = "Abdulhadi Al-Khawaja"


@pytest.mark.parametrize("written", [
    "Abdul-Hadi Al-Khawaja", "Abdul Hadi al Khawaja", "Abd al-Hadi El-Khawaja", "Abdel Hadi Khawaja",
    "Abd Al Hadi el Khawaja",
])
def test_a_withheld_arabic_name_is_blanked_with_its_abd_split_and_its_article_changed(written):
    assert selectors.blank_names(f"{written} was arrested.", withheld(KHAWAJA)) == f"{WITHHELD_MARK} was arrested."


@pytest.mark.parametrize("text", ["Abdul spoke to Hadi.", "Follow @Hadi_Abdul", "The Abdul Hadi mosque"])
def test_the_words_of_a_spelling_of_a_withheld_name_stay_alone(text):
    assert selectors.blank_names(text, withheld(KHAWAJA)) == text


@pytest.mark.parametrize("name", ["Дмитрий Иванов", "Dmitry Ivanov"])
@pytest.mark.parametrize("declined", ["Дмитрию Иванову", "Дмитрием Ивановым", "Дмитрия Иванова", "Дмитрии Иванове"])
def test_a_withheld_russian_name_is_blanked_in_the_cases_of_a_russian_text(name, declined):
    assert selectors.blank_names(f"Письмо {declined}.", withheld(name)) == f"Письмо {WITHHELD_MARK}."


def test_a_declined_word_of_a_withheld_name_alone_stays():
    assert selectors.blank_names("Письмо Петрову.", withheld("Дмитрий Иванов")) == "Письмо Петрову."
