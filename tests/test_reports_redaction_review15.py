"""Review 15 of the Ukrainian and Belarusian cases of a protected name: every path that prints a text where the name
may not be named (the guards of public texts, the ``Redactor``, the register's scrubbing, the erasure's ``scrub`` and
the withholding from other entities' focal points) blanks the name in the forms a Ukrainian or Belarusian text
writes it, and nothing else."""
from __future__ import annotations

import pytest

from reprisals.cases import selectors
from reprisals.cases.models import AffectedParty
from reprisals.reports.redaction import Guard, NameSet, Redactor, RegisterNames, scrub


def outputs(protected: str, text: str) -> dict[str, str]:
    """What every path prints of ``text`` when ``protected`` may not be named."""
    register = RegisterNames([NameSet(1, (protected,))])
    withheld = selectors.withheld_names([AffectedParty(pk=1, name=protected, name_variants=[], kind="individual")])
    return {
        "guard": Guard([protected])(text),
        "register guard": register.guard(text),
        "redactor": Redactor({}, [protected], register).text(text),
        "register scrub": register.scrub(text),
        "scrub (erasure)": scrub(text, [NameSet(1, (protected,))]),
        "withholding": selectors.blank_names(text, withheld),
    }


def printed(protected: str, text: str, *words: str) -> dict[str, str]:
    """The paths that print any of ``words`` of ``text`` when ``protected`` may not be named."""
    return {path: out for path, out in outputs(protected, text).items() if any(w in out for w in words)}


# ---------------------------------------------------------------- given names in "-ай", "-эй", "-ей"


@pytest.mark.parametrize(("protected", "text", "word"), [
    ("Мікалай Статкевіч", "Справа Мікалая Статкевіча.", "Мікалая"),
    ("Мікалай Статкевіч", "Ліст Мікалаю Статкевічу.", "Мікалаю"),
    ("Мікалай Статкевіч", "Сустрэча з Мікалаем Статкевічам.", "Мікалаем"),
    ("Андрэй Бандарэнка", "Справа Андрэя Бандарэнкі.", "Андрэя"),
    ("Андрэй Бандарэнка", "Ліст Андрэю Бандарэнку.", "Андрэю"),
    ("Миколай Петренко", "Лист Миколаєві Петренку.", "Миколаєві"),
])
def test_a_belarusian_or_ukrainian_given_name_in_ai_or_ei_declines_softly(protected, text, word):
    assert printed(protected, text, word) == {}


def test_a_given_name_in_ai_is_never_declined_as_a_hard_consonant():
    assert not [v for v in NameSet(1, ("Мікалай Статкевіч",)).variants if "айа" in v or "айу" in v]


@pytest.mark.parametrize(("protected", "text", "word"), [
    ("Мікалай Статкевіч", "Дело Мікалая Статкевіча.", "Мікалая"),  # Russian cases, as before: "і" alone
    ("Ігар Лосік", "Статья об Ігаре Лосіке.", "Ігаре"),
])
def test_a_name_whose_only_other_letter_is_i_keeps_its_russian_cases(protected, text, word):
    assert printed(protected, text, word) == {}


# ---------------------------------------------------------------- "Ігор": a soft stem in Ukrainian


IHOR_DECLINED = ["Справа Ігоря Петренка.", "Лист Ігореві Петренку.", "Лист Ігорю Петренку.", "З Ігорем Петренком."]


@pytest.mark.parametrize("text", IHOR_DECLINED)
def test_ihor_declines_as_a_soft_stem_in_ukrainian(text):
    assert printed("Ігор Петренко", text, "Ігор") == {}


@pytest.mark.parametrize("text", IHOR_DECLINED)
def test_ihor_stored_in_latin_letters_declines_as_a_soft_stem_in_ukrainian(text):
    # The erasure's scrub reads a name stored in Latin letters in a Cyrillic text by its words alone (review 15, F11).
    assert printed("Ihor Petrenko", text, "Ігор").keys() <= {"scrub (erasure)"}


def test_ihor_is_never_declined_as_a_hard_stem_in_ukrainian():
    assert not {"ігора", "ігорові", "ігором"} & {v.split()[0] for v in NameSet(1, ("Ігор Петренко",)).variants}


# ---------------------------------------------------------------- Ukrainian adjective family names in "-ий"


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Олексій Навальний", "Справа Олексія Навального.", "Навального"),
    ("Олексій Навальний", "Лист Олексієві Навальному.", "Навальному"),
    ("Олексій Навальний", "Зустріч з Олексієм Навальним.", "Навальним"),
    ("Олег Білий", "Справа Олега Білого.", "Білого"),
    ("Олег Білий", "Лист Олегові Білому.", "Білому"),
])
def test_a_ukrainian_adjective_family_name_in_yi_declines_as_an_adjective(protected, text, declined):
    assert printed(protected, text, text.split()[-2], declined) == {}


def test_a_ukrainian_adjective_family_name_is_never_declined_as_a_consonant():
    assert not [v for v in NameSet(1, ("Олексій Навальний",)).variants if "ийа" in v or "ийові" in v]


# ---------------------------------------------------------------- a name stored in Latin letters, declined in Cyrillic

#: The erasure's scrub reads a name stored in Latin letters in a Cyrillic text by its words alone (review 15, F11):
#: these tests ask the guards, the register's scrubbing and the withholding.
LATIN_READERS = {"guard", "register guard", "redactor", "register scrub", "withholding"}


@pytest.mark.parametrize(("protected", "text", "word"), [
    ("Ales Bialiatski", "Справа Алеся Бяляцкага.", "Алеся"),  # "Алесь": a soft consonant Latin letters do not show
    ("Ales Bialiatski", "Ліст Алесю Бяляцкаму.", "Алесю"),
    ("Maria Kalesnikava", "Справа Марыі Калеснікавай.", "Марыі"),
    ("Maryia Kalesnikava", "Ліст Марыі Калеснікавай.", "Марыі"),
    ("Oleh Sentsov", "Лист Олегові Сенцову.", "Олегові"),  # Ukrainian cases for a name of no Ukrainian pattern
    ("Taras Ivanov", "Лист Тарасові Іванову.", "Тарасові"),
])
def test_a_name_stored_in_latin_letters_is_blanked_in_the_cases_of_a_ukrainian_or_belarusian_text(protected, text,
                                                                                                  word):
    assert not printed(protected, text, word).keys() & LATIN_READERS


# ---------------------------------------------------------------- Ukrainian "і" for "о", and fleeting vowels


@pytest.mark.parametrize(("protected", "text", "word"), [
    ("Федір Шевчук", "Лист Федорові Шевчуку.", "Федорові"),  # "і" of a closed last syllable is "о" when it opens
    ("Федір Шевчук", "Справа Федора Шевчука.", "Федора"),
    ("Яків Гнатюк", "Справа Якова Гнатюка.", "Якова"),
    ("Антін Гнатюк", "Справа Антона Гнатюка.", "Антона"),
    ("Іван Чорновіл", "Справа Івана Чорновола.", "Чорновола"),
    ("Олег Кравець", "Справа Олега Кравця.", "Кравця"),  # the "е" of "-ець" falls out
    ("Олег Кравець", "Лист Олегові Кравцеві.", "Кравцеві"),
    ("Олег Стрілець", "Справа Олега Стрільця.", "Стрільця"),
    ("Олег Швець", "Справа Олега Шевця.", "Шевця"),  # and moves where no vowel would be left
    ("Мікалай Дзядок", "Справа Мікалая Дзядка.", "Дзядка"),  # the "о" of "-ок" falls out
])
def test_a_ukrainian_name_declines_with_its_vowel_changed(protected, text, word):
    assert printed(protected, text, word) == {}


def test_a_family_name_in_ets_is_never_declined_with_its_soft_sign_kept():
    assert not [v for v in NameSet(1, ("Олег Кравець",)).variants if "кравеця" in v or "кравецю" in v]


# ---------------------------------------------------------------- an apostrophe inside a Ukrainian word


@pytest.mark.parametrize(("protected", "text", "words"), [
    ("Юрій Лук'яненко", "Лист Юрієві Лук'яненку.", ["Юрієві", "яненку"]),
    ("Юрій Лук'яненко", "Справа Юрія Лук’яненка.", ["Юрія", "яненка"]),
    ("Мар'яна Гнатюк", "Лист Мар'яні Гнатюк.", ["яні", "Гнатюк"]),
    ("Мар'яна Гнатюк", "Зустріч з Мар’яною Гнатюк.", ["яною", "Гнатюк"]),
])
def test_a_ukrainian_name_with_an_apostrophe_is_declined_as_one_word(protected, text, words):
    assert printed(protected, text, *words) == {}


def test_the_declined_forms_of_a_name_with_an_apostrophe_decline_the_whole_word():
    variants = NameSet(1, ("Юрій Лук'яненко",)).variants
    assert "юрієві лук яненку" in variants
    assert not [v for v in variants if "лукові" in v or "лука " in v]


# ---------------------------------------------------------------- a patronymic only where it stands inside the name


def test_a_list_of_people_is_no_name_with_a_patronymic():
    assert Guard(["Dmitry Ivanov"])("Dmitry, Abramovich, Ivanov and Petrov met.") == (
        "Dmitry, Abramovich, Ivanov and Petrov met.")


@pytest.mark.parametrize("text", ["Дмитрий, Сергеевич, Иванов и Петров.", "Dmitry. Sergeyevich Ivanov left."])
def test_a_patronymic_is_not_read_across_punctuation(text):
    assert outputs("Dmitry Ivanov" if text.isascii() else "Дмитрий Иванов", text)["guard"].startswith(
        text.split()[0])


def test_a_patronymic_written_in_the_name_is_still_read():
    assert Guard(["Dmitry Ivanov"])("Dmitry Sergeyevich Ivanov left.") == "[…] left."


# ---------------------------------------------------------------- a woman's family name in "-енка"/"-энка"


def test_a_womans_belarusian_family_name_in_enka_does_not_decline():
    assert printed("Тамара Бандарэнка", "Ліст Тамары Бандарэнка.", "Тамары") == {}
    assert "тамары бандарэнкі" not in NameSet(1, ("Тамара Бандарэнка",)).variants


# ---------------------------------------------------------------- a woman's given name in a consonant


@pytest.mark.parametrize(("protected", "text", "word"), [
    ("Любов Петренко", "Лист Любові Петренко.", "Любові"),
    ("Любов Петренко", "Зустріч з Любов'ю Петренко.", "Петренко"),
    ("Любовь Соболь", "Дело Любови Соболь.", "Любови"),
    ("Любовь Соболь", "Встреча с Любовью Соболь.", "Любовью"),
])
def test_a_womans_given_name_in_a_consonant_declines_as_a_womans(protected, text, word):
    assert printed(protected, text, word) == {}


# ---------------------------------------------------------------- "bin" and "ibn" added to a name of two words


def test_bin_is_read_in_a_name_whose_family_name_has_the_article():
    assert printed("Ali Al-Salman", "Ali bin Salman was arrested.", "Salman") == {}


@pytest.mark.parametrize("protected", ["Maria Kalesnikava", "Oleh Sentsov", "Dmitry Ivanov"])
def test_bin_is_never_added_to_a_slavic_name(protected):
    assert not [v for v in NameSet(1, (protected,)).variants if {"bin", "ibn"} & set(v.split())]


# ---------------------------------------------------------------- the erasure's scrub reads what the register's reads


@pytest.mark.parametrize(("protected", "text", "word"), [
    ("Дмитрий Иванов", "Дмитрия Сергеевича Иванова задержали.", "Дмитрия"),
    ("Тарас Шевченко", "Лист Тарасові Григоровичу Шевченку.", "Тарасові"),
    ("Алесь Бяляцкі", "Ліст Алесю Віктаравічу Бяляцкаму.", "Алесю"),
    ("Lev Ponomaryov", "Дело Льва Пономарёва.", "Пономарёва"),
    ("Ihor Petrenko", "Лист Ігорю Петренку.", "Ігорю"),
    ("Oleh Sentsov", "Лист Олегові Сенцову.", "Олегові"),
])
def test_the_erasures_scrub_marks_a_declined_name_as_the_registers_scrub_blanks_it(protected, text, word):
    out = scrub(text, [NameSet(7, (protected,))])
    assert word not in out
    assert "⟦p:7⟧" in out


def test_the_erasures_scrub_marks_the_declined_names_of_several_parties_each_as_its_own():
    out = scrub("Лист Олегові Сенцову і Тарасові Григоровичу Шевченку.",
                [NameSet(1, ("Oleh Sentsov",)), NameSet(2, ("Тарас Шевченко",))])
    assert out == "Лист ⟦p:1⟧ і ⟦p:2⟧."
