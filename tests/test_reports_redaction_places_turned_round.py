"""A place that reads as a person's name turned round, family name first, is the place (review 13).

A person "Kong Hong" (孔宏) is read family name first, as lists and documents write names ("Hong Kong"), and that
reading blanked the territory in every public report of a register holding such a person: "Protests in Hong Kong
grew." printed "Protests in […] grew.". A reading family name first whose words glued are a known place
(``redaction.GLUED_PLACES``, as for the glued readings: "Hongkong", "Shanghai") is not read; the name as written,
given name first, is blanked as ever, and so is any other name read family name first."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import WITHHELD
from tests.redaction_guards import everywhere, guarded


@pytest.mark.parametrize(("person", "text"), [
    ("Kong Hong", "Protests in Hong Kong grew."),
    ("Kong Hong", "HONG KONG: protests grew."),
    ("Hai Shang", "She was detained in Shang Hai."),
])
def test_a_place_is_not_read_as_a_name_turned_round(person, text):
    assert guarded(person, text) == everywhere(text)


@pytest.mark.parametrize(("person", "text", "shown"), [
    ("Kong Hong", "Kong Hong was detained in Hong Kong.", f"{WITHHELD} was detained in Hong Kong."),
    ("Dmitry Ivanov", "Ivanov Dmitry was detained.", f"{WITHHELD} was detained."),
    ("Dmitry Ivanov", "IVANOV Dmitry was detained.", f"{WITHHELD} was detained."),
])
def test_the_name_as_written_and_other_names_turned_round_are_still_blanked(person, text, shown):
    assert guarded(person, text) == everywhere(shown)
