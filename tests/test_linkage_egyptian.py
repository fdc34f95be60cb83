"""Arabic names as Egyptian and Levantine speech says them (no database): "ق" a glottal stop that is lost
("Qasim", "'Asem"), "ث" an "s" ("Uthman", "Osman") and "ذ" a "z" ("Dhikra", "Zikra"). Such a spelling
meets the others in blocking and is a typo apart from them in the comparison, in Latin letters and
against the name in Arabic script; it is never "the same", since "Samer" and "Thamer" are two names."""

from __future__ import annotations

import pytest

from reprisals.linkage import blocking
from reprisals.linkage import names as N
from reprisals.linkage.compare import Record, compare_person_names, full_name_level, prepare, token_level


def person(name: str) -> object:
    return prepare(Record(id=name, names=(name,), country="EGY"))


def full_level(a: str, b: str) -> int:
    n = compare_person_names(person(a), person(b))
    return full_name_level(n.given, n.family)


def meet_in_a_block(a: str, b: str) -> bool:
    return bool(blocking.keys(person(a)) & blocking.keys(person(b)))


def test_the_egyptian_reading_says_th_as_s_and_dh_as_z_as_well_as_losing_the_q():
    assert N.egyptian("uthman") == N.arabic_latin("osman")
    assert N.egyptian("dhikra") == N.arabic_latin("zikra")
    assert N.egyptian("qasim") == N.arabic_latin("asim")
    assert N.egyptian("samir") == ""  # nothing to read again


@pytest.mark.parametrize(("a", "b"), [("uthman", "osman"), ("othman", "osman"), ("dhikra", "zikra")])
def test_a_spelling_as_egypt_says_it_is_a_typo_apart_not_the_same(a, b):
    assert token_level(a, b, False) == 3


@pytest.mark.parametrize(("latin", "arabic"), [("Hoda Asem", "هدا قاسم"), ("Belal Osman", "بلال عثمان"),
                                                ("Abir el-Ahtani", "عبير القحطاني")])
def test_an_egyptian_spelling_meets_the_name_in_arabic_script(latin, arabic):
    assert meet_in_a_block(latin, arabic)
    assert full_level(latin, arabic) == 7  # one letter apart: the given name the same, the family name near


def test_an_egyptian_spelling_meets_another_latin_spelling_in_a_block():
    assert meet_in_a_block("Belal Osman", "Bilal Uthman")
    assert full_level("Said Osman", "Said Othman") == 7


def test_two_names_that_differ_in_more_than_the_egyptian_reading_stay_apart():
    assert token_level("osman", "usama", False) < 3
    assert full_level("Said Osman", "Said Othmani") < 7
