"""The public redaction (``reports.redaction``: a case's own scrub, the register's scrub and guard, the guard of
a party who may not be named, and the public list and open data built on them) blanks a name written in another
alphabet than the one stored, as the withholding from other UN entities' focal points does
(``cases.selectors.spelling_key``): each word is also compared by its transliteration (``anyascii``, as the search
indexes it), so "Иванов" is blanked for a protected "Dmitry Ivanov", and "Ivanov" for a protected "Иванов". Only
words of alphabets are so compared (Latin letters without an ASCII form, Greek, Cyrillic, Armenian, Hebrew,
Arabic, Devanagari, Georgian), whole, never inside another word; a character of Chinese, Japanese, Korean or Thai
is never compared with a Latin word through its transliteration."""
from __future__ import annotations

import json

import pytest
from django.test import Client

from reprisals.reports.redaction import WITHHELD, Guard, NameSet, RegisterNames, resolve, scrub, spelling_key
from tests.test_redaction_normalising import _printed
from tests.test_reports_control_characters_redaction import PUBLISHED, final_report_with_legacy_summary


def _every_way(stored: str, text: str) -> dict[str, str]:
    """What the case's own scrub and the register's scrub print of ``text`` when ``stored`` may not be named."""
    names = NameSet(1, (stored,))
    return {"scrub": resolve(scrub(text, [names]), {}), "register scrub": RegisterNames([names]).scrub(text)}


def _leaks(stored: str, text: str, word: str) -> dict[str, str]:
    return {way: out for way, out in _every_way(stored, text).items() if word in out}


# ---------------------------------------------------------------- the key


@pytest.mark.parametrize(("word", "key"), [
    ("иванов", "ivanov"), ("guðrun", "gudrun"), ("þor", "thor"), ("bæk", "baek"), ("ελενη", "eleni"),
    ("ivanov", None),  # already ASCII
    ("李明", None), ("สมชาย", None), ("김민", None),  # scripts written without spaces: never
    ("ли", None),  # shorter than three letters once transliterated
])
def test_the_spelling_key_of_a_folded_word(word, key):
    assert spelling_key(word) == key


# ---------------------------------------------------------------- function level


@pytest.mark.parametrize(("stored", "text", "word"), [
    ("Dmitry Ivanov", "Then Иванов was detained.", "Иванов"),
    ("Dmitry Ivanov", "Then ИВАНОВ was detained.", "ИВАНОВ"),
    ("Иванов Дмитрий", "Then Ivanov was detained.", "Ivanov"),
    ("Guðrún Jónsdóttir", "Then Gudrun was detained.", "Gudrun"),
    ("Þór Ólafsson", "Then Thor was detained.", "Thor"),
    ("Eleni Papadaki", "Then Παπαδάκη was detained.", "Παπαδάκη"),
])
def test_a_word_of_the_name_in_another_alphabet_is_blanked(stored, text, word):
    assert _leaks(stored, text, word) == {}


@pytest.mark.parametrize(("stored", "text"), [
    ("Dmitry Ivanov", "Then Ивановский was detained."),  # a longer word holding the name is another word
    ("Dmitry Ivanov", "Then Ivanovich was detained."),
    ("Ming Li", "Then 明 spoke."),  # Han: "ming" once transliterated, never compared
    ("Som Chai", "Then ซม spoke."),  # Thai: "som"
])
def test_a_word_is_compared_whole_and_never_through_the_transliteration_of_han_or_thai(stored, text):
    assert _every_way(stored, text) == {"scrub": text, "register scrub": text}


def test_an_arabic_name_does_not_blank_an_english_word_of_its_consonants():
    """Arabic is written without short vowels: "محمد" is "mhmd" once transliterated; an ASCII word is never
    compared with that skeleton, while the same name in Arabic script still is."""
    register = RegisterNames([NameSet(1, ("سمر كتب",))])  # "ktb" once transliterated
    assert register.scrub("Then Ktb spoke.") == "Then Ktb spoke."
    assert register.scrub("Then كتب spoke.") == f"Then {WITHHELD} spoke."


def test_the_register_blanks_another_alphabet_only_where_written_as_a_name():
    register = RegisterNames([NameSet(1, ("Dmitry Ivanov",))])
    assert register.scrub("Иванов was detained.") == f"{WITHHELD} was detained."
    assert register.scrub("иванов was detained.") == "иванов was detained."  # another case's word, in lower case
    assert resolve(scrub("иванов was detained.", [NameSet(1, ("Dmitry Ivanov",))]), {}) == (
        f"{WITHHELD} was detained.")  # the case's own name: in any case


def test_a_whole_name_in_another_alphabet_is_blanked_by_the_register_guard_and_the_guard():
    """The guards blank full names: "Ελένη Παπαδάκη" is "eleni papadaki" word by word."""
    text = "Then Ελένη Παπαδάκη was detained."
    assert RegisterNames([NameSet(1, ("Eleni Papadaki",))]).guard(text) == f"Then {WITHHELD} was detained."
    assert Guard(["Eleni Papadaki"])(text) == f"Then {WITHHELD} was detained."
    assert Guard(["Элени Пападопулу"])("Then Eleni Papadopulu was detained.") == f"Then {WITHHELD} was detained."
    assert Guard(["Eleni Papadaki"])("Then Ελένη spoke.") == "Then Ελένη spoke."  # not a full name


# ---------------------------------------------------------------- the public list and the open data


@pytest.mark.django_db
@pytest.mark.parametrize("own", [False, True], ids=["other case", "own case"])
def test_the_public_list_and_open_data_do_not_print_the_name_in_cyrillic(officer, senior, own):
    final_report_with_legacy_summary(officer, senior, summary=f"{PUBLISHED} worked with Mr Иванов, who is in hiding.",
                                     stored_name="Dmitry Ivanov", own=own, name="Dmitry Ivanov")
    client = Client()
    for path in ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv"):
        body = client.get(path).content.decode()
        printed = _printed(json.dumps(json.loads(body), ensure_ascii=False) if path.endswith(".json") else body)
        assert "who is in hiding" in printed, path
        assert "Иванов" not in printed and "Ivanov" not in printed, path


# ---------------------------------------------------------------- a given name beside it, by its sound


def test_a_word_in_another_alphabet_beside_the_name_is_blanked_when_it_sounds_as_a_word_of_the_name():
    """"Дмитрий" is romanised "Dmitrii", not "Dmitry": beside "Иванов" it is blanked for its sound, as the
    withholding from focal points blanks it; a word that does not sound as the name, or is not beside it, or is
    in ASCII ("under" sounds as "Nader"), is kept."""
    assert _every_way("Dmitry Ivanov", "Дмитрий Иванов was detained; Пётр was not.") == {
        "scrub": f"{WITHHELD} {WITHHELD} was detained; Пётр was not.",
        "register scrub": f"{WITHHELD} {WITHHELD} was detained; Пётр was not."}
    assert _every_way("Dmitry Ivanov", "Иванов and Дмитрий") == {
        "scrub": f"{WITHHELD} and Дмитрий", "register scrub": f"{WITHHELD} and Дмитрий"}
    assert _every_way("Nader Bakri", "Bakri under threat") == {
        "scrub": f"{WITHHELD} under threat", "register scrub": f"{WITHHELD} under threat"}


def test_a_given_name_blanked_for_its_sound_prints_as_the_consented_word_of_the_name():
    from reprisals.reports.redaction import PartyView

    names = NameSet(5, ("Dmitry Ivanov",))
    view = PartyView(5, "a lawyer", "Dmitry Ivanov", tuple(names.tokens_as_written()))
    assert resolve(scrub("Дмитрий Иванов met Пётр.", [names]), {5: view}) == "Dmitry Ivanov met Пётр."
