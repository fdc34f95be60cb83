"""One rule says which words of a withheld name are blanked on their own.

When a name is withheld from focal points of other UN entities, a word of it standing alone in a text (a family
name in a sentence) is blanked when ``core.text.blanked_alone`` says so for a word of a name: three letters or
more, counted composed (the one Hangul syllable "김" is one letter), and never one of the particles and titles
of ``core.text.NEVER_ALONE`` ("al", "bin", "de", "van", "mr"), which the public redaction never blanks alone
either. A particle is still blanked as part of the whole name.
"""

from __future__ import annotations

import pytest

from reprisals.cases import selectors
from reprisals.cases.models import AffectedParty
from reprisals.core.text import NEVER_ALONE, blanked_alone
from reprisals.reports.redaction import NameSet


def _names(name: str) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=1, name=name, kind="individual")])


@pytest.mark.parametrize(("word", "alone"), [
    ("Hassan", True), ("Ali", True), ("ALÍ", True), ("Иванов", True), ("محمد", True),
    ("Li", False), ("al", False), ("AL", False), ("Bin", False), ("van", False), ("Mr", False),
    ("김", False),                                      # one syllable: a name of its own would be blanked
    ("", False), ("Jose Nunez", False),                  # no word, or more than one
])
def test_a_word_of_a_name_is_blanked_alone_with_three_letters_and_never_a_particle(word, alone):
    assert blanked_alone(word, word_of_name=True) is alone


def test_a_name_of_its_own_keeps_its_rule():
    assert blanked_alone("김") and blanked_alone("Bin") and not blanked_alone("Li")


@pytest.mark.parametrize("particle", sorted(NEVER_ALONE))
def test_a_particle_of_a_withheld_name_is_kept_alone_and_blanked_within_the_name(particle):
    names = _names(f"Omar {particle} Haddad")
    assert selectors.blank_names(f"Omar {particle} Haddad was held; {particle} others", names) == (
        f"[…] was held; {particle} others")


@pytest.mark.parametrize("particle", sorted(NEVER_ALONE))
def test_the_public_redaction_and_the_withholding_blank_the_same_words_of_a_name_alone(particle):
    name = f"Omar {particle} Haddad"
    public = set(NameSet(1, (name,)).tokens())
    withheld = set(_names(name).names)
    assert particle not in public and particle not in withheld
    assert {"omar", "haddad"} <= public & withheld
