"""Review: a Ukrainian name is blanked on every path (the guards, the register's guard, the redactor, the register's
scrubbing, the erasure's ``scrub`` and the withholding) in the vocative of a given name in a consonant doubled and
"-я" ("Ілле", "Іллє" for "Ілля"), whatever follows it; a "ʼ" (U+02BC) written as a quotation mark before or after a
name glues nothing to it ("ʼТарасові Шевченкуʼ"); and the withholding blanks what the guards blank of a name stored
in Latin letters, declined in Cyrillic ("Галино Шевченко", "Галини Шевченко" for "Halyna Shevchenko"), whole."""
from __future__ import annotations

import pytest

from tests.test_reports_redaction_review15 import printed


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Ілля Гнатюк", "Іллє Гнатюку!", "Іллє Гнатюку"),
    ("Ілля Гнатюк", "Іллє Гнатюку, відповідайте.", "Іллє Гнатюку"),
    ("Ілля Гнатюк", "Ілле Гнатюку!", "Ілле Гнатюку"),
    ("Ілля Петрович Гнатюк", "Ілле Петровичу Гнатюку!", "Ілле Петровичу Гнатюку"),
    ("Ілля Петрович Гнатюк", "Іллє Петровичу Гнатюку!", "Іллє Петровичу Гнатюку"),
])
def test_the_vocative_of_illia_is_blanked_on_every_path(protected, text, declined):
    assert printed(protected, text, *declined.split()) == {}


@pytest.mark.parametrize("text", [
    "\u02bcТарасові Шевченку\u02bc.",
    "Лист \u02bcТарасові Шевченку\u02bc, поету.",
    "\u02bcТарас Шевченко\u02bc",
    "\u02bc\u02bcТарасові Шевченку\u02bc\u02bc",
])
def test_a_modifier_apostrophe_used_as_a_quotation_mark_glues_nothing_to_the_name(text):
    assert printed("Тарас Шевченко", text, "Тарас", "Шевченк") == {}


def test_a_modifier_apostrophe_inside_a_word_is_still_one_word_with_it():
    assert printed("Мар'яна Лук'янчук", "\u02bcМарʼяна Лукʼянчук\u02bc пише.", "Мар", "Лук") == {}


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Halyna Shevchenko", "Галино Шевченко, відповідайте!", "Галино Шевченко"),
    ("Halyna Shevchenko", "Справа Галини Шевченко.", "Галини Шевченко"),
    ("Taras Kuzio", "Тарас Кузьо пише.", "Тарас Кузьо"),
])
def test_the_withholding_blanks_a_latin_name_declined_in_cyrillic_whole(protected, text, declined):
    assert printed(protected, text, *declined.split()) == {}
