"""Texts and names enter the redaction through one normalising step (``redaction.as_read``): what will be
printed, as it reads. A name stored before control characters were refused at input ("Ali\\x00Hassan", which
prints "AliHassan") and a text holding a character that prints as nothing inside a word ("Ha\\u00adssan", a
soft hyphen; "Has\\u200bsan", a zero-width space; a zero-width joiner; a direction mark) hide no name from the
public outputs: the name is blanked however either of them spells it. Ordinary words survive, and so do the
joiners and spaces that shape Persian, Thai or an emoji, where they do something."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from reprisals.reports.redaction import (
    WITHHELD,
    Guard,
    NameSet,
    PartyView,
    Redactor,
    RegisterNames,
    as_read,
    party_marker,
    resolve,
    safe_description,
    scrub,
)
from tests.test_reports_control_characters_redaction import PUBLISHED, final_report_with_legacy_summary

NAME = "Ali Hassan"
SHY, ZWSP, ZWJ, LRM, WJ, BOM = "\u00ad", "\u200b", "\u200d", "\u200e", "\u2060", "\ufeff"

# A legacy name: a character that prints as nothing, stored inside the name.
LEGACY_NAMES = ["Ali\x00Hassan", "Ali\x0bHassan", f"Ali{ZWSP}Hassan", f"Ali{SHY}Hassan", f"Ali Has{SHY}san",
                f"Ali Has{ZWSP}san", "Ali Has\x01san"]
# How a text may mention that person: the name's words in any case (and, below, the name as stored and as
# it prints: "AliHassan" for "Ali\x00Hassan").
MENTIONS_OF_LEGACY = ["Ali Hassan", "ALI HASSAN", "ali hassan"]
# A text holding a character that prints as nothing, while the name is stored clean.
HIDDEN_IN_TEXT = ["Ali\x00 Hassan", "Ali\x00Hassan", "Ali\x0bHassan", f"Ali{ZWSP}Hassan", f"Ali{SHY}Hassan",
                  f"Ali Ha{SHY}ssan", f"Ali Has{ZWSP}san", f"Ali Has{ZWJ}san", f"Ali Has{LRM}san",
                  f"Ali Has{WJ}san", f"Ali Has{BOM}san", f"Ali Has\x01{ZWSP}san", f"A{SHY}li Has{SHY}san"]


def _printed(text: str) -> str:
    """What a reader sees: the characters that print as nothing left out."""
    return "".join(c for c in text if c not in (SHY, ZWSP, ZWJ, LRM, WJ, BOM) and (c >= " " or c in "\t\n\r"))


def _blanked_everywhere(stored: str, text: str) -> list[str]:
    """The ways of the redaction (a case's own scrub, the register's scrub and guard, the guard of a party
    who may not be named, the redactor at the moment of use) that leave the name readable in ``text``."""
    names = NameSet(1, (stored,))
    register = RegisterNames([names])
    outputs = {
        "scrub": resolve(scrub(text, [names]), {}),
        "register scrub": register.scrub(text),
        "register guard": register.guard(text),
        "guard": Guard([stored])(text),
        "redactor": Redactor({}, [stored]).text(text),
    }
    return [way for way, out in outputs.items()
            if any(word in _printed(out).casefold() for word in ("ali", "hassan", "has san"))]


@pytest.mark.parametrize("stored", LEGACY_NAMES)
@pytest.mark.parametrize("mention", MENTIONS_OF_LEGACY)
def test_a_legacy_name_is_blanked_however_the_text_spells_it(stored, mention):
    assert _blanked_everywhere(stored, f"Then {mention} was detained.") == []


@pytest.mark.parametrize("stored", LEGACY_NAMES)
def test_a_legacy_name_is_blanked_as_stored_and_as_printed(stored):
    assert _blanked_everywhere(stored, f"Then {stored} was detained.") == []
    assert _blanked_everywhere(stored, f"Then {as_read(stored).replace(ZWSP, '')} was detained.") == []


@pytest.mark.parametrize("text", HIDDEN_IN_TEXT)
def test_a_character_that_prints_as_nothing_in_a_text_hides_no_name(text):
    assert _blanked_everywhere(NAME, f"Then {text} was detained.") == []


@pytest.mark.parametrize("stored", [NAME, "Ali\x00Hassan", f"Ali Has{SHY}san"])
@pytest.mark.parametrize("family", ["Hassan", f"Ha{SHY}ssan", f"Has{ZWSP}san", f"Has{ZWJ}san", "Has\x01san"])
def test_the_family_name_alone_is_blanked_however_either_spells_it(stored, family):
    names = NameSet(1, (stored,))
    for out in (resolve(scrub(f"Mr {family} was detained.", [names]), {}),
                RegisterNames([names]).scrub(f"Mr {family} was detained.")):
        assert out == f"Mr {WITHHELD} was detained.", (stored, family, out)


def test_the_scrub_marks_the_whole_name_so_that_the_description_stands_in():
    text = scrub(f"Ali Has{ZWSP}san was detained.", [NameSet(7, (NAME,))])
    assert text == f"{party_marker(7)} was detained."
    assert scrub("Ali\x00Hassan was detained.", [NameSet(7, (NAME,))]) == f"{party_marker(7)} was detained."
    assert scrub("Ali Hassan was detained.", [NameSet(7, ("Ali\x00Hassan",))]) == f"{party_marker(7)} was detained."


def test_a_consented_legacy_name_prints_its_words_without_the_control_character():
    view = PartyView(7, "a lawyer", "Ali\x00Hassan")
    out = resolve(f"{party_marker(7)} was released.", {7: view})
    assert _printed(out) == "AliHassan was released." and "\x00" not in out


def test_a_description_naming_a_person_behind_a_soft_hyphen_is_not_used():
    names = NameSet(1, (NAME,))
    assert safe_description(f"the brother of Mr Has{SHY}san", names, [], "a person") == "a person"
    assert safe_description("a lawyer from the capital", names, [], "a person") == "a lawyer from the capital"


def test_a_protected_value_is_blanked_behind_a_character_that_prints_as_nothing():
    text = resolve(scrub(f"Call Source Al{ZWSP}pha on +973 3\x00600 0000.", [], ["Source Alpha", "+973 3600 0000"]), {})
    assert text == f"Call {WITHHELD} on {WITHHELD}."


@pytest.mark.parametrize("entry", [
    lambda text: resolve(scrub(text, [NameSet(1, (NAME,))]), {}),
    lambda text: Guard([NAME])(text),
    lambda text: RegisterNames([NameSet(1, (NAME,))]).scrub(text),
    lambda text: RegisterNames([NameSet(1, (NAME,))]).guard(text),
    lambda text: "[…]" if RegisterNames([NameSet(1, (NAME,))]).names_anyone(text) else text,
    lambda text: safe_description(text, NameSet(1, (NAME,)), [], "[…]"),
    lambda text: Redactor({}, [NAME]).text(text),
], ids=["scrub", "guard", "register scrub", "register guard", "register names anyone", "description", "redactor"])
def test_every_entry_point_reads_the_text_as_printed(entry):
    assert "Hassan" not in _printed(entry(f"the lawyer A{SHY}li Has{ZWSP}san"))
    assert "Hassan" not in _printed(entry("the lawyer A\x01li Has\x01san"))


# Helpers that take a text but are not ways in: the normalising step itself, and what works on a text that
# came in through an entry point (markers, places, the register's matchers).
NOT_ENTRY_POINTS = {"as_read", "neutralise", "resolve", "place_span", "places", "scrub_between_markers",
                    "PhraseIndex.sub", "PhraseIndex.found", "ErasedNames.sub", "ErasedNames.found"}


def test_every_public_function_taking_a_text_reads_it_through_the_one_normalising_step():
    """A new way into the redaction that takes a text is marked ``_reads_text`` (or named above on purpose)."""
    import inspect

    from reprisals.reports import redaction

    unread = []
    for name, obj in vars(redaction).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != redaction.__name__:
            continue
        if inspect.isfunction(obj):
            members = [(name, obj)]
        elif inspect.isclass(obj):
            members = [(f"{name}.{m}", f) for m, f in vars(obj).items()
                       if (m == "__call__" or not m.startswith("_")) and inspect.isfunction(f)]
        else:
            continue
        for qualified, fn in members:
            takes_text = {"text", "description"} & set(inspect.signature(fn).parameters)
            if takes_text and not getattr(fn, "reads_text", False) and qualified not in NOT_ENTRY_POINTS:
                unread.append(qualified)
    assert unread == []
    assert redaction.Redactor.text.reads_text and redaction.scrub.reads_text


# ---------------------------------------------------------------- nothing more is blanked


@pytest.mark.parametrize("stored", [f"Ali Has{SHY}san", "Nad\x01ia With\x01heldname", f"With{ZWSP}heldname Ann"])
def test_the_pieces_of_a_word_split_by_a_hidden_character_are_not_blanked_alone(stored):
    """"Has", "With" are pieces of a name's word, not words of the name: "has" and "with" stay."""
    names = NameSet(1, (stored,))
    text = "He has worked with lawyers. With time, he has left."
    assert resolve(scrub(text, [names]), {}) == text
    assert RegisterNames([names]).scrub(text) == text
    assert Guard([stored])(text) == text


def test_ordinary_words_and_printable_text_are_unchanged():
    register = RegisterNames([NameSet(1, (NAME,)), NameSet(2, ("Ali\x00Hassan",))])
    text = "Alibi, Hassle and Salih were mentioned; the lawyer has an alias.\n\tIn Manama, 2016."
    assert as_read(text) == text
    assert register.scrub(text) == text and register.guard(text) == text
    assert Redactor({}, [NAME, "Ali\x00Hassan"], register).text(text) == text
    assert resolve(scrub(text, [NameSet(1, (NAME,))]), {}) == text


@pytest.mark.parametrize("text", [
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: a zero-width non-joiner shapes the word
    "\U0001f469\u200d\u2696\ufe0f",  # an emoji joined by a zero-width joiner
    "\u0e2a\u0e27\u0e31\u0e2a\u200b\u0e14\u0e35",  # Thai: a zero-width space parts the words
    "\u05e9\u05dc\u05d5\u05dd \u200fabc",  # a direction mark between two scripts
])
def test_the_joiners_and_spaces_that_shape_other_scripts_are_kept(text):
    assert as_read(text) == text
    assert RegisterNames([NameSet(1, (NAME,))]).scrub(text) == text


def test_characters_that_print_as_nothing_are_left_out_inside_a_word_of_a_cased_script():
    assert as_read(f"was{SHY} de{ZWSP}tained\x01 at dawn") == "was detained at dawn"
    assert as_read("Nad\x01ia") == "Nadia"
    assert as_read("Ali\x00Hassan") == f"Ali{ZWSP}Hassan"  # prints "AliHassan", reads as two words


# ---------------------------------------------------------------- through a public output

# {C}: NUL where the database can hold one (SQLite); PostgreSQL cannot store NUL, so U+0001 there.
PUBLIC = {
    "legacy name with NUL, text spells the words": dict(stored_name="Ali{C}Hassan", summary="with Ali Hassan"),
    "legacy name with NUL, text glued as printed": dict(stored_name="Ali{C}Hassan", summary="with AliHassan"),
    "legacy name with NUL, family name alone": dict(stored_name="Ali{C}Hassan", summary="with Mr Hassan"),
    "legacy name with a soft hyphen": dict(stored_name=f"Ali Has{SHY}san", summary="with Ali Hassan"),
    "text with a zero-width space": dict(stored_name=NAME, summary=f"with Ali Has{ZWSP}san"),
    "text with a soft hyphen, family name alone": dict(stored_name=NAME, summary=f"with Mr Ha{SHY}ssan"),
    "text with NUL between the words": dict(stored_name=NAME, summary="with Ali{C}Hassan"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("own", [False, True], ids=["other case", "own case"])
@pytest.mark.parametrize("example", list(PUBLIC))
def test_the_public_case_list_and_open_data_do_not_print_the_name(officer, senior, example, own):
    control = "\x00" if connection.vendor == "sqlite" else "\x01"
    spec = {key: value.replace("{C}", control) for key, value in PUBLIC[example].items()}
    summary = f"{PUBLISHED} worked {spec['summary']}, who is in hiding."
    final_report_with_legacy_summary(officer, senior, summary=summary, stored_name=spec["stored_name"], own=own,
                                     name=NAME)
    client = Client()
    for path in ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        printed = _printed(response.content.decode())
        assert PUBLISHED in printed and "who is in hiding" in printed, path
        assert [w for w in ("Hassan", "HASSAN", "AliHassan") if w in printed] == [], path
