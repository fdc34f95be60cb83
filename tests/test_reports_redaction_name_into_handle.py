"""A name written partly as words and partly in a handle: "Dmitry Ivanov_85", "Dmitry @Ivanov85" (the given name a
word of the sentence, the family name the first part of a handle glued with digits or an underscore). The guards of
public texts (``Guard``, ``RegisterNames.guard`` and the ``Redactor`` that applies both) read the words before a
handle with its first parts, as they read a name of several words: given name first, in any case, the words side by
side on one line (spaces, a hyphen, the "@" of the handle); only the name is blanked, the rest of the handle kept
("[…]_85"). The scrubbing of free texts (``scrub``, ``RegisterNames.scrub``) reads them so too, for an organisation's
name as for a person's. A word of a name alone in a handle is still read only where the handle holds nothing else
("@Zulfiqarov_Geneva" stays), and never across a full stop or a line break."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import (
    WITHHELD,
    ErasedNames,
    NameSet,
    RegisterNames,
    party_marker,
    scrub,
)
from tests.redaction_guards import everywhere, guarded

DMITRY = "Dmitry Ivanov"


@pytest.mark.parametrize(("text", "shown"), [
    ("Follow Dmitry Ivanov_85 on X.", f"Follow {WITHHELD}_85 on X."),
    ("Follow Dmitry Ivanov85 on X.", f"Follow {WITHHELD}85 on X."),
    ("Follow Dmitry @Ivanov85 on X.", f"Follow {WITHHELD}85 on X."),
    ("Follow Dmitry @Ivanov_1985 on X.", f"Follow {WITHHELD}_1985 on X."),
    ("follow dmitry ivanov_85 on X.", f"follow {WITHHELD}_85 on X."),  # given name first: in any case
    ("Posts by Dmitry Ivanov_official", f"Posts by {WITHHELD}_official"),  # a whole name, wherever it is
    ("Dmitry Ivanov_85 and Dmitry Ivanov", f"{WITHHELD}_85 and {WITHHELD}"),
])
def test_a_name_begun_in_words_and_ended_in_a_handle_is_blanked_by_every_guard(text, shown):
    assert guarded(DMITRY, text) == everywhere(shown)


def test_a_name_of_several_words_ended_in_a_handle_is_blanked_whole():
    name = "Abdulhadi Al Khawaja"
    for text in ("Follow Abdulhadi Al Khawaja_85", "Follow Abdulhadi Al-Khawaja_85", "Follow Abdulhadi Al @Khawaja85"):
        shown = f"Follow {WITHHELD}85" if "@" in text else f"Follow {WITHHELD}_85"
        assert guarded(name, text) == everywhere(shown), text


@pytest.mark.parametrize("text", [
    "He met Dmitry. Ivanov_85 posted it.",  # a full stop between them: two sentences
    "He met Dmitry\nIvanov_85 posted it.",  # a line break: two lines of a list
    "Write to dmitry@ivanov85.org",  # an address: no name
    "Follow Dmitry 85Ivanov on X.",  # the handle does not begin with the name's word
])
def test_words_and_a_handle_that_are_not_side_by_side_on_one_line_are_no_name(text):
    assert guarded(DMITRY, text) == everywhere(text)


def test_a_whole_name_begun_in_words_is_blanked_in_a_handle_gluing_more_words():
    assert guarded(DMITRY, "Follow Dmitry @Ivanov_Geneva_85") == everywhere(f"Follow {WITHHELD}_Geneva_85")


@pytest.mark.parametrize(("protected", "text"), [
    ("Mohammed Ali", "Mohammed @Mali2025 posted."),  # "Mali" is no word of the name
    ("Zulfiqarov", "Follow @Zulfiqarov_Geneva"),
    ("Will Long", "So Long will_2024 wait"),  # family name first, in lower case: no name, as in words
])
def test_words_before_a_handle_that_glues_no_word_of_the_name_after_them_stay(protected, text):
    assert guarded(protected, text) == everywhere(text)


ORGANISATION = NameSet(2, ("Bahrain Centre",), individual=False)


def test_an_organisations_name_ended_in_a_handle_is_blanked_as_written_and_never_family_name_first():
    register = RegisterNames([ORGANISATION])
    assert register.guard("Follow Bahrain Centre_2024") == f"Follow {WITHHELD}_2024"
    assert register.guard("Follow Centre @Bahrain_2024") == "Follow Centre @Bahrain_2024"


def test_scrubbing_marks_a_name_ended_in_a_handle_for_an_organisation_and_a_person():
    person = NameSet(1, (DMITRY,))
    assert scrub("Follow Bahrain Centre_2024", [ORGANISATION]) == f"Follow {party_marker(2)}_2024"
    assert RegisterNames([ORGANISATION]).scrub("Follow Bahrain Centre_2024") == f"Follow {WITHHELD}_2024"
    assert "ivanov" not in scrub("Follow Dmitry @Ivanov85", [person]).lower()
    assert "ivanov" not in RegisterNames([person]).scrub("Follow Dmitry @Ivanov85").lower()
    assert RegisterNames([ORGANISATION]).names_anyone("Follow Bahrain Centre_2024")


@pytest.mark.parametrize("text", ["Подписывайтесь: Дмитрий Иванов_85", "Follow Dmitriy Ivanov_85",
                                  "Follow Dmitriy @Ivanov1985"])
def test_a_name_in_another_script_ended_in_a_handle_is_blanked(text):
    for shown in guarded("Дмитрий Иванов", text).values():
        assert not {"Дмитрий", "Иванов", "Ivanov"} & set(shown.replace("_", " ").replace("@", " ").split()), shown
        assert "Ivanov1985" not in shown


@pytest.mark.django_db
def test_an_erased_persons_name_ended_in_a_handle_is_blanked():
    from reprisals.cases.models import ErasedNameKey

    register = RegisterNames(erased=ErasedNames(ErasedNames.rows(["José Núñez"], individual=True),
                                                ErasedNameKey.current()))
    assert register.guard("Follow jose @nunez1985") == f"Follow {WITHHELD}1985"  # in any case, as in words
    assert register.guard("Follow jose nunez_85") == f"Follow {WITHHELD}_85"
    shown = register.guard("Follow José Núñez_85")  # each word written as a name is an erased name's word too
    assert shown in (f"Follow {WITHHELD}_85", f"Follow {WITHHELD} {WITHHELD}_85")
    assert register.names_anyone("Follow jose nunez_85")
