"""Review H6: a Ukrainian or Belarusian name stored in Latin letters is blanked on every path (the guards, the
register's guard, the redactor, the register's scrubbing, the erasure's ``scrub`` and the withholding) in the cases
of a Cyrillic text, whatever its family name ends in: a family name in "-ei" ("Karnei": "Карнея"), in "-io"
("Kuzio": "Кузьо", which a text also leaves as it is), a woman's adjective in "-ska" ("Kovalska": "Ковальської"),
and one written with an apostrophe ("D'iachenko": "Дяченко")."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import NameSet
from tests.test_reports_redaction_review15 import printed


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Ihar Karnei", "Справа Ігара Карнея.", "Ігара Карнея"),
    ("Ihar Karnei", "Ліст Ігару Карнею.", "Ігару Карнею"),
    ("Ihar Karnei", "Сустрэча з Ігарам Карнеем.", "Ігарам Карнеем"),
    ("Taras Kuzio", "Справа Тараса Кузьо.", "Тараса Кузьо"),
    ("Taras Kuzio", "Лист Тарасові Кузьо.", "Тарасові Кузьо"),
    ("Taras Kuzio", "Розмова з Тарасом Кузьо.", "Тарасом Кузьо"),
    ("Oksana Kovalska", "Справа Оксани Ковальської.", "Оксани Ковальської"),
    ("Oksana Kovalska", "Лист Оксані Ковальській.", "Оксані Ковальській"),
    ("Oksana Kovalska", "Розмова з Оксаною Ковальською.", "Оксаною Ковальською"),
    ("Oksana Kovalska", "Бачили Оксану Ковальську.", "Оксану Ковальську"),
    ("Oksana Kovalska", "Оксано Ковальська, відповідайте!", "Оксано Ковальська"),
    ("Olha D'iachenko", "Справа Ольги Дяченко.", "Ольги Дяченко"),
    ("Olha D'iachenko", "Лист Ользі Дяченко.", "Ользі Дяченко"),
    ("Olha D'iachenko", "Розмова з Ольгою Дяченко.", "Ольгою Дяченко"),
    ("Olha D\u2019iachenko", "Ольго Дяченко, відповідайте!", "Ольго Дяченко"),
])
def test_a_latin_ukrainian_or_belarusian_name_is_blanked_declined_on_every_path(protected, text, declined):
    assert printed(protected, text, *declined.split()) == {}


@pytest.mark.parametrize(("protected", "text", "name"), [
    ("Taras Kuzio", "Тарас Кузьо пише.", "Тарас Кузьо"),  # "ьо" romanised "io"
    ("Olha D'iachenko", "Ольга Дяченко пише.", "Ольга Дяченко"),
])
def test_a_latin_name_is_blanked_in_cyrillic_as_it_is_on_every_path(protected, text, name):
    assert printed(protected, text, *name.split()) == {}


def test_a_family_name_in_io_is_also_read_in_cyrillic_stored():
    assert printed("Тарас Кузьо", "Taras Kuzio wrote.", "Kuzio") == {}


@pytest.mark.parametrize(("name", "form"), [
    ("John Karnei", "karney"),  # a given name that shows no language: not declined
    ("John Kuzio", "kuzia"),
])
def test_a_name_whose_given_name_shows_no_language_is_still_not_declined(name, form):
    assert not [v for v in NameSet(1, (name,)).variants if form in v]


def test_a_romanised_case_ending_writes_no_soft_sign():
    assert not [v for v in NameSet(1, ("Oksana Kovalska",)).variants if "'" in v]
