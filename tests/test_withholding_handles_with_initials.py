"""A withheld name is blanked from a handle or an address that writes it with an initial.

An account handle or an e-mail address often writes a person's name with the initial of the given name
glued to the family name, in either order ("@JNunez", "jnunez", "j.nunez@example.org", "JNunez1985",
"nunezj" for "José Núñez"), or the given name with the initial of the family name ("@josen"). When the name is
withheld from focal points of other UN entities, these forms are blanked as the name is: the initial(s) glued
to a word of the name with nothing, a dot, an underscore or a hyphen between, inside a token that is a handle
or an address (it holds "@", a digit, an underscore or a dot between letters, or a capital inside it), where the
handle marks the initial: glued with a dot, an underscore or a hyphen, or by a capital ("JNunez"), or the form
is the whole word before or after the "@" ("@josen", "jnunez@example.org"). An account handle field is read
whole as a handle ("jnunez", typed without its "@"); any other text of one word is not ("mali" is a country).

An initial is never blanked alone, and no word of a sentence is blanked for being such a form: "June", "Jan"
and "Nun" stay beside "José Núñez"; "price" stays beside "Peter Rice", "shall" beside "Sam Hall" and "Mali"
beside "Mohammed Ali", although each is an initial glued to a family name.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import selectors
from reprisals.cases.models import AffectedParty
from reprisals.trackers import services as tracker_services
from tests.conftest import client_for
from tests.withholding_names import NAME, shared_case, withheld

# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize(("text", "shown"), [
    ("@JNunez", "@[…]"),
    ("@jnunez", "@[…]"),
    ("jnunez@example.org", "[…]@example.org"),
    ("j.nunez@example.org", "[…]@example.org"),
    ("J.Nunez@example.org", "[…]@example.org"),
    ("j_nunez@example.org", "[…]@example.org"),
    ("JNunez1985", "[…]1985"),
    ("@nunezj", "@[…]"),
    ("@nunez.j", "@[…]"),
    ("@NunezJ", "@[…]"),
    ("@josen", "@[…]"),
    ("@JoseN", "@[…]"),
    ("jose.n@example.org", "[…]@example.org"),
    ("@njose", "@[…]"),
    ("@JNúñez", "@[…]"),                                   # with the accents
    ("@JNunezGeneva", "@[…]Geneva"),                       # glued to another word, which is kept
    ("Write to j.nunez@example.org or @JNunez today.", "Write to […]@example.org or @[…] today."),
    ("(@jnunez, 2016)", "(@[…], 2016)"),
])
def test_a_handle_or_an_address_with_an_initial_glued_to_a_word_of_the_name_is_blanked(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize(("text", "shown"), [("jnunez", "[…]"), ("nunezj", "[…]"), ("josen", "[…]"),
                                            (" JNunez ", " […] "), ("@jnunez", "@[…]")])
def test_an_account_handle_typed_without_its_at_sign_is_blanked_as_a_handle(text, shown):
    assert selectors.blank_names(text, withheld(), handle=True) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("@JANunez", "@[…]"),
    ("j.a.nunez@example.org", "[…]@example.org"),
    ("ja_nunez_85", "[…]_85"),
    ("@nunezja", "@[…]"),
    ("@ANunez", "@[…]"),                                   # the initial of the second given name alone
])
def test_the_initials_of_several_given_names_are_blanked_with_the_family_name(text, shown):
    assert selectors.blank_names(text, withheld("José Antonio Núñez")) == shown


def test_a_handle_with_initials_in_another_recorded_spelling_is_blanked():
    assert selectors.blank_names("@MHassan", withheld("Muhammad Hassan", "Mohammed Hassan")) == "@[…]"
    assert selectors.blank_names("@dmitryi", withheld("Дмитрий Иванов", "Dmitry Ivanov")) == "@[…]"


@pytest.mark.parametrize(("name", "text"), [
    (NAME, "In June, Jan met a Nun in Geneva."),
    (NAME, "J. and N. met in Geneva."),                    # initials alone
    (NAME, "@J @N j@example.org"),
    (NAME, "J"),
    (NAME, "@JRamirez jramirez@example.org @josem"),        # another person's handle
    (NAME, "@jnunezville jnunezville@example.org"),         # a longer word
    (NAME, "j1nunez n2jose"),                               # a digit between the initial and the name
    ("Peter Rice", "The price of bread rose."),
    ("Peter Rice", "Price"),
    ("Sam Hall", "He shall appear in court."),
    ("Mohammed Ali", "Detained in Mali."),
    ("Mohammed Ali", "Mali"),
    ("Mohammed Ali", "mali"),                              # a field of one word is no handle
    ("Peter Rice", "price"),
    ("Sam Hall", "shall"),
    (NAME, "jnunez"),                                       # unless it is an account handle
    ("Mohammed Ali", "See https://www.ohchr.org/en/countries/mali for details."),
    ("Mohammed Ali", "The government (@MaliGov) replied."),
    ("Mohammed Ali", "Write to info@mali.gov.ml today."),
    ("Bob Ali", "The Bali Process (bali.process@un.org) replied."),
    ("Jan Ewing", "Jane said so."),
])
def test_an_initial_alone_or_an_ordinary_word_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


def test_the_initial_of_a_particle_is_not_glued_to_the_name():
    names = withheld("Maryam al-Khawaja")
    assert selectors.blank_names("@MKhawaja", names) == "@[…]"
    assert selectors.blank_names("@akhawaja", names) == "@akhawaja"


def test_an_organisations_name_has_no_initials():
    names = selectors.withheld_names([AffectedParty(pk=2, name="Bahrain Centre", kind="organisation")])
    assert selectors.blank_names("@BCentre", names) == "@BCentre"


# ---------------------------------------------------------------- what a focal point of another entity reads


SUMMARY = "He wrote as @JNunez and JNunez1985, from j.nunez@example.org; friends call him @josen."


@pytest.fixture
def shared(officer, new_case, also_reported_by_cat):
    """José Núñez's case with ``SUMMARY``, as CAT's focal point reads it (``withholding_names.shared_case``)."""
    return shared_case(SUMMARY, officer=officer, new_case=new_case, also_reported_by_cat=also_reported_by_cat)


@pytest.mark.django_db
def test_the_case_api_blanks_handles_with_initials_for_another_entitys_focal_point(shared, cat_focal, officer,
                                                                                  api_as):
    body = api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").json()
    assert body["summary"] == "He wrote as @[…] and […]1985, from […]@example.org; friends call him @[…]."
    assert api_as(officer).get(f"/api/v1/cases/{shared.pk}").json()["summary"] == SUMMARY


@pytest.mark.django_db
def test_the_case_page_shows_no_handle_with_initials(shared, cat_focal):
    page = client_for(cat_focal).get(f"/cases/{shared.pk}/")
    assert page.status_code == 200
    folded = selectors.fold_name(page.content.decode())
    assert not any(form in folded for form in ("jnunez", "j.nunez", "josen"))


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["jnunez", "josen"])
def test_a_focal_point_cannot_find_the_case_by_a_handle_with_initials(shared, cat_focal, officer, api_as, query):
    def hits(user):
        return [c["id"] for c in api_as(user).get("/api/v1/cases", q=query).json()["items"]]

    assert hits(officer) == [shared.pk]
    assert hits(cat_focal) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("handle", "shown"), [("jnunez", "[…]"), ("@JNunez", "@[…]"), ("nunezj", "[…]")])
def test_online_evidence_does_not_show_a_handle_with_initials(shared, officer, cat_focal, api_as, handle, shown):
    evidence = tracker_services.evidence_add(
        actor=officer, incident=shared.incidents.get(), platform="x_twitter",
        seen_at=dt.datetime(2016, 3, 12, 9, 30, tzinfo=dt.UTC), url="https://x.example/status/1",
        account_handle=handle, text="A post about the arrest")
    body = api_as(cat_focal).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()
    assert body["account_handle"] == shown
    assert api_as(officer).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()["account_handle"] == handle
