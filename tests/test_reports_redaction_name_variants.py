"""A protected name is found in the spellings others give the same name, by every guard of public texts (``Guard``,
``RegisterNames.guard`` and the ``Redactor`` that applies both), the erased names' guard and the scrubbing of free
texts (``scrub``): an Arabic name with its article dropped ("Abdulhadi Khawaja"), written otherwise ("El-Khawaja",
"ash-Shami", "esh-Shami") or its "Abd" joined or split ("Abdul Hadi", "Abdul-Hadi", "Abd al-Hadi", "Abdel Hadi").

Only whole names of two name words or more: a word of such a spelling that the name as stored does not have ("Abdul",
"Hadi") is no word of the name, a name of one word ("Al-Khawaja") gives no spelling of one word ("Khawaja"), and a
word that is the article only before a word that begins with its sun letter is no article elsewhere ("An" of
"Nguyen An Khang")."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import WITHHELD, ErasedNames, Guard, NameSet, RegisterNames, party_marker, scrub
from tests.redaction_guards import everywhere, guarded

KHAWAJA = "Abdulhadi Al-Khawaja"

ARABIC_SPELLINGS = [
    "Abdulhadi Khawaja",  # the article dropped
    "Abdulhadi El-Khawaja",  # the article written otherwise
    "Abdulhadi el Khawaja",
    "Abdulhadi ul-Khawaja",
    "Abdul-Hadi Al-Khawaja",  # "Abd" split
    "Abdul Hadi al Khawaja",
    "Abd al-Hadi al-Khawaja",
    "Abdel Hadi Khawaja",
    "Abd Al Hadi El Khawaja",
    "Abdelhadi Al-Khawaja",  # "Abd" joined with "el"
    "ABDUL HADI KHAWAJA",
]


@pytest.mark.parametrize("written", ARABIC_SPELLINGS)
def test_an_arabic_name_is_blanked_with_its_article_dropped_or_changed_and_its_abd_joined_or_split(written):
    assert guarded(KHAWAJA, f"{written} was arrested.") == everywhere(f"{WITHHELD} was arrested.")


@pytest.mark.parametrize("written", [
    "Abdul Rahman ash-Shami", "Abd ar-Rahman Shami", "Abdelrahman ash-Shami", "Abdurrahman Al Shami",
    "Abdul-Rahman esh-Shami",
])
def test_the_article_assimilated_to_a_sun_letter_is_the_article(written):
    assert guarded("Abd al-Rahman al-Shami", f"{written} was arrested.") == everywhere(f"{WITHHELD} was arrested.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Al-Khawaja", "Mr Khawaja spoke."),  # a name of one word gives no spelling of one word
    (KHAWAJA, "Abdul spoke to Hadi."),  # a word of a spelling is no word of the name
    (KHAWAJA, "Hadi Khawaja spoke."),  # nor does "Abdulhadi" lose its "Abd"
    ("Nguyen An Khang", "Nguyen Khang spoke."),  # "An" is the article only before an "n"
    ("Abdullah Ali", "Abdul Lah Ali spoke."),  # "Abdullah" is one name
])
def test_a_spelling_of_a_name_keeps_two_of_its_words_and_blanks_no_word_alone(protected, text):
    assert guarded(protected, text) == everywhere(text)


def test_the_words_of_a_spelling_are_no_words_of_the_name():
    assert NameSet(1, (KHAWAJA,)).tokens()[:2] == ["abdulhadi", "khawaja"]
    assert {"abdul", "hadi", "abdel", "el"}.isdisjoint(NameSet(1, (KHAWAJA,)).tokens())
    assert {"abdul", "hadi", "abdel", "el"}.isdisjoint(RegisterNames([NameSet(1, (KHAWAJA,))]).tokens)


def test_the_names_as_read_are_kept_apart_from_the_spellings_others_give_them():
    read = NameSet(1, (KHAWAJA,))  # the erasure, which writes into the register, reads the names only
    assert "abdul hadi khawaja" in read.variants and "abdul hadi khawaja" not in read.names
    assert Guard([read])("Abdul Hadi Khawaja was arrested.") == f"{WITHHELD} was arrested."


def test_scrubbing_marks_a_name_in_another_spelling_as_the_party():
    parties = [NameSet(1, (KHAWAJA,))]
    assert scrub("Abdul Hadi El-Khawaja was arrested.", parties) == f"{party_marker(1)} was arrested."
    assert scrub("Abd al-Hadi Khawaja_85 posted.", parties) == f"{party_marker(1)}_85 posted."


def test_a_name_in_another_spelling_is_blanked_in_a_handle():
    assert guarded(KHAWAJA, "Follow @AbdulHadiKhawaja85") == everywhere(f"Follow @{WITHHELD}85")
    assert guarded(KHAWAJA, "Follow Abdul Hadi @Khawaja85") == everywhere(f"Follow {WITHHELD}85")


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["Abdul Hadi El-Khawaja", "Abd al-Hadi Khawaja", "Abdel Hadi al Khawaja"])
def test_an_erased_name_is_blanked_in_another_spelling(written):
    from reprisals.cases.models import ErasedNameKey

    register = RegisterNames(erased=ErasedNames(ErasedNames.rows([KHAWAJA], individual=True), ErasedNameKey.current()))
    assert register.guard(f"{written} was arrested.") == f"{WITHHELD} was arrested."
    assert register.guard("Abdul spoke to Hadi.") == "Abdul spoke to Hadi."


# ---------------------------------------------------------------- Russian names in the cases of a Russian text

DMITRY_DECLINED = ["Письмо Дмитрию Иванову.", "Встреча с Дмитрием Ивановым.", "Дело у Дмитрия Иванова.",
                   "Речь о Дмитрии Иванове.", "Письмо Иванову Дмитрию."]


@pytest.mark.parametrize("protected", ["Дмитрий Иванов", "Dmitry Ivanov", "Dmitriy Ivanov"])
@pytest.mark.parametrize("text", DMITRY_DECLINED)
def test_a_russian_name_is_blanked_in_the_cases_of_a_russian_text(protected, text):
    shown = text.replace("Дмитрию Иванову", WITHHELD).replace("Дмитрием Ивановым", WITHHELD).replace(
        "Дмитрия Иванова", WITHHELD).replace("Дмитрии Иванове", WITHHELD).replace("Иванову Дмитрию", WITHHELD)
    assert guarded(protected, text) == everywhere(shown)


@pytest.mark.parametrize("protected", ["Анна Иванова", "Anna Ivanova"])
@pytest.mark.parametrize("declined", ["Анны Ивановой", "Анне Ивановой", "Анну Иванову", "Анной Ивановой"])
def test_a_womans_russian_name_is_blanked_in_the_cases_of_a_russian_text(protected, declined):
    assert guarded(protected, f"Письмо для {declined}.") == everywhere(f"Письмо для {WITHHELD}.")


@pytest.mark.parametrize(("protected", "declined"), [
    ("Сергей Ковальский", "Сергея Ковальского"), ("Сергей Ковальский", "Сергеем Ковальским"),
    ("Марина Ковальская", "Марины Ковальской"), ("Марина Ковальская", "Марину Ковальскую"),
    ("Юрий Гнатюк", "Юрию Гнатюку"), ("Галина Гнатюк", "Галине Гнатюк"),  # a woman's "Гнатюк" does not decline
    ("Тарас Шевченко", "Тарасом Шевченко"), ("Ольга Петрова", "Ольги Петровой"), ("Илья Сорокин", "Ильёй Сорокиным"),
    ("Дмитрий Сергеевич Иванов", "Иванову Дмитрию Сергеевичу"),  # with the patronymic, family name first
    ("Dmitry Sergeyevich Ivanov", "Дмитрием Сергеевичем Ивановым"),
])
def test_the_endings_of_russian_given_and_family_names_decline(protected, declined):
    assert guarded(protected, f"Слово {declined}.") == everywhere(f"Слово {WITHHELD}.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Дмитрий Иванов", "Письмо Дмитрию Петрову."),  # a whole name only
    ("Дмитрий Иванов", "Письмо Ивановой."),  # a declined word alone is no word of the name
    ("Dmitry Ivanov", "Письмо Дмитрию Петрову."),
    ("Mohammed Ali", "Mohammedu Aliyu"),  # no Russian name
])
def test_a_declined_name_is_a_whole_name_in_one_case(protected, text):
    assert guarded(protected, text) == everywhere(text)


def test_scrubbing_marks_a_declined_name_as_the_party():
    parties = [NameSet(1, ("Дмитрий Иванов",)), NameSet(2, ("Анна Иванова",))]
    assert scrub("Письмо Дмитрию Иванову и Анне Ивановой.", parties) == (
        f"Письмо {party_marker(1)} и {party_marker(2)}.")


# ---------------------------------------------------------------- a name begun in a handle and ended in the next word

@pytest.mark.parametrize(("text", "shown"), [
    ("Follow @Dmitry85 Ivanov.", f"Follow @{WITHHELD}85 {WITHHELD}."),  # given name in the handle, family name after
    ("Follow @Dmitry_85 Ivanov on X.", f"Follow @{WITHHELD}_85 {WITHHELD} on X."),
    ("Follow @Ivanov85 Dmitry.", f"Follow @{WITHHELD}85 {WITHHELD}."),  # family name first, written as names
    ("Follow @Abdulhadi85 Al-Khawaja.", f"Follow @{WITHHELD}85 {WITHHELD}."),
])
def test_a_name_begun_in_a_handle_and_ended_in_the_next_words_is_blanked_by_every_guard(text, shown):
    protected = KHAWAJA if "Khawaja" in text else "Dmitry Ivanov"
    assert guarded(protected, text) == everywhere(shown)


@pytest.mark.parametrize("text", [
    "Follow @Dmitry85. Ivanov said.",  # a full stop between them: two sentences
    "Follow @Dmitry85\nIvanov said.",  # a line break: two lines of a list
    "Follow @Dmitry85, Ivanov said.",
    "Follow @Dmitry85 Petrov.",  # another name
    "Follow @ivanov85 dmitry.",  # family name first in lower case: no name, as in words
])
def test_a_handle_and_the_words_after_it_that_are_not_one_name_side_by_side_stay(text):
    assert guarded("Dmitry Ivanov", text) == everywhere(text)


def test_scrubbing_marks_a_name_begun_in_a_handle_for_an_organisation_too():
    centre = NameSet(2, ("Bahrain Centre",), individual=False)  # no word of it is marked alone
    assert scrub("Follow @Bahrain2024 Centre.", [centre]) == f"Follow @{party_marker(2)}2024 {party_marker(2)}."
    assert scrub("Follow @Centre2024 Bahrain.", [centre]) == "Follow @Centre2024 Bahrain."  # never turned round


@pytest.mark.django_db
def test_the_erased_names_guard_reads_a_name_begun_in_a_handle():
    from reprisals.cases.models import ErasedNameKey

    register = RegisterNames(erased=ErasedNames(ErasedNames.rows(["Dmitry Ivanov"], individual=True),
                                                ErasedNameKey.current()))
    assert register.guard("Follow @dmitry85 ivanov.") == f"Follow @{WITHHELD}85 {WITHHELD}."
