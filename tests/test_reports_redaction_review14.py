"""Review 14 of the spellings others give a protected name (``NameSet.variants``), read by every guard of public
texts (``Guard``, ``RegisterNames.guard`` and the ``Redactor`` that applies both), the erased names' guard and the
scrubbing of free texts (``scrub``).

A Russian name declined and written family name first ("Иванову Дмитрию") is read as any name family name first is:
where its words are written as names, so that a lower-case phrase of ordinary words ("толстому роману", "новую
веру") is no protected "Роман Толстой" or "Вера Новая" turned round. A man's name declined may be a woman's name in
the nominative ("Aleksandra Ivanova" is the genitive of "Aleksandr Ivanov"): it is blanked, a documented choice (the
guards cannot tell the two apart, and printing the protected man's name is the worse error)."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import WITHHELD, NameSet, scrub
from tests.redaction_guards import everywhere, guarded

# ---------------------------------------------------------------- a declined name family name first needs capitals

@pytest.mark.parametrize(("protected", "text"), [
    ("Роман Толстой", "Критик хвалил толстому роману."),  # "to the thick novel"
    ("Вера Новая", "Они приняли новую веру."),  # "they adopted a new faith"
])
def test_a_lower_case_phrase_is_no_declined_name_turned_round(protected, text):
    assert guarded(protected, text) == everywhere(text)
    assert scrub(text, [NameSet(1, (protected,))]) == text


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Роман Толстой", "Критик писал Толстому Роману.", "Толстому Роману"),
    ("Вера Новая", "Письмо Новой Вере.", "Новой Вере"),
    ("Дмитрий Иванов", "Письмо ИВАНОВУ Дмитрию.", "ИВАНОВУ Дмитрию"),
])
def test_a_declined_name_family_name_first_written_as_a_name_is_blanked(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))


def test_a_mans_name_declined_that_is_a_womans_name_is_blanked_by_choice():
    assert guarded("Aleksandr Ivanov", "Aleksandra Ivanova spoke.") == everywhere(f"{WITHHELD} spoke.")

