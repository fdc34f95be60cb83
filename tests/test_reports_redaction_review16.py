"""Review 16: a protected Slavic name of two or three words is blanked in its commonest forms on every path (the
guards, the register's guard, the redactor, the register's scrubbing, the erasure's ``scrub`` and the withholding):
each case of a Ukrainian text with the same form in every word ("Тарасу Григоровичу Шевченку", "Федору Чорноволу")
is among the name's declined spellings before any combination that mixes forms, whatever rare forms the name has,
and the mixed ones follow by how common their forms are."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import NameSet, RegisterNames
from tests.test_reports_redaction_review15 import printed

# ---------------------------------------------------------------- H1: each case in the same form in every word


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Тарас Григорович Шевченко", "Лист Тарасу Григоровичу Шевченку.", "Тарасу Григоровичу Шевченку"),
    ("Taras Hryhorovych Shevchenko", "Лист Тарасу Григоровичу Шевченку.", "Тарасу Григоровичу Шевченку"),
    ("Федір Чорновіл", "Лист Федору Чорноволу.", "Федору Чорноволу"),
    ("Федір Чорновіл", "Лист Федору Чорновілу.", "Федору Чорновілу"),  # the family name's "і" kept, as before
    ("Ігор Лосік", "Лист Ігорю Лосіку.", "Ігорю Лосіку"),
    ("Ігор Лосік", "Лист Ігореві Лосіку.", "Ігореві Лосіку"),
    ("Ігор Лосік", "Лист Ігорю Лосікові.", "Ігорю Лосікові"),
    ("Іван Іванович Іванов", "Лист Івану Івановичу Іванові.", "Івану Івановичу Іванові"),
    ("Іван Іванович Іванов", "Лист Івану Івановичу Іванову.", "Івану Івановичу Іванову"),
    ("Ігар Лосік", "Ліст Ігару Лосікові.", "Ігару Лосікові"),
])
def test_the_commonest_forms_of_a_name_of_two_or_three_words_are_blanked_on_every_path(protected, text, declined):
    assert printed(protected, text, *declined.split()) == {}


@pytest.mark.parametrize(("protected", "together"), [
    ("Тарас Григорович Шевченко", ["тараса григоровича шевченка", "тарасові григоровичеві шевченкові",
                                   "тарасу григоровичу шевченку", "тарасом григоровичем шевченком",
                                   "тарасе григоровичу шевченку"]),
    ("Федір Чорновіл", ["федора чорновола", "федорові чорноволові", "федору чорноволу", "федором чорноволом"]),
    ("Ігор Лосік", ["ігоря лосіка", "ігореві лосікові", "ігорю лосіку", "ігорем лосіком"]),
    ("Іван Іванович Іванов", ["івана івановича іванова", "іванові івановичеві іванові", "івану івановичу іванову",
                              "іваном івановичем івановим"]),
    ("Оксана Петрівна Ковальська", ["оксани петрівни ковальської", "оксані петрівні ковальській",
                                    "оксану петрівну ковальську", "оксаною петрівною ковальською",
                                    "оксано петрівно ковальська"]),
])
def test_every_case_in_the_same_form_of_every_word_is_a_spelling_of_the_name(protected, together):
    variants = set(NameSet(1, (protected,)).variants)
    assert [form for form in together if form not in variants] == []
    assert len(variants) <= 40


# ---------------------------------------------------------------- H2: any apostrophe inside a Cyrillic word


@pytest.mark.parametrize("text", [
    "Мар`яна Лук`янчук пише.",  # a backtick
    "Мар\u2018яна Лук\u2018янчук пише.",  # a left quotation mark
    "Мар\u02b9яна Лук\u02b9янчук пише.",  # a modifier prime
    "Мар''яна Лук'янчук пише.",  # a doubled apostrophe
    "Мар\u2032яна Лук\u2032янчук пише.",  # a prime
    "Мар яна Лук янчук пише.",  # a space for the apostrophe
    "Справа Мар`яни Лук`янчук.",
    "Справа Мар''яни Лук''янчук.",
])
def test_a_name_with_an_apostrophe_is_blanked_whichever_mark_a_text_writes_for_it(text):
    assert printed("Мар'яна Лук'янчук", text, "Мар", "Лук") == {}


@pytest.mark.parametrize("stored", ["Мар`яна Лук`янчук", "Мар\u2018яна Лук\u2018янчук", "Мар''яна Лук''янчук"])
def test_a_name_stored_with_another_mark_for_its_apostrophe_is_blanked(stored):
    for text in ("Мар'яна Лук'янчук пише.", "Справа Мар\u02bcяни Лук\u02bcянчук."):
        assert printed(stored, text, "Мар", "Лук") == {}


def test_a_doubled_apostrophe_is_blanked_with_the_word_and_no_more():
    assert printed("Мар'яна Лук'янчук", "Мар''яна Лук'янчук, і ''цитата''.", "Мар", "Лук") == {}
    register = RegisterNames([NameSet(1, ("Мар'яна Лук'янчук",))])
    assert register.guard("Мар''яна Лук'янчук, і ''цитата''.").endswith(", і ''цитата''.")


# ---------------------------------------------------------------- H7: the palochka is a letter


@pytest.mark.parametrize("text", ["Справа Маӏи Кӏалоевой.", "Маӏа Кӏалоева пишет."])
def test_a_name_with_a_palochka_is_declined_with_it(text):
    assert printed("Маӏа Кӏалоева", text, "Маӏ", "Кӏ") == {}


def test_the_palochka_is_kept_in_the_declined_spellings():
    variants = NameSet(1, ("Маӏа Кӏалоева",)).variants
    assert "маӏу кӏалоеву" in variants
    assert not [v for v in variants if "\u02bc" in v]


# ---------------------------------------------------------------- H3: a family name's locative in "-і"


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Сергій Жадан", "Погляд на Сергії Жадані.", "Сергії Жадані"),
    ("Сергій Жадан", "Погляд на Сергієві Жадані.", "Сергієві Жадані"),
    ("Роман Протасевич", "Погляд на Романі Протасевичі.", "Романі Протасевичі"),
    ("Максим Буткевич", "Погляд на Максимі Буткевичі.", "Максимі Буткевичі"),
    ("Тарас Григорович Шевченко", "Мова на Тарасі Григоровичі Шевченкові.", "Тарасі Григоровичі Шевченкові"),
])
def test_a_family_name_is_blanked_in_the_locative_in_i(protected, text, declined):
    assert printed(protected, text, *declined.split()) == {}


@pytest.mark.parametrize(("protected", "never"), [
    ("Іван Іванов", "івані івані"),  # "Іванов": "на Іванові", never "на Івані" (the given name "Іван")
    ("Тарас Шевченко", "тарасі шевченкі"),  # "-енко": "на Шевченкові", "на Шевченку"
])
def test_a_family_name_is_given_no_locative_of_another_word(protected, never):
    assert never not in NameSet(1, (protected,)).variants


# ---------------------------------------------------------------- H4: Ukrainian family names in "-єв"


@pytest.mark.parametrize(("text", "declined"), [
    ("Розмова зі Станіславом Асєєвим.", "Станіславом Асєєвим"),
    ("Погляд на Станіславові Асєєві.", "Станіславові Асєєві"),
    ("Лист Станіславу Асєєву.", "Станіславу Асєєву"),
    ("Справа Станіслава Асєєва.", "Станіслава Асєєва"),
])
def test_a_family_name_in_yev_declines_as_a_family_name(text, declined):
    assert printed("Станіслав Асєєв", text, *declined.split()) == {}


# ---------------------------------------------------------------- H5: vocatives


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Михайло Подоляк", "Михайле Подоляку, відповідайте!", "Михайле Подоляку"),
    ("Майя Бук", "Майє Бук, відповідайте!", "Майє Бук"),
    ("Лев Гнатюк", "Льве Гнатюку, відповідайте!", "Льве Гнатюку"),
])
def test_these_vocatives_are_blanked(protected, text, declined):
    assert printed(protected, text, *declined.split()) == {}
