"""The forms of a withheld name with initials are kept apart from the name's spellings.

What the withholding blanks for a party (``cases.selectors.withheld_names``) is of two kinds, looked for in
different places: the names, their other spellings and their words, blanked wherever a text holds them; and the
forms a handle or an address gives a name with initials ("jnunez", "nunezj", "josen" for "José Núñez"), which
are no name and are blanked in handles and addresses only ("price" stays in a sentence beside "Peter Rice").
Each kind has its own place (``WithheldNames.names``, ``WithheldNames.handle_forms``), so that no entry of one
is taken for the other, and a text linked to several cases is blanked of both kinds of all of them.
"""

from __future__ import annotations

from reprisals.cases import selectors
from reprisals.cases.models import AffectedParty

NAME = "José Núñez"


def _names(name: str = NAME, *variants: str, pk: int = 1) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=pk, name=name, name_variants=list(variants),
                                                   kind="individual")])


# ---------------------------------------------------------------- two kinds, each in its place


def test_the_forms_with_initials_are_given_apart_from_the_names():
    held = _names()
    assert {"jnunez", "nunezj", "josen", "njose"} <= held.handle_forms
    assert {NAME, "nunez", "jose"} <= set(held.names)
    assert not held.handle_forms & set(held.names)


def test_no_name_withheld_carries_a_mark_of_another_kind():
    held = _names("José Antonio Núñez")
    assert held.handle_forms
    assert all(name.isprintable() for name in held.names)
    assert all(form.isprintable() and form.isalpha() for form in held.handle_forms)


def test_an_organisations_name_gives_no_form_with_initials():
    held = selectors.withheld_names([AffectedParty(pk=2, name="Bahrain Centre", kind="organisation")])
    assert held.names and held.handle_forms == frozenset()


def test_what_is_withheld_prints_neither_a_name_nor_a_form():
    shown = repr(_names()) + repr(selectors.Withheld(parties=frozenset({1}), names=_names()))
    assert not any(word in shown.lower() for word in ("nunez", "núñez", "jose", "josé", "jnunez"))


# ---------------------------------------------------------------- a text linked to several cases


def test_the_names_of_several_cases_together_blank_the_forms_with_initials_of_each():
    held = selectors.WithheldNames.joined([_names(), _names("Peter Rice", pk=2)])
    assert selectors.blank_names("Posts by @JNunez and @PRice.", held) == "Posts by @[…] and @[…]."
    assert selectors.blank_names("The price of bread rose.", held) == "The price of bread rose."
    assert selectors.blank_names("Núñez met Rice.", held) == "[…] met […]."


def test_the_names_of_no_case_blank_nothing():
    nothing = selectors.WithheldNames.joined([])
    assert nothing == selectors.WithheldNames() and not nothing
    assert selectors.blank_names("@JNunez", nothing) == "@JNunez"
