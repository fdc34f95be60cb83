"""A withheld name is blanked from a link however it is wrapped, queried or hosted (review 13).

The parts of a link's path are read as the word after the "@" of a handle is (``test_withholding_links``). So are:

* a link written inside the path or the query of another, on any host ("https://x.com/?u=https://x.com/jnunez"),
  on a mail host's ("https://eur01.safelinks.protection.outlook.com/?url=https://x.com/jnunez", as Outlook rewrites
  every link of a mail) and on one of the United Nations' ("https://www.un.org/go?u=https://x.com/jnunez"), written
  as it is or with its percent-escapes ("?url=https%3A%2F%2Fx.com%2Fjnunez");
* a query or a fragment after the host with no slash before it ("https://example.org?u=jnunez",
  "https://example.org#jnunez", "https://example.org:8080?u=jnunez"), and the user's part of a link
  ("https://jnunez:pw@example.org/");
* the paths of the international human-rights organisations and of the mail hosts, whose labels are their own
  ("press.amnesty.org") but whose pages are about persons ("https://www.frontlinedefenders.org/en/profile/jnunez").
  The paths of the United Nations' own hosts are their own pages, named by words ("https://www.un.org/press/en"
  stays for "Paul Ress"), and only a link written inside them is read.
"""

from __future__ import annotations

import pytest

from reprisals.cases import selectors
from tests.withholding_names import NAME, withheld

# ---------------------------------------------------------------- a link inside a link


@pytest.mark.parametrize(("text", "shown"), [
    ("https://eur01.safelinks.protection.outlook.com/?url=https://x.com/jnunez&data=1",
     "https://eur01.safelinks.protection.outlook.com/?url=https://x.com/[…]&data=1"),
    ("https://www.un.org/go?u=https://x.com/jnunez", "https://www.un.org/go?u=https://x.com/[…]"),
    ("https://www.un.org/go?u=x.com/jnunez85", "https://www.un.org/go?u=x.com/[…]85"),
    ("https://press.un.org/r?u=https://www.ohchr.org/x?u=https://x.com/jnunez",
     "https://press.un.org/r?u=https://www.ohchr.org/x?u=https://x.com/[…]"),
    ("https://example.org/?u=https://x.com/jnunez", "https://example.org/?u=https://x.com/[…]"),
])
def test_a_link_written_inside_the_path_of_another_is_read(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize("text", [
    "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.com%2Fjnunez&data=1",
    "https://www.un.org/go?u=https%3A%2F%2Fx.com%2Fjnunez",
    "https://www.un.org/go?u=https%253A%252F%252Fx.com%252Fjnunez",
])
def test_a_link_percent_escaped_inside_the_path_of_another_is_read(text):
    assert "jnunez" not in selectors.blank_names(text, withheld())


# ---------------------------------------------------------------- a query, a fragment or a user without a slash


@pytest.mark.parametrize(("text", "shown"), [
    ("https://example.org?u=jnunez", "https://example.org?u=[…]"),
    ("https://example.org#jnunez", "https://example.org#[…]"),
    ("https://example.org:8080?u=jnunez", "https://example.org:8080?u=[…]"),
    ("See example.org?u=jnunez85 now.", "See example.org?u=[…]85 now."),
    ("https://jnunez:pw@example.org/", "https://[…]:pw@example.org/"),
    ("https://jnunez85@example.org", "https://[…]85@example.org"),
    ("https://user:jnunez@example.org/", "https://user:[…]@example.org/"),
])
def test_a_query_a_fragment_or_a_user_after_the_host_is_read(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize(("name", "text"), [
    ("Mohammed Ali", "See https://example.org?country=mali and https://example.org#mali2025."),
    (NAME, "See https://example.org?u=jnunezville and https://xjnunez:pw@example.org/."),
    ("Paul Ress", "Did you read example.org? The press said so."),
])
def test_a_query_a_fragment_or_a_user_that_names_no_person_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


# ---------------------------------------------------------------- the paths of the known hosts


@pytest.mark.parametrize(("text", "shown"), [
    ("https://www.frontlinedefenders.org/en/profile/jnunez",
     "https://www.frontlinedefenders.org/en/profile/[…]"),
    ("https://hrdmemorial.org/hrdrecord/jnunez/", "https://hrdmemorial.org/hrdrecord/[…]/"),
    ("https://www.amnesty.org/en/jnunez85", "https://www.amnesty.org/en/[…]85"),
    ("https://outlook.live.com/people/jnunez", "https://outlook.live.com/people/[…]"),
])
def test_a_path_on_the_host_of_a_human_rights_organisation_or_of_mail_is_read(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize(("name", "text"), [
    ("Paul Ress", "See https://press.amnesty.org/en and https://www.un.org/press/en."),
    (NAME, "See www.ohchr.org/en/hr-bodies, https://www.un.org/press/en and https://www.hrw.org/news/2024."),
    ("Mohammed Ali", "See https://www.hrw.org/africa/mali and https://www.ohchr.org/en/countries/mali."),
])
def test_the_labels_of_the_known_hosts_and_the_paths_of_the_united_nations_are_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


# ---------------------------------------------------------------- the words a site names its sections by


@pytest.mark.parametrize(("name", "text"), [
    ("Paul Ress", "See https://www.theguardian.com/media/press and https://www.amnesty.org/press/en/2024."),
    ("Paul Ress", "Ask the press.today, and https://press.example.org/en."),
    ("Nadia Ews", "See https://example.org/news/2024 and news.example.org."),
])
def test_a_part_or_a_label_that_is_a_word_a_site_names_its_sections_by_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Paul Ress", "https://x.com/press1985", "https://x.com/[…]1985"),
    ("Paul Ress", "https://x.com/press_85/status/1", "https://x.com/[…]_85/status/1"),
    ("Paul Ress", "Write to press@example.org or follow @press.", "Write to […]@example.org or follow @[…]."),
])
def test_a_word_of_a_section_with_digits_beside_it_or_as_a_handle_is_still_blanked(name, text, shown):
    assert selectors.blank_names(text, withheld(name)) == shown


# ---------------------------------------------------------------- a link with percent-escapes, blanked as written


@pytest.mark.parametrize(("text", "shown"), [
    ("https://example.org/?url=https%3A%2F%2Fx.com%2Fjnunez", "https://example.org/?url=https%3A%2F%2Fx.com%2F[…]"),
    ("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.com%2Fjnunez&data=1",
     "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.com%2F[…]&data=1"),
    ("https://www.un.org/go?u=https%253A%252F%252Fx.com%252Fjnunez",           # escaped twice
     "https://www.un.org/go?u=https%253A%252F%252Fx.com%252F[…]"),
    ("https://news.example/Jos%C3%A9%20N%C3%BA%C3%B1ez-detenido?ref=a%20b", "https://news.example/[…]-detenido?ref=a%20b"),
    ("https://news.example/a%20Jos%C3%A9%20and%20N%C3%BA%C3%B1ez", "https://news.example/a%20[…]%20and%20[…]"),
    ("https://x.com/Jos%C3%A9Nu%C3%B1ez1985?a=%2F", "https://x.com/[…]1985?a=%2F"),
])
def test_a_name_written_with_percent_escapes_is_blanked_and_the_rest_kept_as_written(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


def test_a_name_in_escapes_that_read_otherwise_is_still_blanked_decoded():
    """A control character escaped ("%00") is left out as the text is read: the link is given as it reads."""
    shown = selectors.blank_names("https://news.example/Jos%C3%A9%00Nu%C3%B1ez%0B/x", withheld())
    assert "[…]" in shown and "nunez" not in selectors.fold_name(shown) and "%" not in shown


# ---------------------------------------------------------------- the query of a page of the United Nations


@pytest.mark.parametrize(("text", "shown"), [
    ("https://www.ohchr.org/en/search?q=jnunez", "https://www.ohchr.org/en/search?q=[…]"),
    ("www.ohchr.org/en/hr-bodies#jnunez85", "www.ohchr.org/en/hr-bodies#[…]85"),
    ("https://www.un.org/r/https://x.com/jnunez?a=1", "https://www.un.org/r/https://x.com/[…]?a=1"),
    ("https://www.un.org/a/www.un.org/b?u=x.com/jnunez", "https://www.un.org/a/www.un.org/b?u=x.com/[…]"),
])
def test_the_query_of_a_page_of_the_united_nations_and_a_link_in_its_path_are_read(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize(("name", "text"), [
    ("Paul Ress", "See https://www.un.org/press/en?page=press and https://press.un.org/en/2024/sc1985.doc.htm."),
    (NAME, "See https://www.un.org/press/en?lang=en#top and https://www.ohchr.org/en/hr-bodies?tab=1."),
])
def test_a_query_of_a_page_of_the_united_nations_that_names_no_person_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


# ---------------------------------------------------------------- a place that reads as a name glued


@pytest.mark.parametrize(("name", "text"), [
    ("Hai Shang", "See https://www.reuters.com/world/china/shanghai and see shanghai.today"),
    ("Hai Shang", "Protests in Shanghai and SHANGHAI grew."),
    ("Jiang Xin", "Detained in Xinjiang (#Xinjiang)."),
])
def test_a_place_that_reads_as_two_words_of_the_name_glued_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Hai Shang", "ShangHai was held; Hai Shang too.", "[…] was held; […] too."),
    ("Hai Shang", "See x.com/shang_hai and haishang@mail.ru.", "See x.com/[…] and […]@mail.ru."),
    ("Dali Hassan", "Dali was held in Dali.", "[…] was held in […]."),   # a place that is a word of the name
])
def test_the_name_glued_showing_its_words_or_a_place_that_is_a_word_of_it_is_still_blanked(name, text, shown):
    assert selectors.blank_names(text, withheld(name)) == shown
