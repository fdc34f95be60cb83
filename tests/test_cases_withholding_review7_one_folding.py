"""The search and the withholding from other entities' focal points fold names as one.

A name is compared wherever it is withheld, blanked or searched through one folding (``core.text.fold_name``),
so that what the search takes for the same word the withholding takes for the same word too: a character that
prints as nothing (``core.text.is_ignorable``), a diacritic or the Arabic tatweel inside a name neither hides it
from the blanking nor keeps the search from finding it.
"""

from __future__ import annotations

import pytest

from reprisals.cases import search, selectors
from reprisals.cases.models import AffectedParty
from reprisals.core import text
from reprisals.core.text import IGNORABLE


def test_the_withholding_folds_names_with_the_one_folding():
    assert selectors.fold_name is text.fold_name


def test_the_search_reads_a_word_through_every_character_that_prints_as_nothing():
    unread = [f"U+{ord(hidden):04X}" for hidden in sorted(IGNORABLE) if search.normalise(f"Dmi{hidden}try") != "dmitry"]
    assert unread == []


@pytest.mark.parametrize("inside", ["\u034f", "\u115f", "\u3164", "\ufe00", "\u200b", "\u00ad", "\u0640", "\u0301"])
def test_a_withheld_name_is_blanked_through_what_the_search_reads_through(inside):
    names = selectors.withheld_names([AffectedParty(pk=1, name="Dmitry Ivanov", kind="individual")])
    assert selectors.blank_names(f"Mr Iva{inside}nov was detained", names) == "Mr […] was detained"
    assert search.normalise(f"Iva{inside}nov") == "ivanov"
