"""The characters of a word, as the redaction parts a text, are one public character class: another module
that must part a text into the same words (``cases.selectors``) builds its own classes from it."""

import re

from reprisals.reports import redaction
from reprisals.reports.redaction import WORD_CHARACTERS


def test_a_vowel_sign_is_inside_a_word_where_the_redaction_reads_one():
    """A vowel sign of Hindi is a mark, not a letter: read as one, "रामायण" is not the name "राम" and a sign after it,
    and the name "राम" is found as the word it is."""
    text = "रामायण पढ़ी; राम ने लिखा"
    assert redaction.Guard(["राम"])(text) == f"रामायण पढ़ी; {redaction.WITHHELD} ने लिखा"
    assert redaction.RegisterNames([redaction.NameSet(1, ("राम शर्मा",))]).scrub(text) == (
        f"रामायण पढ़ी; {redaction.WITHHELD} ने लिखा")


def test_the_word_characters_take_letters_digits_underscore_and_marks_and_nothing_else():
    one = re.compile(f"[{WORD_CHARACTERS}]")
    # a combining acute, a Devanagari and a Khmer vowel sign are marks
    for char in ("a", "Ж", "ب", "7", "_", "\u0301", "\u093e", "\u17b6"):
        assert one.fullmatch(char), repr(char)
    for char in (" ", "-", "@", ".", "\u200b", "'"):
        assert not one.fullmatch(char), repr(char)


def test_a_class_built_from_the_word_characters_keeps_a_decomposed_or_indic_word_whole():
    label = re.compile(f"[{WORD_CHARACTERS}\\-]+")
    assert label.fullmatch("Nu\u0301n\u0303ez-Ali")
    assert label.fullmatch("रामायण")
