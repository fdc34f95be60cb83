"""The public redaction (``reports.redaction``: a case's own scrub, the register's scrub and guard, the guard
of a party who may not be named, and the public list and open data built on them) compares names through the
one folding (``core.text.fold_name``): a name is blanked however a keyboard spells it (without its accents, in
capitals, decomposed, "ILKNUR KILIC" for "İlknur Kılıç", "Jurgen Weiss" for "Jürgen Weiß"), a word is still
compared whole, and what prints as nothing parts words by what it is, never by the case of the letters around
it."""
from __future__ import annotations

import pytest
from django.test import Client

from reprisals.cases.models import ERASED_NAME_KEY_ID
from reprisals.core.text import printable
from reprisals.reports import redaction
from reprisals.reports.redaction import (
    WITHHELD,
    ErasedNames,
    Guard,
    NameSet,
    RegisterNames,
    _digest,
    _erased_key,
    _fold,
    _readings,
    resolve,
    scrub,
)
from tests.test_redaction_normalising import NAME, _printed
from tests.test_reports_control_characters_redaction import PUBLISHED, final_report_with_legacy_summary

ZWSP, SHY, WJ = "\u200b", "\u00ad", "\u2060"


def _every_way(stored: str, text: str) -> dict[str, str]:
    """What each way of the public redaction prints of ``text`` when ``stored`` may not be named."""
    names = NameSet(1, (stored,))
    register = RegisterNames([names])
    return {"scrub": _printed(resolve(scrub(text, [names]), {})), "register scrub": _printed(register.scrub(text)),
            "register guard": _printed(register.guard(text)), "guard": _printed(Guard([stored])(text))}


def _leaks(stored: str, text: str, word: str) -> dict[str, str]:
    return {way: out for way, out in _every_way(stored, text).items() if word.casefold() in out.casefold()}


# ---------------------------------------------------------------- one folding (F0)


@pytest.mark.parametrize(("stored", "text", "word"), [
    ("José Núñez", "Then Jose Nunez was held.", "Nunez"),
    ("José Núñez", "Then JOSE NUNEZ was held.", "NUNEZ"),
    ("José Núñez", "Then Jose\u0301 Nu\u0303n\u0303ez was held.", "Nu"),  # decomposed accents
    ("Jose Nunez", "Then José Núñez was held.", "Núñez"),
    ("İlknur Kılıç", "Then ILKNUR KILIC was held.", "KILIC"),
    ("İlknur Kılıç", "Then ilknur kilic was held.", "kilic"),
    ("Jürgen Weiß", "Then Jurgen Weiss was held.", "Jurgen"),
    ("Jürgen Weiß", "Then JÜRGEN WEISS was held.", "WEISS"),
])
def test_a_name_is_blanked_however_its_accents_and_case_are_written(stored, text, word):
    assert _leaks(stored, text, word) == {}


@pytest.mark.parametrize(("stored", "text", "word"), [
    ("José Núñez", "Mr Nunez was held.", "Nunez"),
    ("İlknur Kılıç", "Ms KILIC was held.", "KILIC"),
    ("Jürgen Weiß", "Mr Weiss was held.", "Weiss"),
])
def test_the_family_name_alone_is_blanked_without_its_accents(stored, text, word):
    names = NameSet(1, (stored,))
    assert resolve(scrub(text, [names]), {}) == text.replace(word, "[…]")
    assert RegisterNames([names]).scrub(text) == text.replace(word, "[…]")
    assert RegisterNames([names]).names_anyone(text)


def test_a_word_is_still_compared_whole():
    text = "Alice, Alibi and Nuneziana met Josephine."
    for stored in ("Ali Núñez", "José Nunez", "Ali"):
        assert _every_way(stored, text) == dict.fromkeys(("scrub", "register scrub", "register guard", "guard"),
                                                         text)


def test_the_marker_of_a_consented_name_prints_it_as_the_party_writes_it():
    from reprisals.reports.redaction import PartyView, party_marker

    names = NameSet(7, ("José Núñez",))
    scrubbed = scrub("Then JOSE NUNEZ met Mr Nunez.", [names])
    assert scrubbed == f"Then {party_marker(7)} met Mr \u27e6t:7:1\u27e7."
    view = PartyView(7, "a lawyer", "José Núñez", tuple(names.tokens_as_written()))
    assert resolve(scrubbed, {7: view}) == "Then José Núñez met Mr Núñez."


@pytest.mark.django_db
@pytest.mark.parametrize("own", [False, True], ids=["other case", "own case"])
def test_the_public_list_and_open_data_do_not_print_the_name_without_its_accents(officer, senior, own):
    final_report_with_legacy_summary(officer, senior, summary=f"{PUBLISHED} worked with Jose Nunez, who is in hiding.",
                                     stored_name="José Núñez", own=own, name=NAME)
    client = Client()
    for path in ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv"):
        printed = _printed(client.get(path).content.decode())
        assert "who is in hiding" in printed, path
        assert "Nunez" not in printed and "NUNEZ" not in printed, path


# ---------------------------------------------------------------- what parts words (F1)


@pytest.mark.parametrize("text", [f"Then MARYAM{ZWSP}EXAMPLE was held.", f"Then maryam{ZWSP}example was held.",
                                  "Then MARYAM\x00EXAMPLE was held.", "Then maryam\x01example was held."])
def test_words_parted_by_a_zero_width_space_or_a_control_character_are_the_name(text):
    assert _leaks("Maryam Example", text, "example") == {}


@pytest.mark.parametrize("text", [f"Then John Mc{SHY}Donald was held.", f"Then John Mc{WJ}Donald was held.",
                                  f"Then JOHN MC{SHY}DONALD was held."])
def test_a_soft_hyphen_or_a_word_joiner_parts_no_word(text):
    assert _leaks("John McDonald", text, "donald") == {}


def test_a_name_parted_by_a_zero_width_space_is_found_glued_as_it_prints():
    assert _leaks("Maryam Example", f"Then Mar{ZWSP}yam Exa{ZWSP}mple was held.", "mple") == {}
    assert _leaks("Maryam Example", "Then Mar\x01yam Example was held.", "Example") == {}


@pytest.mark.django_db
def test_the_public_list_and_open_data_do_not_print_a_name_parted_by_a_zero_width_space(officer, senior):
    summary = f"{PUBLISHED} worked with ALI{ZWSP}HASSAN, who is in hiding."
    final_report_with_legacy_summary(officer, senior, summary=summary, stored_name="Ali Hassan", own=True, name=NAME)
    client = Client()
    for path in ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv"):
        printed = _printed(client.get(path).content.decode())
        assert "who is in hiding" in printed, path
        assert "HASSAN" not in printed, path


# ---------------------------------------------------------------- one table of what prints as nothing (F2)


@pytest.mark.parametrize("hidden", ["\U000e0020", "\u180e", "\ufff9", "\u034f", "\ufe0f", "\u180b", "\u17b4",
                                    "\u3164", "\ue0101".replace("\ue0101", "\U000e0101"), "\u2064"])
def test_any_character_that_prints_as_nothing_hides_no_name(hidden):
    text = f"Mr Has{hidden}san was held."
    names = NameSet(1, ("Ali Hassan",))
    assert resolve(scrub(text, [names]), {}) == f"Mr {WITHHELD} was held."
    assert RegisterNames([names]).scrub(text) == f"Mr {WITHHELD} was held."
    assert _leaks("Ali Hassan", f"Then Ali Has{hidden}san was held.", "san") == {}


# ---------------------------------------------------------------- many names (F3)


def test_the_readings_of_many_names_are_each_kept_once_in_order():
    names = [f"Name{i} Family{i}" for i in range(3000)] + ["Name1 Family1", "Ali\x00Hassan", "Ali\x00Hassan"]
    out = _readings(names)
    assert out[:2] == ("Name0 Family0", "Name0Family0") and len(out) == len(set(out))
    assert {f"Ali{ZWSP}Hassan", "AliHassan"} <= set(out) and len(out) == 2 * 3000 + 2


# ---------------------------------------------------------------- a name stored with a space (F9)


@pytest.mark.parametrize(("stored", "text", "given"), [
    ("加藤 太郎", "加藤太郎さんは逮捕された", "太郎"), ("曹 顺利", "曹顺利被拘留", "顺利"),
])
def test_a_cjk_name_stored_with_a_space_is_blanked_in_running_text(stored, text, given):
    names = NameSet(1, (stored,))
    assert given not in resolve(scrub(text, [names]), {})
    assert given not in RegisterNames([names]).scrub(text)
    assert given not in Guard([stored])(text)


# ---------------------------------------------------------------- erased names (F0, F8)

SECRET = b"s" * 32


def _rows_before_the_folding(name: str) -> list[tuple[str, str, str, int]]:
    """Hashes as written before the folding and before ``as_read`` (``printable``: "Ali\\x00Hassan" is
    "alihassan"); they cannot be made again, the names being gone."""
    key = _erased_key(SECRET)
    words = tuple(redaction._WORD.findall(_fold(printable(name))))
    return [(ERASED_NAME_KEY_ID, "phrase", _digest(key, " ".join(words)), len(words)),
            (ERASED_NAME_KEY_ID, "start", _digest(key, words[0]), 1),
            *[(ERASED_NAME_KEY_ID, "token", _digest(key, w), 1) for w in words if len(w) >= 3]]


def test_an_erased_legacy_name_is_still_found_in_a_legacy_text():
    register = RegisterNames(erased=ErasedNames(_rows_before_the_folding("Ali\x00Hassan"), SECRET))
    assert register.guard("Then Ali\x00Hassan was held.") == f"Then {WITHHELD} was held."
    assert register.scrub("Then AliHassan was held.") == f"Then {WITHHELD} was held."


def test_older_hashes_of_an_erased_name_still_match_as_they_did():
    register = RegisterNames(erased=ErasedNames(_rows_before_the_folding("José Núñez"), SECRET))
    assert register.guard("Then José Núñez was held.") == f"Then {WITHHELD} was held."
    assert register.scrub("Then JOSÉ NÚÑEZ was held; Mr Núñez too.") == f"Then {WITHHELD} was held; Mr {WITHHELD} too."


@pytest.mark.django_db
def test_a_newly_erased_name_is_found_without_its_accents():
    from reprisals.cases.models import ErasedNameKey

    rows = ErasedNames.rows(["José Núñez"], individual=True)
    register = RegisterNames(erased=ErasedNames(rows, ErasedNameKey.current()))
    assert register.guard("Then Jose Nunez was held.") == f"Then {WITHHELD} was held."
    assert register.scrub("Then JOSE NUNEZ was held; Mr Nunez too.") == f"Then {WITHHELD} was held; Mr {WITHHELD} too."
    assert register.names_anyone("the sister of nunez", any_case=True)
    assert register.scrub("Alice and Nuneziana met.") == "Alice and Nuneziana met."


@pytest.mark.parametrize(("text", "shown"), [
    ("Herr Weiß und Frau Strauß, Herr WEISS.", "Herr […] und Frau Strauß, Herr […]."),
    ("Straße: Jürgen Weiß; Maße", "Straße: […]; Maße"),
    ("Je\u0301ro\u0302me und Jürgen Weiss", "Je\u0301ro\u0302me und […]"),
])
def test_what_is_blanked_is_exactly_the_name_where_letters_fold_into_more_or_fewer(text, shown):
    names = NameSet(1, ("Jürgen Weiß",))
    assert RegisterNames([names]).scrub(text) == shown
    assert resolve(scrub(text, [names]), {}) == shown


def test_the_registers_words_hold_a_name_folded_and_as_written_in_any_case():
    """The register's words are compared folded by the redaction, and case-folded as written by the erasure's
    scrub (``cases.erasure``), which must keep finding an accented word of an erased name."""
    assert {"nunez", "núñez", "jose", "josé"} <= RegisterNames([NameSet(1, ("José Núñez",))]).tokens
    assert RegisterNames([NameSet(1, ("José Núñez",), individual=False)]).tokens == set()
