"""A name in Latin letters against the same name in Arabic script (no database), when the Latin spelling
is French or Maghrebi ("ch" for "ش", "dj" for "ج", "ou" for a long "u": "Aïcha", "Hichem", "Khadidja") or
Egyptian ("g" for "ج": "Ragegh"). Letter by letter, "ch" met nothing in Arabic script, so "Aicha
el-Zahrani" and "عائشة الزهراني" agreed on the family name alone, as two relatives would. The Latin name is
also read as one spelling of Arabic (``names.arabic_latin``, the reading Latin spellings already meet
each other in), against Arabic script only: in Devanagari "g" and "j" are two letters."""

from __future__ import annotations

import pytest

from reprisals.linkage.compare import Record, compare_person_names, full_name_level, prepare

SAME = 8  # full_name level: "same after transliteration"


def person(name: str) -> object:
    return prepare(Record(id=name, names=(name,), country="DZA"))


def full_level(a: str, b: str) -> int:
    n = compare_person_names(person(a), person(b))
    return full_name_level(n.given, n.family)


@pytest.mark.parametrize(("latin", "arabic"), [
    ("Aicha el-Zahrani", "عائشة الزهراني"),
    ("Hichem Chahine", "هشام شاهين"),
    ("Djamel Chaabane", "جمال شعبان"),
    ("Ousama El Chaadji", "أسامة الشعاجي"),
    ("Khadidja Chakakha", "خديجة شقخة"),
    ("Dounya Azich", "دنيا العازش"),
    ("Raneya El-Ragegh", "رانية الراجغ"),
])
def test_a_french_or_egyptian_spelling_is_the_same_name_as_in_arabic_script(latin, arabic):
    assert full_level(latin, arabic) == SAME
    assert full_level(arabic, latin) == SAME


def test_the_reading_does_not_join_two_names_in_arabic_script_that_differ():
    # the reading writes "ch" as "sh" and "dj" as "j"; a consonant more or less is still another name
    assert full_level("Djamel Chaabane", "جمال شعلان") < SAME
    assert full_level("Aicha el-Zahrani", "عائشة الزهراوي") < SAME


def test_a_latin_name_against_devanagari_is_not_read_as_arabic():
    # "Chandan" is "चंदन" in Hindi, where "ch" is "च", not "श": the Arabic reading is for Arabic script only
    assert full_level("Chandan Rao", "चंदन राव") == SAME
    assert full_level("Chandan Rao", "शंदन राव") < SAME
