"""A protected Ukrainian name in the vocative and the locative of a Ukrainian text: "Тарасе, ...", "Олеже",
"Миколо", "Оксано", "Шевченку", "на Тарасі", "при Тарасові", as every guard of public texts, the register's
scrubbing, the erasure's ``scrub`` and the withholding read it (``_declined_word_other``: the sixth case of a
Ukrainian text, and the locative in "-і" of a given name). The words of the name are declined together, as
before: no word alone, no ordinary word sharing a stem, no other person's name is blanked."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import WITHHELD, NameSet
from tests.redaction_guards import everywhere, guarded
from tests.test_reports_redaction_review15 import printed

# ---------------------------------------------------------------- the vocative


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Тарас Шевченко", "Тарасе Шевченку, дякуємо.", "Тарасе Шевченку"),
    ("Taras Shevchenko", "Тарасе Шевченку, дякуємо.", "Тарасе Шевченку"),
    ("Олег Сенцов", "Олеже Сенцове, тримайтеся.", "Олеже Сенцове"),
    ("Олег Сенцов", "Олеже Сенцов, тримайтеся.", "Олеже Сенцов"),
    ("Oleh Sentsov", "Олеже Сенцове, тримайтеся.", "Олеже Сенцове"),
    ("Микола Шевченко", "Миколо Шевченку, відповідайте.", "Миколо Шевченку"),
    ("Оксана Ковальська", "Оксано Ковальська, відповідайте.", "Оксано Ковальська"),
    ("Оксана Петренко", "Оксано Петренко, відповідайте.", "Оксано Петренко"),
    ("Андрій Коваленко", "Андрію Коваленку, відповідайте.", "Андрію Коваленку"),
    ("Василь Стус", "Василю Стусе, пам'ятаємо.", "Василю Стусе"),
    ("Ігор Гнатюк", "Ігорю Гнатюку, пишіть.", "Ігорю Гнатюку"),
    ("Марія Гнатюк", "Маріє Гнатюк, пишіть.", "Маріє Гнатюк"),
    ("Петро Гнатюк", "Петре Гнатюку, пишіть.", "Петре Гнатюку"),
])
def test_a_ukrainian_name_is_blanked_in_the_vocative(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))
    assert printed(protected, text, declined.split()[0]) == {}


# ---------------------------------------------------------------- the locative


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Тарас Шевченко", "Мова на Тарасі Шевченку.", "Тарасі Шевченку"),
    ("Тарас Шевченко", "Мова при Тарасові Шевченкові.", "Тарасові Шевченкові"),
    ("Тарас Шевченко", "Мова на Тарасі Шевченкові.", "Тарасі Шевченкові"),
    ("Taras Shevchenko", "Мова на Тарасі Шевченку.", "Тарасі Шевченку"),
    ("Олег Сенцов", "Погляд на Олезі Сенцові.", "Олезі Сенцові"),
])
def test_a_ukrainian_name_is_blanked_in_the_locative(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))
    assert printed(protected, text, declined.split()[0]) == {}


# ---------------------------------------------------------------- nothing else


@pytest.mark.parametrize(("protected", "text"), [
    ("Тарас Шевченко", "Тарасе, пишіть."),  # a word of the name alone
    ("Олег Сенцов", "Олеже, тримайся."),
    ("Тарас Шевченко", "Тарасе Шевчуку, дякуємо."),  # another person
    ("Микола Шевченко", "Миколаю Шевченку, дякуємо."),  # another given name ("Миколай")
    ("Віра Нова", "Нова віро, прийди!"),  # an ordinary phrase in the vocative: "віро" in lower case is no given name
    ("Тарас Шевченко", "На Тарасівці Шевченківського району."),  # words sharing a stem: a village, a district
    ("Оксана Ковальська", "Оксанівко Ковальська, прощавай."),
])
def test_no_ordinary_word_nor_other_person_is_blanked_in_these_cases(protected, text):
    assert guarded(protected, text) == everywhere(text)


def test_the_vocative_keeps_the_caps_on_spellings():
    for name in ("Тарас Григорович Шевченко", "Taras Hryhorovych Shevchenko", "Оксана Петрівна Ковальська"):
        assert 0 < len(NameSet(1, (name,)).variants) <= 40
