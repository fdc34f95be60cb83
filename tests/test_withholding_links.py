"""A withheld name is blanked from a link or a domain in every way one names a person, read as a handle is.

A label of a domain is read as the word after the "@" of a handle is (``test_cases_withholding_domains``). So are:

* the parts of a link's path ("https://x.com/jnunez", "https://twitter.com/jnunez85/status/123"): on a social
  network the path names the account, as a handle does. A part is the run of letters, digits, underscores and hyphens
  between two slashes, dots, question marks...; a form with initials is taken when it and digits, underscores or
  hyphens fill it, never glued to letters that are not the name's ("x.com/jnunezville", "x.com/MaliJustice") nor
  beside a word of a title joined by hyphens ("news/price-rises"). The paths of the domains of the United Nations
  (``_UN_HOSTS``) are theirs ("https://www.un.org/press/en" for "Paul Ress"), but for a link written inside one;
  the other paths are read, a word a site names its sections by aside (``test_withholding_review13``);
* each word of a label joined to another by a hyphen ("jnunez-law.org"), as a domain, which has no space, writes
  two words;
* a host written alone with a top-level domain made for persons and sites ("jnunez.xyz", "jnunez.law"), never a
  file's extension nor a word glued after a full stop ("notes.txt", "price.list");
* a host written in full-width letters ("ｊｎｕｎｅｚ．ｏｒｇ", as an East Asian keyboard writes it), read in its
  compatibility form (NFKC), as a browser reads it, each character in its place.
"""

from __future__ import annotations

import math
import re
import time

import pytest

from reprisals.cases import selectors
from tests.withholding_names import NAME, withheld

# ---------------------------------------------------------------- a handle in the path of a link


@pytest.mark.parametrize(("text", "shown"), [
    ("https://x.com/jnunez", "https://x.com/[…]"),
    ("See https://twitter.com/jnunez85/status/123 now.", "See https://twitter.com/[…]85/status/123 now."),
    ("x.com/jnunez", "x.com/[…]"),
    ("https://www.instagram.com/jnunez_85/", "https://www.instagram.com/[…]_85/"),
    ("https://www.linkedin.com/in/jnunez-1985", "https://www.linkedin.com/in/[…]-1985"),
    ("https://github.com/nunezj?tab=repositories", "https://github.com/[…]?tab=repositories"),
    ("https://example.org/people/josen.html", "https://example.org/people/[…].html"),
    ("[his account](https://x.com/jnunez)", "[his account](https://x.com/[…])"),
    ("https://x.com:443/jnunez", "https://x.com:443/[…]"),
    ("facebook.com/jose.nunez", "facebook.com/[…]"),
])
def test_a_form_with_initials_that_is_a_part_of_the_path_of_a_link_is_blanked(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize("part", ["jnunez", "jnunez85", "j85nunez", "jnunez_85", "jnunezville", "xjnunez",
                                  "j1nunezx"])
def test_a_part_of_a_path_is_read_as_the_word_after_the_at_sign_of_a_handle(part):
    names = withheld()
    handle = selectors.blank_names(f"@{part}", names)
    assert selectors.blank_names(f"https://x.com/{part}/status/1", names) == f"https://x.com/{handle[1:]}/status/1"


@pytest.mark.parametrize(("name", "text"), [
    ("Mohammed Ali", "See https://x.com/MaliJustice and https://x.com/mali_gov."),
    ("Mohammed Ali", "See https://www.ohchr.org/en/countries/mali and https://example.org/mali2025."),
    ("Peter Rice", "See https://example.org/news/price-rises-2024 and https://example.org/prices."),
    ("Paul Ress", "See https://www.un.org/press/en and https://www.un.org/en/press1985."),
    (NAME, "See https://x.com/jnunezville and https://example.org/ajnunez85/x."),
])
def test_a_path_that_names_no_person_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


# ---------------------------------------------------------------- a label of words joined by hyphens


@pytest.mark.parametrize(("text", "shown"), [
    ("jnunez-law.org", "[…]-law.org"),
    ("Write to info@jnunez-law.org.", "Write to info@[…]-law.org."),
    ("https://www.jnunez85-law.com/", "https://www.[…]85-law.com/"),
    ("https://law-jnunez.org", "https://law-[…].org"),
    ("https://blog-of-josen.net/", "https://blog-of-[…].net/"),
])
def test_a_form_with_initials_that_is_a_word_of_a_label_joined_by_hyphens_is_blanked(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize(("name", "text"), [
    ("Mohammed Ali", "See https://mali-justice.org and info@justice-mali.ml."),
    (NAME, "See https://jnunezville-law.org and https://law-xjnunez.org."),
])
def test_a_word_of_a_label_that_names_no_person_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


# ---------------------------------------------------------------- a host alone with another top-level domain


@pytest.mark.parametrize(("text", "shown"), [
    ("jnunez.xyz", "[…].xyz"),
    ("Visit jnunez85.law now", "Visit […]85.law now"),
    ("See jnunez.blog and jnunez.dev", "See […].blog and […].dev"),
    ("His page jnunez.name was closed.", "His page […].name was closed."),
    ("VISIT JNUNEZ.XYZ NOW", "VISIT […].XYZ NOW"),
    ("josenunez.info", "[…].info"),
])
def test_a_host_written_alone_with_a_top_level_domain_for_persons_is_blanked(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize(("name", "text"), [
    ("Peter Rice", "The price list (prices.xlsx, price.list, price.txt, price.zip) rose."),
    ("Mohammed Ali", "See mali.xyz and mali2025.xyz."),
])
def test_a_file_or_a_domain_that_names_no_person_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


# ---------------------------------------------------------------- a host in full-width letters


@pytest.mark.parametrize(("text", "shown"), [
    ("ｊｎｕｎｅｚ．ｏｒｇ", "[…]．ｏｒｇ"),
    ("See ｊｎｕｎｅｚ８５．ｏｒｇ now", "See […]８５．ｏｒｇ now"),
    ("ｈｔｔｐｓ：／／ｊｎｕｎｅｚ．ｏｒｇ", "ｈｔｔｐｓ：／／[…]．ｏｒｇ"),
    ("ＷＷＷ．ｊｎｕｎｅｚ．ｃｏｍ", "ＷＷＷ．[…]．ｃｏｍ"),
    ("Write to info＠ｊｎｕｎｅｚ８５．ｏｒｇ.", "Write to info＠[…]８５．ｏｒｇ."),
    ("ｈｔｔｐｓ：／／ｘ．ｃｏｍ／ｊｎｕｎｅｚ", "ｈｔｔｐｓ：／／ｘ．ｃｏｍ／[…]"),
    ("ﬁ ｊｎｕｎｅｚ．ｏｒｇ", "ﬁ […]．ｏｒｇ"),   # a ligature before it, folded to two letters, moves nothing
    ("ｊｎｕｎｅｚ－ｌａｗ．ｏｒｇ", "[…]－ｌａｗ．ｏｒｇ"),        # a full-width hyphen parts the label's words
    ("ｊｎｕｎｅｚ－８５．ｏｒｇ", "[…]－８５．ｏｒｇ"),          # and glues digits as a hyphen does
])
def test_a_host_in_full_width_letters_is_blanked_as_in_ascii(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize(("name", "text"), [
    ("Mohammed Ali", "See ｍａｌｉ．ｇｏｖ．ｍｌ and ｍａｌｉｊｕｓｔｉｃｅ．ｏｒｇ."),
    ("Paul Ress", "See ｈｔｔｐｓ：／／ｐｒｅｓｓ．ｕｎ．ｏｒｇ／ｅｎ."),
])
def test_a_domain_of_an_organisation_in_full_width_letters_is_kept(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


# ---------------------------------------------------------------- in time linear in the text


def _seconds(text: str, names: selectors.WithheldNames, *, tries: int) -> float:
    """The least time of the process (its CPU's, not the clock's: another process on a loaded machine takes none of
    it) that blanking ``text`` takes in ``tries``."""
    best = math.inf
    for _ in range(tries):
        started = time.process_time()
        selectors.blank_names(text, names)
        best = min(best, time.process_time() - started)
    return best


_RUNS = [
    "x.com/?u=",                   # a host in the path of another's, in the path of another's...
    "ｘ．ｃｏｍ／？ｕ＝",              # the same in full-width letters
    "https://x.com/jnunez85/",
    "jnunez-law.org/a-",
    "www.un.org/?u=",              # in the path of a host of the United Nations, which is not read
    "www.un.org/?u=x.com/?u=",     # a host whose path is read in one that is not
    "www.un.org/r/https://x.com/",  # ... written in its path before its query
    "https://www.un.org/a/",       # in a path of the United Nations' with no query
    "https://a:b@x.com?u=",        # a user, a query with no slash
    "x.com/?u=https%3A%2F%2F",     # escaped
]


def _text(run: str, size: int) -> str:
    return "See https://x.com/jnunez. " + run * (size // len(run))


@pytest.mark.parametrize("run", _RUNS)
def test_a_text_of_links_is_blanked_in_time_linear_in_its_length(run):
    """Ten times the text takes about ten times the time (``test_cases_withholding_review11``): each path is read
    once, not again from each host written inside it. The bound, thirty times, is far from a hundred, and the time
    is the process's, which a loaded machine does not lengthen as it does the clock's."""
    names = withheld()
    assert selectors.blank_names(_text(run, 20), names).startswith("See https://x.com/[…]. ")
    bound = 30 * _seconds(_text(run, 10_000), names, tries=3)
    assert any(_seconds(_text(run, 100_000), names, tries=1) < bound for _ in range(3))


@pytest.mark.parametrize("run", _RUNS)
def test_each_character_of_a_text_of_links_is_in_one_path_matched_and_one_read_at_most(run, monkeypatch):
    """What makes the time linear, counted rather than timed: the characters that the paths matched
    (``selectors._PATH``) and the paths read hold are no more than the text's, however many hosts are written one
    inside the path of another."""
    matched: list[int] = []
    path = selectors._PATH

    class Counted:
        def match(self, text: str, pos: int) -> re.Match[str] | None:
            found = path.match(text, pos)
            matched.append(0 if found is None else found.end() - found.start())
            return found

    monkeypatch.setattr(selectors, "_PATH", Counted())
    text = _text(run, 10_000)
    read = [span for _m, _labels, _path, span in selectors._links(text) if span is not None]
    assert sum(matched) <= len(text)
    assert sum(end - start for start, end in read) <= len(text)
