"""Words of scripts whose vowel signs are marks (Hindi, Bengali, Thai, Khmer...) and of scripts written without
spaces, in the public redaction: a word is its letters with the marks written inside or after them, so a name
never blanks the start of a longer word; and a name in a script written without spaces between words (Thai,
Lao, Khmer, Burmese, as Chinese, Japanese and Korean) is found wherever it appears."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import Guard, NameSet, RegisterNames, resolve, scrub


def _every_way(stored: str, text: str) -> dict[str, str]:
    names = NameSet(1, (stored,))
    register = RegisterNames([names])
    return {"scrub": resolve(scrub(text, [names]), {}), "register scrub": register.scrub(text),
            "register guard": register.guard(text), "guard": Guard([stored])(text)}


@pytest.mark.parametrize(("stored", "text"), [
    ("राम", "रामायण पढ़ो"),  # "Ram" and "read the Ramayana"
    ("राम कुमार", "रामायण और कुमारी"),
    ("সীমা", "সীমানা পার হয়েছে"),  # Bengali "Seema" and "border"
])
def test_a_name_does_not_blank_the_start_of_a_longer_word_of_a_script_with_vowel_signs(stored, text):
    assert _every_way(stored, text) == dict.fromkeys(("scrub", "register scrub", "register guard", "guard"), text)


@pytest.mark.parametrize(("stored", "text", "shown"), [
    ("राम कुमार", "राम कुमार को गिरफ्तार किया गया", "[…] को गिरफ्तार किया गया"),
    ("राम कुमार", "श्री कुमार को", "श्री […] को"),
])
def test_a_name_of_such_a_script_is_still_blanked_as_a_word(stored, text, shown):
    names = NameSet(1, (stored,))
    assert RegisterNames([names]).scrub(text) == shown
    assert "कुमार" not in resolve(scrub(text, [names]), {})


@pytest.mark.parametrize(("stored", "text", "given"), [
    ("สมชาย ใจดี", "นายสมชายถูกจับกุมที่บ้าน", "สมชาย"),  # Thai: "Mr Somchai was arrested at home"
    ("ສົມພອນ ແກ້ວ", "ທ່ານສົມພອນຖືກຈັບ", "ສົມພອນ"),  # Lao
    ("សុខា ចាន់", "លោកសុខាត្រូវបានចាប់ខ្លួន", "សុខា"),  # Khmer
    ("အောင်မြင့် ဦး", "ဦးအောင်မြင့်ကိုဖမ်းဆီး", "အောင်မြင့်"),  # Burmese
])
def test_a_name_in_a_script_written_without_spaces_is_blanked_inside_a_sentence(stored, text, given):
    # The case's own names (its texts, its parties' descriptions): a word of one is found inside the sentence.
    names = NameSet(1, (stored,))
    assert given not in resolve(scrub(text, [names]), {})
    assert given not in RegisterNames([names], words_anywhere=True).scrub(text)
    assert RegisterNames([names], words_anywhere=True).names_anyone(text)
    # Another case's name (the register): a word of it alone is found only as a word, for it may be an ordinary
    # word inside the sentence (review 8: tests/test_redaction_review8.py); the whole name is found anywhere.
    assert given not in RegisterNames([names]).scrub(text.replace(given, f" {given} "))
    assert RegisterNames([names]).scrub(text.replace(given, stored.replace(" ", ""))) == text.replace(given, "[…]")


def test_the_whole_name_in_a_script_written_without_spaces_is_blanked_wherever_it_appears():
    text = "นายสมชายใจดีถูกจับกุม"
    assert RegisterNames([NameSet(1, ("สมชาย ใจดี",))]).guard(text) == "นาย[…]ถูกจับกุม"
    assert Guard(["สมชาย ใจดี"])(text) == "นาย[…]ถูกจับกุม"
