"""A withheld name is blanked from a domain named after the person, read as a handle is.

A person's own site or mail domain names them as their handle does: "info@jnunez85.org", "https://jnunez.net/blog"
or "www.nunezjose.com" tell a focal point of another UN entity who "José Núñez" is. So the labels of a host (the
parts between its dots, the top-level domain left out) of an e-mail address or a URL ("https://", "www.", a host
after the "@" of an address, or one written alone ending with a common top-level domain: "jnunez.net") are read
as the word right after the "@" of a handle is: a form of the name with initials that would be blanked there with
digits or glue around it (``WithheldNames.digit_forms``: "@jnunez", "@j85nunez", "@jnunez1985") is blanked there
too, a hyphen counting as glue as an underscore does ("jnunez-85.org" as "@jnunez_85"). Only that form is blanked,
as in a handle ("info@[…]85.org", "https://blog.[…].net/"): the other labels, the digits and the top-level domain
say nothing of the person. The name and its words were already blanked in a host as anywhere ("[…].org").

A form with a word of three letters is a word of four, all too often a place or an organisation: it is never taken
in a domain, as it is never taken with digits in a handle ("mali.gov.ml", "mali2025.org" stay for "Mohammed Ali",
as "@Mali2025" does), and no more is a form glued to letters that are not the name's ("malijustice.org",
"jnunezville.org", as "@MaliGov", "@jnunezville"). The domains of organisations and States stay as written.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import selectors
from reprisals.trackers import services as tracker_services
from tests.conftest import client_for
from tests.withholding_names import NAME, shared_case, withheld

# ---------------------------------------------------------------- a domain named after the person


@pytest.mark.parametrize(("text", "shown"), [
    ("info@jnunez85.org", "info@[…]85.org"),
    ("Write to info@jnunez85.org.", "Write to info@[…]85.org."),
    ("https://jnunez.net/blog", "https://[…].net/blog"),
    ("https://jnunez.org:8080/a", "https://[…].org:8080/a"),
    ("https://user@jnunez.org/", "https://user@[…].org/"),
    ("https://blog.jnunez.net/", "https://blog.[…].net/"),                 # a label below the host's
    ("https://www.jnunez1985.com/x", "https://www.[…]1985.com/x"),
    ("www.85jnunez.com", "www.85[…].com"),
    ("info@j85nunez.org", "info@[…].org"),
    ("info@jnunez.co.uk", "info@[…].co.uk"),
    ("info@jnunez-85.org", "info@[…]-85.org"),                             # a hyphen glues as an underscore
    ("info@jnunez_85.org", "info@[…]_85.org"),
    ("https://nunezj.org", "https://[…].org"),
    ("mail@josen1985.org", "mail@[…]1985.org"),
    ("info@jnúñez85.org", "info@[…]85.org"),                               # with the accents
    ("Visit jnunez.net today.", "Visit […].net today."),                   # a host written alone
    ("His site (jnunez.net/blog) was closed.", "His site ([…].net/blog) was closed."),
    ("mailto:jnunez@jnunez.org", "mailto:[…]@[…].org"),
])
def test_a_form_with_initials_that_is_a_label_of_a_domain_is_blanked(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


def test_the_forms_with_initials_of_several_given_names_are_blanked_in_a_domain():
    names = withheld("José Antonio Núñez")
    assert selectors.blank_names("info@janunez.org", names) == "info@[…].org"
    assert selectors.blank_names("https://nunezja1985.net", names) == "https://[…]1985.net"


def test_a_form_with_initials_of_another_recorded_spelling_is_blanked_in_a_domain():
    assert selectors.blank_names("https://mhassan85.org", withheld("Muhammad Hassan", "Mohammed Hassan")) == (
        "https://[…]85.org")


def test_a_form_of_a_word_of_four_letters_is_blanked_in_a_domain_as_in_a_handle():
    names = withheld("Peter Rice")
    assert selectors.blank_names("@price2025", names) == "@[…]2025"
    assert selectors.blank_names("https://price2025.org", names) == "https://[…]2025.org"
    assert selectors.blank_names("The price of bread rose.", names) == "The price of bread rose."


@pytest.mark.parametrize("label", [
    "jnunez", "jnunez85", "jnunez1985", "j85nunez", "85jnunez", "jnunez_85", "nunezj85", "josen",
    "jnunezville", "xjnunez", "jnunez85x", "j1nunezx",
])
def test_a_label_of_a_domain_is_read_as_the_word_after_the_at_sign_of_a_handle(label):
    """What the handle "@<label>" blanks, the address "info@<label>.org" and the site "https://<label>.net/"
    blank, in the same place; what the handle keeps, they keep."""
    names = withheld()
    handle = selectors.blank_names(f"@{label}", names)
    assert selectors.blank_names(f"info@{label}.org", names) == f"info{handle}.org"
    assert selectors.blank_names(f"https://{label}.net/", names) == f"https://{handle[1:]}.net/"


def test_a_hyphen_in_a_label_glues_as_an_underscore_in_a_handle():
    names = withheld()
    for glued in ("jnunez{}85", "85{}jnunez", "{}jnunez{}"):
        handle = selectors.blank_names("@" + glued.format("_", "_"), names)
        assert handle != "@" + glued.format("_", "_")
        assert selectors.blank_names(f"info@{glued.format('-', '-')}.org", names) == (
            f"info{handle.replace('_', '-')}.org")


# ---------------------------------------------------------------- the domains of organisations and States stay


@pytest.mark.parametrize(("name", "text"), [
    ("Mohammed Ali", "Write to info@un.org or see https://www.ohchr.org/en/countries/mali."),
    ("Mohammed Ali", "Write to info@mali.gov.ml today."),                  # "mali": a word of three letters and "m"
    ("Mohammed Ali", "See https://mali.gov.ml/justice and www.mali.org."),
    ("Mohammed Ali", "See https://malijustice.org/ and https://maligov.org."),  # glued to letters not the name's
    ("Mohammed Ali", "See https://mali2025.org, info@mali-2025.org and https://g5mali.org."),
    ("Mohammed Ali", "Visit mali.gov.ml today."),
    ("Mohammed Ali", "The Bali Process (bali.process@un.org) replied."),
    ("Bob Ali", "The Bali Process (bali.process@un.org, https://www.baliprocess.net, bali.go.id) replied."),
    ("Bob Ali", "See https://bali2.org and https://b2bali.com."),
    (NAME, "See https://jnunezville.org, https://xjnunez.org and info@ajnunez85.org."),
    (NAME, "Write to info@example.org or see https://news.example/status/1."),
    ("Peter Rice", "The price list (prices.xlsx) rose, e.g. price.list."),
])
def test_the_domain_of_an_organisation_a_state_or_a_place_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


def test_a_top_level_domain_is_never_blanked_alone():
    assert selectors.blank_names("info@example.jnunez", withheld()) == "info@example.jnunez"


# ---------------------------------------------------------------- what a focal point of another entity reads


SUMMARY = "His site https://jnunez.net/blog was closed; he wrote from info@jnunez85.org."


@pytest.fixture
def shared(officer, new_case, also_reported_by_cat):
    """José Núñez's case with ``SUMMARY``, as CAT's focal point reads it (``withholding_names.shared_case``)."""
    return shared_case(SUMMARY, officer=officer, new_case=new_case, also_reported_by_cat=also_reported_by_cat)


@pytest.mark.django_db
def test_the_case_api_blanks_a_domain_named_after_the_person_for_another_entitys_focal_point(
        shared, cat_focal, officer, api_as):
    body = api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").json()
    assert body["summary"] == "His site https://[…].net/blog was closed; he wrote from info@[…]85.org."
    assert api_as(officer).get(f"/api/v1/cases/{shared.pk}").json()["summary"] == SUMMARY


@pytest.mark.django_db
def test_the_case_page_shows_no_domain_named_after_the_person(shared, cat_focal):
    page = client_for(cat_focal).get(f"/cases/{shared.pk}/")
    assert page.status_code == 200
    assert "jnunez" not in selectors.fold_name(page.content.decode())


@pytest.mark.django_db
def test_online_evidence_does_not_show_a_domain_named_after_the_person(shared, officer, cat_focal, api_as):
    url = "https://www.jnunez1985.com/2016/03/arrest"
    evidence = tracker_services.evidence_add(
        actor=officer, incident=shared.incidents.get(), platform="other",
        seen_at=dt.datetime(2016, 3, 12, 9, 30, tzinfo=dt.UTC), url=url, account_handle="",
        text="A post on jnunez.net about the arrest")
    body = api_as(cat_focal).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()
    assert (body["url"], body["text"]) == ("https://www.[…]1985.com/2016/03/arrest",
                                           "A post on […].net about the arrest")
    assert api_as(officer).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()["url"] == url


@pytest.mark.django_db
def test_a_focal_point_cannot_find_the_case_by_the_domain_named_after_the_person(shared, cat_focal, officer,
                                                                                api_as):
    def hits(user):
        return [c["id"] for c in api_as(user).get("/api/v1/cases", q="jnunez").json()["items"]]

    assert hits(officer) == [shared.pk]
    assert hits(cat_focal) == []
