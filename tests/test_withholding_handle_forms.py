"""The forms of a withheld name with initials are kept apart from the name's spellings.

What the withholding blanks for a party (``cases.selectors.withheld_names``) is of two kinds, looked for in
different places: the names, their other spellings and their words, blanked wherever a text holds them; and the
forms a handle or an address gives a name with initials ("jnunez", "nunezj", "josen" for "José Núñez"), which
are no name and are blanked in handles and addresses only ("price" stays in a sentence beside "Peter Rice").
Each kind has its own place (``WithheldNames.names``, ``WithheldNames.handle_forms``), so that no entry of one
is taken for the other, and a text linked to several cases is blanked of both kinds of all of them.

Digits glued between the initial(s) and a word of the name glue them as the glue already taken does: alone, as
nothing does ("@j85nunez" as "@jnunez", where the handle marks the initial: right after the "@", right before
the "@" of an address, or by a capital, "J85Nunez"); beside a dot, an underscore or a hyphen, as these do
("j_85_nunez"). An ordinary handle, address or word stays as written ("@MaliGov", "countries/mali",
"bali.process@un.org", "price", "@b2b"), and so does a word of a sentence with digits inside ("j1nunez").
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import selectors
from reprisals.cases import services as case_services
from reprisals.cases.models import AffectedParty
from reprisals.trackers import services as tracker_services

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


# ---------------------------------------------------------------- digits between the initial and the name


@pytest.mark.parametrize(("text", "shown"), [
    ("@j85nunez", "@[…]"),
    ("@j1985nunez", "@[…]"),
    ("j85nunez@example.org", "[…]@example.org"),
    ("@J85Nunez", "@[…]"),
    ("Posts by J85Nunez were removed.", "Posts by […] were removed."),    # a capital marks the initial
    ("@j_85_nunez", "@[…]"),
    ("j.85.nunez@example.org", "[…]@example.org"),
    ("@j85_nunez", "@[…]"),
    ("@nunez85j", "@[…]"),
    ("@jose85n", "@[…]"),
    ("(@j85nunez, 2016)", "(@[…], 2016)"),
])
def test_digits_between_an_initial_and_a_word_of_the_name_glue_them(text, shown):
    assert selectors.blank_names(text, _names()) == shown


def test_digits_between_the_initials_of_several_given_names_and_the_family_name_glue_them():
    names = _names("José Antonio Núñez")
    assert selectors.blank_names("@ja85nunez", names) == "@[…]"
    assert selectors.blank_names("@j1a2nunez", names) == "@[…]"
    assert selectors.blank_names("@a85nunez", names) == "@[…]"


def test_an_account_handle_with_digits_between_the_initial_and_the_name_is_blanked():
    assert selectors.blank_names("j85nunez", _names(), handle=True) == "[…]"
    assert selectors.blank_names("nunez85j", _names(), handle=True) == "[…]"


@pytest.mark.parametrize(("name", "text"), [
    (NAME, "j1nunez n2jose"),                               # a word of a sentence, the initial unmarked
    (NAME, "Room j85nunez was closed."),
    (NAME, "@x85nunez"),                                    # no initial of the name
    (NAME, "@j85nunezville"),                               # a longer word
    (NAME, "@j85"),                                         # an initial alone
    ("Mohammed Ali", "The government (@MaliGov) replied."),
    ("Mohammed Ali", "See https://www.ohchr.org/en/countries/mali for details."),
    ("Mohammed Ali", "@Mali2025 @G5Mali MP3Mali countries/2mali"),
    ("Bob Ali", "The Bali Process (bali.process@un.org) replied."),
    ("Bob Ali", "B2Bali and bali2.process@un.org"),
    ("Peter Rice", "The price of bread rose."),
    ("Peter Rice", "price"),
    ("Peter Rice", "The 2price offer, price2 deals and @b2b sales."),
    ("Bob Bell", "@b2b"),
])
def test_an_ordinary_handle_address_or_word_with_digits_is_kept(name, text):
    assert selectors.blank_names(text, _names(name)) == text


# ---------------------------------------------------------------- what a focal point of another entity reads


@pytest.fixture
def shared(officer, new_case, also_reported_by_cat):
    """ISHR reported José Núñez (no consent to share with other UN bodies); CAT later sent an allegation."""
    case = new_case(name=NAME, title="Detention of a defender")
    case_services.case_update(actor=officer, case=case, expected_version=None,
                              summary="He posted as @j85nunez and wrote from j85nunez@example.org.")
    return also_reported_by_cat(case)


@pytest.mark.django_db
def test_a_focal_point_of_another_entity_reads_no_handle_with_digits_between_the_initial_and_the_name(
        shared, officer, cat_focal, api_as):
    evidence = tracker_services.evidence_add(
        actor=officer, incident=shared.incidents.get(), platform="x_twitter",
        seen_at=dt.datetime(2016, 3, 12, 9, 30, tzinfo=dt.UTC), url="https://x.example/status/1",
        account_handle="j85nunez", text="A post by @j85nunez about the arrest")
    body = api_as(cat_focal).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()
    assert (body["account_handle"], body["text"]) == ("[…]", "A post by @[…] about the arrest")
    summary = api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").json()["summary"]
    assert summary == "He posted as @[…] and wrote from […]@example.org."
    assert api_as(officer).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()["account_handle"] == "j85nunez"
