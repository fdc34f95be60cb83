"""A domain named after a withheld person, found in every way a host is written, in time linear in the text; the
domains of the United Nations and of the mail hosts most used stay.

A label of a host is read as the word after the "@" of a handle is (``test_cases_withholding_domains``). So is it:

* in a link without a scheme ("//jnunez85.org", as a page's link or a Markdown link writes it);
* with a dot a browser reads as a full stop in a host (UTS 46: the ideographic "。", the full-width "．" and the
  half-width "｡": "https://jnunez85。org" opens "https://jnunez85.org");
* written alone in capitals with a country's domain ("JNUNEZ85.DE"), as a text in capitals writes it;
* in punycode ("xn--jnez85-xwa5e" is "jnúñez85", as an address bar copies it): the label is decoded and, when it is
  blanked decoded, blanked whole (punycode writes its letters and digits apart).

A host written alone begins where a word begins, never after a mark inside one, so that a text is read once: a
text of 100 KB (the limit of a field) takes about ten times what a text of 10 KB takes, however many marks it has.

The domains of the United Nations, of the organisations of its system and of the mail hosts most used
(``selectors._KNOWN_HOSTS``: "un.org", "ohchr.org", "gmail.com", "yahoo.com"...) name no person in any of their
labels: "press.un.org" stays for "Paul Ress", "info@gmail.com" for "Gabriel Mail". Another domain's labels are all
read, a subdomain's too, since a person's own site is often one on a host of sites ("jnunez.wordpress.com"); and
the user's part of an address on a mail host is read as any address's is ("jnunez85@gmail.com").
"""

from __future__ import annotations

import math
import time

import pytest

from reprisals.cases import selectors
from tests.withholding_names import withheld


def _punycode(label: str) -> str:
    return label.encode("idna").decode("ascii")


# ---------------------------------------------------------------- in time linear in the text


def _seconds(text: str, names: selectors.WithheldNames, *, tries: int) -> float:
    best = math.inf
    for _ in range(tries):
        started = time.perf_counter()
        selectors.blank_names(text, names)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("run", [
    "a\u0301",          # a letter and a combining accent, written without a space
    "\u0915\u093e",     # Devanagari "kaa": a consonant and a vowel sign
])
def test_a_text_naming_a_domain_is_blanked_in_time_linear_in_its_length(run):
    """Ten times the text takes about ten times the time; a search that read the rest of a word again from each of
    its marks would take a hundred times. The bound, thirty times, is far from both, so that a busy machine does
    not make it fail: the best of three runs of each length is compared."""
    names = withheld()

    def text(size: int) -> str:
        return "Write to info@jnunez85.org. " + run * (size // len(run))

    assert selectors.blank_names(text(20), names).startswith("Write to info@[…]85.org. ")
    bound = 30 * _seconds(text(10_000), names, tries=3)
    assert any(_seconds(text(100_000), names, tries=1) < bound for _ in range(3))


@pytest.mark.parametrize(("text", "hosts"), [
    ("See example.org/e\u0301jnunez85.org", ["example.org"]),     # "éjnunez85.org" with its accent written apart
    ("See example.org/éjnunez85.org", ["example.org"]),
    ("See example.org/\u0915\u093ejnunez85.org", ["example.org"]),
    ("Visit xe\u0301jnunez85.org today.", ["xe\u0301jnunez85.org"]),
    ("Visit \u0915\u093e.org today.", ["\u0915\u093e.org"]),
])
def test_a_host_written_alone_begins_where_a_word_begins_never_after_a_mark_inside_it(text, hosts):
    """A mark (an accent written apart, a vowel sign) belongs to the word it follows: no host begins after it, as
    none begins inside a word after a letter, so that a word is read for a host once, from its start."""
    assert [m.group(0) for m in selectors._HOST.finditer(text)] == hosts


# ---------------------------------------------------------------- a link without a scheme


@pytest.mark.parametrize(("text", "shown"), [
    ('<a href="//jnunez85.org/blog">his blog</a>', '<a href="//[…]85.org/blog">his blog</a>'),
    ("[his blog](//jnunez85.org/blog)", "[his blog](//[…]85.org/blog)"),
    ("See //www.jnunez85.com/x", "See //www.[…]85.com/x"),
    ("<a href='//jnunez.org'>x</a>", "<a href='//[…].org'>x</a>"),
])
def test_a_link_without_a_scheme_to_a_domain_named_after_the_person_is_blanked(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


# ---------------------------------------------------------------- the dots a browser reads as a full stop


@pytest.mark.parametrize("dot", ["\u3002", "\uff0e", "\uff61"])
@pytest.mark.parametrize(("text", "shown"), [
    ("https://jnunez85{dot}org/blog", "https://[…]85{dot}org/blog"),
    ("https://jnunez{dot}org/blog", "https://[…]{dot}org/blog"),
    ("Write to info@jnunez85{dot}org.", "Write to info@[…]85{dot}org."),
    ("Write to info@jnunez{dot}org.", "Write to info@[…]{dot}org."),
    ("Visit jnunez85{dot}org now", "Visit […]85{dot}org now"),
    ("See https://blog{dot}jnunez{dot}net/", "See https://blog{dot}[…]{dot}net/"),
])
def test_a_host_written_with_a_dot_a_browser_reads_as_a_full_stop_is_blanked_as_with_one(text, shown, dot):
    assert selectors.blank_names(text.format(dot=dot), withheld()) == shown.format(dot=dot)


@pytest.mark.parametrize("dot", ["\u3002", "\uff0e", "\uff61"])
def test_a_domain_of_an_organisation_written_with_such_a_dot_stays(dot):
    text = f"See https://mali{dot}gov{dot}ml/justice and https://malijustice{dot}org."
    assert selectors.blank_names(text, withheld("Mohammed Ali")) == text


# ---------------------------------------------------------------- a host in capitals


@pytest.mark.parametrize(("text", "shown"), [
    ("Visit JNUNEZ85.DE now", "Visit […]85.DE now"),
    ("VISIT JNUNEZ.FR NOW", "VISIT […].FR NOW"),
    ("Visit jnunez85.de now", "Visit […]85.de now"),
    ("Visit JNUNEZ85.COM now", "Visit […]85.COM now"),
])
def test_a_host_written_alone_in_capitals_with_a_countrys_domain_is_blanked(text, shown):
    assert selectors.blank_names(text, withheld()) == shown


def test_a_word_in_capitals_before_a_countrys_domain_in_capitals_is_read_as_the_same_in_lower_case():
    names = withheld("Mohammed Ali")
    assert selectors.blank_names("SEE MALI.ML AND MALI2025.ML", names) == "SEE MALI.ML AND MALI2025.ML"


# ---------------------------------------------------------------- punycode


@pytest.mark.parametrize(("text", "shown"), [
    (f"https://{_punycode('jnúñez85')}.org/", "https://[…].org/"),
    (f"Write to info@{_punycode('jnúñez85')}.org.", "Write to info@[…].org."),
    (f"https://www.{_punycode('jnúñez')}.com/x", "https://www.[…].com/x"),
    (f"Visit {_punycode('jnúñez85').upper()}.ORG now", "Visit […].ORG now"),
    (f"https://{_punycode('josénúñez')}.org/", "https://[…].org/"),
])
def test_a_domain_named_after_the_person_in_punycode_is_blanked_as_its_letters_are(text, shown):
    assert _punycode("jnúñez85") == "xn--jnez85-xwa5e"
    assert selectors.blank_names(text, withheld()) == shown


@pytest.mark.parametrize("text", [
    f"See https://{_punycode('jnúñezville')}.org/",   # glued to letters not the name's, as "jnunezville.org"
    f"See https://{_punycode('münchen')}.de/",
    "See https://xn--zz.org and xn--.org.",          # no punycode: read as written, with no error
])
def test_a_domain_in_punycode_that_is_not_the_persons_stays(text):
    assert selectors.blank_names(text, withheld()) == text


# ---------------------------------------------------------------- the domains of the UN and of the mail hosts


@pytest.mark.parametrize(("name", "text"), [
    ("Paul Ress", "See the UN's release at https://press.un.org/en/2024/sc15000.doc.htm."),
    ("Paul Ress", "See https://press.un\u3002org/en."),
    ("Gabriel Mail", "Write to info@gmail.com or see https://www.gmail.com."),
    ("Ursula Nicef", "See https://www.unicef.org/x and write to press@unicef.org."),
    ("Oscar Hchr", "See https://www.ohchr.org/en and https://OHCHR.ORG."),
    ("Yasmin Ahoo", "Write to info@yahoo.com or jnunez@mail.yahoo.com."),
    ("Hamid Otmail", "Write to info@hotmail.com."),
])
def test_a_domain_of_the_un_system_or_of_a_common_mail_host_stays(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("Write to jnunez85@gmail.com.", "Write to […]85@gmail.com."),
    ("See https://jnunez.wordpress.com/", "See https://[…].wordpress.com/"),
    ("See https://jnunez85.github.io/", "See https://[…]85.github.io/"),
])
def test_the_persons_own_part_of_an_address_or_site_on_a_common_host_is_still_blanked(text, shown):
    assert selectors.blank_names(text, withheld()) == shown
