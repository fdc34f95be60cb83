"""A name in Latin letters whose family name shows no language ("Ihar Losik", "Vasyl Stus": no "-ov", "-enko", "-ski")
is declined in the language its given name shows, where that given name is written only as that language is
romanised (``_GIVEN_NAME_LANGUAGE``: "Ihar" is Belarusian, "Vasyl" Ukrainian): "Ihar Losik" in the cases of a
Belarusian text ("Ігара Лосіка", "Ігару Лосіку") and in no other, a name whose given name shows no language ("John
Losik") in none, as before."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import WITHHELD, NameSet
from tests.redaction_guards import everywhere, guarded


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Ihar Losik", "Справа Ігара Лосіка.", "Ігара Лосіка"),
    ("Ihar Losik", "Ліст Ігару Лосіку.", "Ігару Лосіку"),
    ("Ihar Losik", "Сустрэча з Ігарам Лосікам.", "Ігарам Лосікам"),
    ("Ihar Losik", "Ігар Лосік вызвалены.", "Ігар Лосік"),
    ("Vasyl Stus", "Вірші Василя Стуса.", "Василя Стуса"),
    ("Vasyl Stus", "Лист Василеві Стусу.", "Василеві Стусу"),
    ("Vasyl Stus", "Василю Стусе, пам'ятаємо.", "Василю Стусе"),
])
def test_a_latin_name_is_declined_in_the_language_of_its_given_name(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))


def test_only_in_that_language():
    variants = NameSet(1, ("Ihar Losik",)).variants
    assert "ihara losika" in variants
    assert not [v for v in variants if v.endswith(("om", "ovi", "e"))]  # no Russian "Лосиком", no Ukrainian "Лосікові"


@pytest.mark.parametrize(("protected", "text"), [
    ("John Losik", "Справа Джона Лосіка."),  # a given name that shows no language: not declined
    ("Ihar Losik", "Справа Ігара Лосева."),  # another person
    ("Ihar Losik", "Ліст Ігару."),  # a word of the name alone
])
def test_no_other_name_is_blanked(protected, text):
    assert guarded(protected, text) == everywhere(text)


@pytest.mark.parametrize(("name", "form"), [
    ("John Losik", "losika"),
    ("Raman Kumar", "kumara"),  # "Raman" is an Indian name as well as a Belarusian one
    ("Hanna Schmidt", "schmidtu"),  # "Hanna" is a Finnish or German name as well as a Ukrainian one
])
def test_a_name_whose_given_name_shows_no_one_language_is_not_declined(name, form):
    assert not [v for v in NameSet(1, (name,)).variants if form in v]
