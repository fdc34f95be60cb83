"""A withheld name is withheld however a text spells it.

The rule of consent to share with other UN bodies (``cases.selectors._withheld``) blanks a withheld party's
names from every text a focal point of another entity reads. People type names as their keyboard allows: "Jose
Nunez" for "José Núñez", "ALES BIALACKI" for "Aleś Bialacki", "Kilic" for "Kılıç", "Weiss" for "Weiß"; text
pasted from a document may carry "é" as "e" and a combining accent (NFD). Every spelling that differs from a
withheld name, or from a word of it, only by diacritics, letter case or Unicode normal form is blanked, and
a search cannot find the case by it; a different word that merely contains the name ("Alice" for "Ali") is not.
"""

from __future__ import annotations

import unicodedata

import pytest

from reprisals.cases import selectors, services
from reprisals.cases.models import AffectedParty, Case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NFD = "NFD"


def _nfd(text: str) -> str:
    return unicodedata.normalize(NFD, text)


def _names(name: str, *variants: str) -> selectors.WithheldNames:
    """What the rule withholds of an individual named ``name`` (its words too), as ``withheld_names`` gives it."""
    party = AffectedParty(pk=1, name=name, name_variants=list(variants), kind="individual")
    return selectors.withheld_names([party])


# ---------------------------------------------------------------- the selector


@pytest.mark.parametrize(("name", "text"), [
    ("José Núñez", "Jose Nunez was detained"),
    ("José Núñez", "JOSE NUNEZ was detained"),
    ("José Núñez", "jose nunez was detained"),
    ("José Núñez", _nfd("José Núñez") + " was detained"),        # typed, or pasted in decomposed form
    ("Jose Nunez", "José Núñez was detained"),                    # the register holds the plain spelling
    (_nfd("José Núñez"), "José Núñez was detained"),              # the register holds the decomposed one
    ("Aleś Bialacki", "Ales Bialacki was detained"),
    ("Aleś Bialacki", "ALEŚ BIALACKI was detained"),
    ("İlknur Kılıç", "Ilknur Kilic was detained"),                # Turkish dotted capital and dotless i
    ("İlknur Kılıç", "ILKNUR KILIÇ was detained"),
    ("ilknur kilic", "İLKNUR KILIÇ was detained"),
    ("Jürgen Weiß", "Jurgen Weiss was detained"),                 # German sharp s
    ("Jürgen Weiß", "JÜRGEN WEISS was detained"),
    ("Łukasz Żółw", "Lukasz Zolw was detained"),                  # a letter with a stroke
    ("Søren Ødegård", "Soren Odegard was detained"),
])
def test_a_withheld_name_is_blanked_in_every_spelling_differing_only_by_accents_case_or_form(name, text):
    assert selectors.blank_names(text, _names(name)) == "[…] was detained"


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("José Núñez", "Mr Nunez said so", "Mr […] said so"),
    ("José Núñez", "Mr NÚÑEZ said so", "Mr […] said so"),
    ("José Núñez", "Mr " + _nfd("Núñez") + " said so", "Mr […] said so"),
    ("Aleś Bialacki", "Ales, his wife", "[…], his wife"),
    ("José Núñez", "Mr Nu\u00adñez said so", "Mr […] said so"),                 # a soft hyphen inside
    ("José Núñez", "Mr Jose\u200bNUNEZ said so", "Mr […] said so"),   # a zero-width space between
    ("Jürgen Weiß", "the lawyer of Herr Weiss", "the lawyer of Herr […]"),
    ("İlknur Kılıç", "Kilic's lawyer", "[…]'s lawyer"),
    ("محمد حسن", "قال مُحَمَّد ذلك", "قال […] ذلك"),                 # Arabic written with its short vowels
    ("김민수", _nfd("김민수") + "씨가 체포되었다", "[…]씨가 체포되었다"),  # Korean, decomposed, inside a longer word
    ("カトウ", "ｶﾄｳの弁護士", "[…]の弁護士"),                       # Japanese in half-width katakana (NFKC)
])
def test_a_word_of_a_withheld_name_is_blanked_alone_in_every_such_spelling(name, text, shown):
    assert selectors.blank_names(text, _names(name)) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("Alice and Italia met Halima", "Alice and Italia met Halima"),
    ("Ali met Alice", "[…] met Alice"),
    ("ALÍ met Alicia", "[…] met Alicia"),
    ("Rahimiya is a place", "Rahimiya is a place"),
    ("Mr Rahimí", "Mr […]"),
])
def test_only_the_withheld_word_itself_is_blanked_never_a_longer_word_that_contains_it(text, shown):
    assert selectors.blank_names(text, _names("Ali Rahimi")) == shown


def test_an_organisations_name_is_still_blanked_whole_only_in_any_spelling():
    party = AffectedParty(pk=1, name="Centre Pour Les Droits Économiques", kind="organisation")
    names = selectors.withheld_names([party])
    assert selectors.blank_names("Raid on the centre pour les droits economiques", names) == "Raid on the […]"
    assert selectors.blank_names("Raid on the Centre", names) == "Raid on the Centre"


@pytest.mark.parametrize(("a", "b"), [
    ("José", "jose"), (_nfd("Núñez"), "NUNEZ"), ("İstanbul", "istanbul"), ("ISTANBUL", "ıstanbul"),
    ("Weiß", "WEISS"), ("ẞ", "ss"), ("Łódź", "lodz"), ("ﬁnn", "Finn"),
])
def test_one_folding_makes_spellings_that_differ_only_by_accents_case_or_form_equal(a, b):
    assert selectors.fold_name(a) == selectors.fold_name(b)


@pytest.mark.parametrize(("a", "b"), [("Ali", "Alice"), ("Ali", "Ala"), ("Nunez", "Nunes"), ("محمد", "احمد")])
def test_the_folding_keeps_different_words_apart(a, b):
    assert selectors.fold_name(a) != selectors.fold_name(b)


# ---------------------------------------------------------------- what a focal point of another entity reads


NAME = "José Núñez"


@pytest.fixture
def shared(officer, new_case, also_reported_by_cat):
    """ISHR reported José Núñez, whom the texts spell without accents; the Committee against Torture later
    sent an allegation on the same case. No consent to share with other UN bodies is recorded."""
    case = new_case(name=NAME, title="Detention of Jose Nunez")
    services.case_update(actor=officer, case=case, expected_version=None,
                         summary="JOSE NUNEZ was arrested; Mr " + _nfd("Núñez") + " is held incommunicado.")
    services.incident_add(actor=officer, case=case, date="2016-04", forms=["travel_ban"],
                          place="home of Jose Nunez", description="Mr Nunez was stopped at the border.")
    return also_reported_by_cat(case)


def test_the_case_api_blanks_the_spellings_of_a_withheld_name_for_another_entitys_focal_point(shared, cat_focal,
                                                                                             api_as):
    body = api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").json()
    assert body["title"] == "Detention of […]"
    assert body["summary"] == "[…] was arrested; Mr […] is held incommunicado."
    assert body["parties"][0]["name"] == ""


def test_the_incident_api_blanks_the_spellings_too(shared, cat_focal, officer, api_as):
    incident = shared.incidents.get(description__startswith="Mr")
    body = api_as(cat_focal).get(f"/api/v1/incidents/{incident.pk}").json()
    assert (body["place"], body["description"]) == ("home of […]", "Mr […] was stopped at the border.")
    assert api_as(officer).get(f"/api/v1/incidents/{incident.pk}").json()["place"] == "home of Jose Nunez"


def test_the_case_page_shows_no_spelling_of_a_withheld_name(shared, cat_focal, officer):
    page = client_for(cat_focal).get(f"/cases/{shared.pk}/")
    assert page.status_code == 200
    folded = selectors.fold_name(page.content.decode())
    assert "nunez" not in folded and "jose" not in folded
    # OHCHR staff read the texts as written
    assert "Detention of Jose Nunez" in client_for(officer).get(f"/cases/{shared.pk}/").content.decode()


def test_a_focal_point_may_not_overwrite_a_text_naming_a_withheld_party_in_another_spelling(shared, cat_focal,
                                                                                             api_as):
    api = api_as(cat_focal)
    version = api.get(f"/api/v1/cases/{shared.pk}").json()["version"]
    assert api.patch(f"/api/v1/cases/{shared.pk}", {"version": version, "title": "Other"}).status_code == 403
    assert Case.objects.get(pk=shared.pk).title == "Detention of Jose Nunez"


@pytest.mark.parametrize("query", ["Jose Nunez", "jose", "NUNEZ", "Núñez", "nun"])
def test_a_focal_point_cannot_find_the_case_by_a_spelling_of_the_withheld_name(shared, cat_focal, officer, api_as,
                                                                              query):
    def hits(user):
        return [c["id"] for c in api_as(user).get("/api/v1/cases", q=query).json()["items"]]

    assert hits(cat_focal) == []
    assert hits(officer) == [shared.pk]
    page = client_for(cat_focal).get("/cases/", {"q": query})
    assert page.status_code == 200 and [c.pk for c in page.context["cases"]] == []


def test_the_search_still_finds_the_case_by_what_the_focal_point_reads(shared, cat_focal, api_as):
    assert [c["id"] for c in api_as(cat_focal).get("/api/v1/cases", q="incommunicado").json()["items"]] == [shared.pk]


def test_the_case_lists_blank_the_spellings_in_the_title(shared, cat_focal, api_as):
    items = api_as(cat_focal).get("/api/v1/cases").json()["items"]
    assert [(c["id"], c["title"]) for c in items] == [(shared.pk, "Detention of […]")]
    page = client_for(cat_focal).get("/cases/")
    assert page.status_code == 200
    assert "nunez" not in selectors.fold_name(page.content.decode())
