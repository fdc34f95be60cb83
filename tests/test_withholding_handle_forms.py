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

A name with a year is among the handles most often made: a form with initials is blanked too with digits or
underscores before or after it in its word ("@jnunez1985", "@85jnunez", "@_jnunez", "jnunez_85@example.org"), or
digits and glue between it and the "@" ("jnunez.85@example.org"), when its word of the name has four letters or
more (``WithheldNames.digit_forms``). A form with a word of three letters is a word of four, all too often an
ordinary one: it is blanked only as the whole word ("@Mali" for "Mohammed Ali"), never with a year ("@Mali2025").
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import selectors
from reprisals.cases import services as case_services
from reprisals.cases.models import AffectedParty
from reprisals.trackers import services as tracker_services
from tests.withholding_names import NAME, withheld

# ---------------------------------------------------------------- two kinds, each in its place


def test_the_forms_with_initials_are_given_apart_from_the_names():
    held = withheld()
    assert {"jnunez", "nunezj", "josen", "njose"} <= held.handle_forms
    assert {NAME, "nunez", "jose"} <= set(held.names)
    assert not held.handle_forms & set(held.names)


def test_no_name_withheld_carries_a_mark_of_another_kind():
    held = withheld("José Antonio Núñez")
    assert held.handle_forms
    assert all(name.isprintable() for name in held.names)
    assert all(form.isprintable() and form.isalpha() for form in held.handle_forms)


def test_an_organisations_name_gives_no_form_with_initials():
    held = selectors.withheld_names([AffectedParty(pk=2, name="Bahrain Centre", kind="organisation")])
    assert held.names and held.handle_forms == frozenset()


def test_what_is_withheld_prints_neither_a_name_nor_a_form():
    shown = repr(withheld()) + repr(selectors.Withheld(parties=frozenset({1}), names=withheld()))
    assert not any(word in shown.lower() for word in ("nunez", "núñez", "jose", "josé", "jnunez"))


# ---------------------------------------------------------------- a text linked to several cases


def test_the_names_of_several_cases_together_blank_the_forms_with_initials_of_each():
    held = selectors.WithheldNames.joined([withheld(), withheld("Peter Rice", pk=2)])
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
    assert selectors.blank_names(text, withheld()) == shown


def test_digits_between_the_initials_of_several_given_names_and_the_family_name_glue_them():
    names = withheld("José Antonio Núñez")
    assert selectors.blank_names("@ja85nunez", names) == "@[…]"
    assert selectors.blank_names("@j1a2nunez", names) == "@[…]"
    assert selectors.blank_names("@a85nunez", names) == "@[…]"


def test_an_account_handle_with_digits_between_the_initial_and_the_name_is_blanked():
    assert selectors.blank_names("j85nunez", withheld(), handle=True) == "[…]"
    assert selectors.blank_names("nunez85j", withheld(), handle=True) == "[…]"


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
    assert selectors.blank_names(text, withheld(name)) == text


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


# ---------------------------------------------------------------- digits or an underscore around a form


@pytest.mark.parametrize(("text", "shown"), [
    ("@jnunez85", "@[…]85"),
    ("@jnunez1985", "@[…]1985"),
    ("Write to jnunez85@example.org", "Write to […]85@example.org"),
    ("@jnunez_85", "@[…]_85"),
    ("Write to jnunez_85@example.org", "Write to […]_85@example.org"),
    ("Write to jnunez.85@example.org", "Write to […].85@example.org"),
    ("@nunezj85", "@[…]85"),
    ("@85jnunez", "@85[…]"),
    ("@_jnunez", "@_[…]"),
    ("@__jnunez__", "@__[…]__"),
    ("@j85nunez85", "@[…]85"),
    ("@JNUNEZ1985", "@[…]1985"),
    ("@josen85", "@[…]85"),
    ("(@jnunez1985, 2016)", "(@[…]1985, 2016)"),
])
def test_digits_or_underscores_around_a_form_with_initials_leave_it_blanked(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize(("name", "text"), [
    ("Mohammed Ali", "@Mali2025 @2025mali @5Mali @mali_2025"),    # "mali": a word of three letters and "m"
    ("Mohammed Ali", "Write to mali2025@un.org or mali.2025@un.org."),
    ("Mohammed Ali", "The government (@MaliGov) and @G5Mali replied."),
    ("Mohammed Ali", "See https://www.ohchr.org/en/countries/mali for details."),
    ("Bob Ali", "The Bali Process (bali.process@un.org) and @bali2 replied."),
    ("Bob Ali", "B2Bali"),
    ("Peter Rice", "The price of bread rose; price2 deals."),
    ("Bob Bell", "@b2b"),
    (NAME, "@jnunez85x a_jnunez85@example.org"),                     # glued to letters that are not the name's
    (NAME, "Room jnunez85 was closed."),                              # no handle marks it
])
def test_an_ordinary_handle_or_word_with_a_year_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


def test_a_form_with_a_word_of_three_letters_is_blanked_only_as_the_whole_word():
    held = withheld("Mohammed Ali")
    assert "mali" in held.handle_forms and "mali" not in held.digit_forms
    assert selectors.blank_names("Posts by @Mali.", held) == "Posts by @[…]."
    assert selectors.blank_names("Posts by @Mali2025.", held) == "Posts by @Mali2025."
    assert selectors.blank_names("Posts by @mohammeda85.", held) == "Posts by @[…]85."   # "mohammed": eight


def test_a_form_with_a_word_of_four_letters_is_blanked_with_a_year_as_it_is_alone():
    held = withheld("Peter Rice")
    assert {"price", "ricep"} <= held.digit_forms
    assert selectors.blank_names("@price @price2025", held) == "@[…] @[…]2025"
    assert selectors.blank_names("The price of bread rose.", held) == "The price of bread rose."


def test_the_forms_taken_with_digits_of_several_cases_are_joined():
    held = selectors.WithheldNames.joined([withheld(), withheld("Mohammed Ali", pk=2)])
    assert selectors.blank_names("@jnunez1985 @Mali2025 @Mali", held) == "@[…]1985 @Mali2025 @[…]"


@pytest.mark.django_db
def test_a_focal_point_of_another_entity_reads_no_form_with_initials_and_a_year(
        officer, new_case, also_reported_by_cat, cat_focal, api_as):
    case = new_case(name=NAME, title="Detention of a defender")
    case_services.case_update(actor=officer, case=case, expected_version=None,
                              summary="He posted as @jnunez1985 and wrote from jnunez_85@example.org.")
    shared = also_reported_by_cat(case)
    evidence = tracker_services.evidence_add(
        actor=officer, incident=shared.incidents.get(), platform="x_twitter",
        seen_at=dt.datetime(2016, 3, 12, 9, 30, tzinfo=dt.UTC), url="https://x.example/status/2",
        account_handle="jnunez1985", text="A post by @85jnunez about the arrest")
    body = api_as(cat_focal).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()
    assert body["text"] == "A post by @85[…] about the arrest"
    assert "nunez" not in body["account_handle"].lower()
    summary = api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").json()["summary"]
    assert summary == "He posted as @[…]1985 and wrote from […]_85@example.org."
    assert api_as(officer).get(f"/api/v1/cases/{shared.pk}").json()["summary"] == (
        "He posted as @jnunez1985 and wrote from jnunez_85@example.org.")
