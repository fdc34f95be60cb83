"""A protected Slavic name in the cases of a Ukrainian or Belarusian text, with a fleeting vowel or "ё", and a family
name alone declined, as every guard of public texts (``Guard``, ``RegisterNames.guard``, the ``Redactor``), the
scrubbing of free texts (``scrub``) and the withholding from other entities' focal points read it
(``NameSet.variants``, ``_declined``, ``_declined_family_name``).

A Ukrainian name declines as a Ukrainian grammar gives it: a man's name in a consonant, "-о", "-ій" or "-ь" with
"-ові"/"-у" in the dative ("Тарасові Шевченку", "Петрові", "Андрієві"), a family name in "-енко" or "-ко" for a man
only ("Тараса Шевченка"; a woman's "Ганні Коваленко" keeps it), a woman's name in "-а" with "-і" and "г", "к", "х"
changed before it ("Ользі" for "Ольга"), an adjective family name in "-ський"/"-ська". A Belarusian name in the
Belarusian endings: "-скі" as "-скага", "-скаму", "-скім" ("Алеся Бяляцкага", "Алесю Бяляцкаму"), "-ская" as
"-скай", "-скую". The words of a name are declined together, as a text writes them; no word alone is blanked by
the guards, and the scrubbing marks a family name alone declined only where it is written as a name."""
from __future__ import annotations

import time

import pytest

from reprisals.cases import selectors
from reprisals.cases.selectors import WITHHELD_MARK
from reprisals.reports.redaction import WITHHELD, NameSet, RegisterNames, scrub
from tests.redaction_guards import everywhere, guarded
from tests.withholding_names import withheld

# ---------------------------------------------------------------- Ukrainian case endings


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Тарас Шевченко", "Листи Тарасові Шевченку.", "Тарасові Шевченку"),
    ("Тарас Шевченко", "Листи Тарасу Шевченку.", "Тарасу Шевченку"),
    ("Тарас Шевченко", "Вірші Тараса Шевченка.", "Тараса Шевченка"),
    ("Тарас Шевченко", "Зустріч з Тарасом Шевченком.", "Тарасом Шевченком"),
    ("Taras Shevchenko", "Листи Тарасові Шевченку.", "Тарасові Шевченку"),
    ("Taras Shevchenko", "Вірші Тараса Шевченка.", "Тараса Шевченка"),
    ("Андрій Коваленко", "Лист Андрієві Коваленку.", "Андрієві Коваленку"),
    ("Андрій Коваленко", "Зустріч з Андрієм Коваленком.", "Андрієм Коваленком"),
    ("Петро Гнатюк", "Лист Петрові Гнатюку.", "Петрові Гнатюку"),
    ("Василь Стус", "Вірші Василя Стуса.", "Василя Стуса"),
    ("Василь Стус", "Лист Василеві Стусу.", "Василеві Стусу"),
    ("Олег Сенцов", "Справа Олега Сенцова.", "Олега Сенцова"),
    ("Олег Сенцов", "Зустріч з Олегом Сенцовим.", "Олегом Сенцовим"),
    ("Микола Шевченко", "Справа Миколи Шевченка.", "Миколи Шевченка"),
])
def test_a_ukrainian_mans_name_is_blanked_in_the_cases_of_a_ukrainian_text(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Ганна Коваленко", "Лист Ганні Коваленко.", "Ганні Коваленко"),  # "-енко" does not decline for a woman
    ("Ганна Коваленко", "Зустріч з Ганною Коваленко.", "Ганною Коваленко"),
    ("Ольга Петренко", "Лист Ользі Петренко.", "Ользі Петренко"),  # "г" before "-і" is "з"
    ("Olha Petrenko", "Лист Ользі Петренко.", "Ользі Петренко"),
    ("Оксана Ковальська", "Лист Оксані Ковальській.", "Оксані Ковальській"),
    ("Оксана Ковальська", "Справа Оксани Ковальської.", "Оксани Ковальської"),
    ("Марія Гнатюк", "Лист Марії Гнатюк.", "Марії Гнатюк"),
    ("Олена Іванова", "Лист Олені Івановій.", "Олені Івановій"),
])
def test_a_ukrainian_womans_name_is_blanked_in_the_cases_of_a_ukrainian_text(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))


def test_a_womans_family_name_in_enko_is_not_declined_as_a_mans():
    assert "ганні коваленку" not in NameSet(1, ("Ганна Коваленко",)).variants


def test_a_ukrainian_adjective_family_name_declines_as_one():
    assert guarded("Олег Новицький", "Лист Олегові Новицькому.") == everywhere(f"Лист {WITHHELD}.")


# ---------------------------------------------------------------- Belarusian case endings


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Алесь Бяляцкі", "Ліст Алесю Бяляцкаму.", "Алесю Бяляцкаму"),
    ("Алесь Бяляцкі", "Справа Алеся Бяляцкага.", "Алеся Бяляцкага"),
    ("Алесь Бяляцкі", "Сустрэча з Алесем Бяляцкім.", "Алесем Бяляцкім"),
    ("Святлана Ціханоўская", "Ліст Святлане Ціханоўскай.", "Святлане Ціханоўскай"),
    ("Святлана Ціханоўская", "Падтрымка Святланы Ціханоўскай.", "Святланы Ціханоўскай"),
    ("Ігар Лосік", "Справа Ігара Лосіка.", "Ігара Лосіка"),
    ("Ігар Лосік", "Сустрэча з Ігарам Лосікам.", "Ігарам Лосікам"),
])
def test_a_belarusian_name_is_blanked_in_the_cases_of_a_belarusian_text(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))


# ---------------------------------------------------------------- fleeting vowels and "ё"


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Лев Пономарёв", "Письмо Льву Пономарёву.", "Льву Пономарёву"),
    ("Лев Пономарёв", "Дело Льва Пономарёва.", "Льва Пономарёва"),
    ("Лев Пономарёв", "Встреча со Львом Пономарёвым.", "Львом Пономарёвым"),
    ("Лев Пономарев", "Письмо Льву Пономарёву.", "Льву Пономарёву"),
    ("Павел Иванов", "Дело Павла Иванова.", "Павла Иванова"),
    ("Павел Иванов", "Письмо Павлу Иванову.", "Павлу Иванову"),
    ("Павел Иванов", "Встреча с Павлом Ивановым.", "Павлом Ивановым"),
    ("Pavel Ivanov", "Дело Павла Иванова.", "Павла Иванова"),
    ("Lev Ponomarev", "Дело Льва Пономарева.", "Льва Пономарева"),
])
def test_a_russian_given_name_with_a_fleeting_vowel_is_blanked_declined(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Пётр Иванов", "Письмо Петру Иванову.", "Петру Иванову"),
    ("Петр Иванов", "Письмо Пётру Иванову.", "Пётру Иванову"),
    ("Пётр Иванов", "Дело Петра Иванова.", "Петра Иванова"),
    ("Фёдор Иванов", "Федор Иванов задержан.", "Федор Иванов"),
    ("Федор Иванов", "Письмо Фёдору Иванову.", "Фёдору Иванову"),
])
def test_e_and_yo_are_read_as_one_letter_both_ways(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))


# ---------------------------------------------------------------- a family name alone, declined, in the scrubbing


@pytest.mark.parametrize(("protected", "text", "word"), [
    ("Алексей Навальный", "Навальный выступил. Письмо Навальному.", "Навальному"),  # "й" folds as "и"
    ("Алексей Навальный", "Навальный выступил. Дело Навального.", "Навального"),
    ("Тарас Шевченко", "Шевченко писав. Листи Шевченкові.", "Шевченкові"),
    ("Алесь Бяляцкі", "Бяляцкі сядзіць. Справа Бяляцкага.", "Бяляцкага"),
])
def test_scrubbing_marks_a_family_name_alone_declined_as_the_family_name(protected, text, word):
    scrubbed = scrub(text, [NameSet(1, (protected,))])
    assert "⟦t:1:1⟧" in scrubbed
    assert word not in scrubbed
    assert word not in RegisterNames([NameSet(1, (protected,))]).scrub(text)


def test_scrubbing_keeps_a_womans_family_name_in_enko_undeclined():
    text = "Лист Коваленку."
    assert scrub(text, [NameSet(1, ("Ганна Коваленко",))]) == text


# ---------------------------------------------------------------- the withholding


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "declined"), [
    ("Тарас Шевченко", "Тарасові Шевченку"),
    ("Алесь Бяляцкі", "Алесю Бяляцкаму"),
    ("Лев Пономарёв", "Льву Пономарёву"),
])
def test_the_withholding_blanks_a_withheld_name_in_these_cases(name, declined):
    assert selectors.blank_names(f"Лист {declined}.", withheld(name)) == f"Лист {WITHHELD_MARK}."


# ---------------------------------------------------------------- no ordinary word and no other person


@pytest.mark.parametrize(("protected", "text"), [
    ("Тарас Шевченко", "Вірші Тараса Шевчука."),  # another person
    ("Тарас Шевченко", "Анна Тарасова і Шевченківська премія."),
    ("Лев Пономарёв", "Дело Льва Толстого."),
    ("Павел Иванов", "Дело Павла Петрова."),
    ("Ганна Коваленко", "Лист Ганні Коваленків."),
    ("Алесь Бяляцкі", "Ліст Алесю Мароз."),
    ("Ольга Петренко", "Лист Ользі Петрук."),
])
def test_another_persons_name_in_these_cases_stays(protected, text):
    assert guarded(protected, text) == everywhere(text)


@pytest.mark.parametrize(("protected", "text"), [
    ("Віра Нова", "Вони прийняли Нову віру."),  # "a new faith": a lower-case word is no given name
    ("Надія Світла", "Світлій надії."),
    ("Лев Толстой", "Клетка для Льва."),  # a word of the name alone, declined
    ("Алесь Бяляцкі", "Ліст Алесю."),  # a word of the name alone, declined
    ("Тарас Шевченко", "Лист Тарасові."),
    ("Тарас Шевченко", "Шевченківський парк і Тарасівка."),
])
def test_no_ordinary_word_nor_a_word_alone_is_read_as_a_declined_name(protected, text):
    assert guarded(protected, text) == everywhere(text)


def test_scrubbing_marks_a_declined_family_name_alone_only_where_written_as_a_name():
    scrubbed = scrub("Новицькому не пощастило, а новицькому дубу так.", [NameSet(1, ("Олег Новицький",))])
    assert scrubbed == "⟦t:1:1⟧ не пощастило, а новицькому дубу так."


# ---------------------------------------------------------------- the bounds


@pytest.mark.parametrize("name", ["Тарас Григорович Шевченко", "Taras Hryhorovych Shevchenko",
                                  "Алесь Віктаравіч Бяляцкі", "Лев Александрович Пономарёв"])
def test_a_name_gives_at_most_forty_spellings(name):
    assert 0 < len(NameSet(1, (name,)).variants) <= 40


def _names(n: int, start: int = 0) -> list[str]:
    """``n`` different Ukrainian names of two words, in Cyrillic ("Тарас Бвгенко"), from the ``start``-th."""
    letters = "бвгдклмнпрст"
    return [f"Тарас {''.join(letters[int(d)] for d in str(i)).capitalize()}енко" for i in range(start, start + n)]


def test_slavic_names_are_read_in_linear_time():
    """Four times the names cost about four times as much, not sixteen. Counted in this process's CPU time, the best
    of three rounds of names never read before and all of one length, so that another process on the machine, a
    pause or a warm cache does not decide it (wall time once failed it on a busy machine)."""

    def build(names):
        started = time.process_time()
        spellings = [NameSet(i, (name,)).variants for i, name in enumerate(names)]
        assert all(0 < len(forms) <= 40 for forms in spellings)
        return time.process_time() - started

    small = min(build(_names(1000, start)) for start in (10_000, 20_000, 30_000))
    large = min(build(_names(4000, start)) for start in (40_000, 50_000, 60_000))
    assert large < small * 4 * 3


# ---------------------------------------------------------------- "bin" or "ibn" added to a name stored without it


@pytest.mark.parametrize("written", ["Ali bin Salman", "Ali ibn Salman", "ALI BIN SALMAN"])
def test_a_name_of_two_words_is_blanked_with_bin_or_ibn_added(written):
    text = f"{written} was arrested."
    assert guarded("Ali Salman", text) == everywhere(f"{WITHHELD} was arrested.")
    assert scrub(text, [NameSet(1, ("Ali Salman",))]) == "⟦p:1⟧ was arrested."


@pytest.mark.django_db
def test_the_withholding_blanks_a_name_with_bin_added():
    assert selectors.blank_names("Ali bin Salman was arrested.", withheld("Ali Salman")) == (
        f"{WITHHELD_MARK} was arrested.")


@pytest.mark.parametrize("text", [
    "Hassan bin Salman was arrested.",  # another person, son of a Salman
    "Ali bin Hassan was arrested.",
    "Salman bin Ali was arrested.",
    "Ali met bin Salman.",
    "Ali bin Ahmed Salman was arrested.",
])
def test_bin_added_blanks_no_other_name(text):
    assert guarded("Ali Salman", text) == everywhere(text)


def test_bin_is_added_to_no_name_of_three_words_nor_to_a_slavic_one():
    assert not [v for v in NameSet(1, ("Mohammed Ali Hassan",)).variants if "bin" in v.split()]
    assert not [v for v in NameSet(1, ("Dmitry Ivanov",)).variants if "bin" in v.split()]


def test_a_text_of_names_with_a_particle_is_read_as_fast_as_any():
    """Every name of an "Ali" as others spell it begins "ali al" or "ali bin": a text's "Ali al" or "Ali bin" is
    compared with the few names that go on with its next word, not with all of them."""
    register = RegisterNames([NameSet(i, (f"Ali {name}",)) for i, name in enumerate(_latin_names(3000))])
    plain = "Letter to Ali Hassanov and Omar Rajab in the city. " * 1500
    particles = "Letter to Ali al Hassan and Ali bin Rajab in town. " * 1500

    def read(text):
        started = time.perf_counter()
        register.guard(text)
        return time.perf_counter() - started

    read(plain)
    assert min(read(particles) for _ in range(2)) < min(read(plain) for _ in range(2)) * 4


def _latin_names(n: int) -> list[str]:
    """``n`` different family names in Latin letters ("Bdakan")."""
    letters = "bdfgklmnprst"
    return [f"{''.join(letters[int(d)] for d in str(i)).capitalize()}akan" for i in range(n)]


# ---------------------------------------------------------------- a patronymic written into a name stored without it


@pytest.mark.parametrize(("protected", "text", "shown"), [
    ("Dmitry Ivanov", "Dmitry Sergeyevich Ivanov was arrested.", f"{WITHHELD} was arrested."),
    ("Дмитрий Иванов", "Дмитрий Сергеевич Иванов задержан.", f"{WITHHELD} задержан."),
    ("Анна Иванова", "Анна Сергеевна Иванова задержана.", f"{WITHHELD} задержана."),
    ("Тарас Шевченко", "Тарас Григорович Шевченко писав.", f"{WITHHELD} писав."),
    ("Алесь Бяляцкі", "Алесь Віктаравіч Бяляцкі сядзіць.", f"{WITHHELD} сядзіць."),
    ("Дмитрий Иванов", "Письмо Дмитрию Сергеевичу Иванову.", f"Письмо {WITHHELD}."),
    ("Dmitry Ivanov", "Follow @Dmitry85 Sergeyevich Ivanov.", f"Follow @{WITHHELD}85 {WITHHELD}."),
])
def test_a_name_is_blanked_with_a_patronymic_written_into_it(protected, text, shown):
    assert guarded(protected, text) == everywhere(shown)


@pytest.mark.parametrize("text", [
    "Dmitry Sergeyevich Petrov was arrested.",  # another person's family name
    "Dmitry Sergeyevich was arrested.",  # no family name
    "Dmitry Sandwich Ivanov was arrested.",  # no patronymic
    "Ivanov Sergeyevich Dmitry was arrested.",
])
def test_a_patronymic_joins_no_other_words_into_the_name(text):
    assert guarded("Dmitry Ivanov", text) == everywhere(text)


def test_scrubbing_declines_a_family_name_in_latin_letters_with_accents_as_folded():
    scrubbed = scrub("Kovalčuk spoke. Later Kovalčuka was charged.", [NameSet(1, ("Ivan Kovalčuk",))])
    assert scrubbed == "⟦t:1:1⟧ spoke. Later ⟦t:1:1⟧ was charged."
