"""A name written family name first, as the guards of the public redaction (``reports.redaction.Guard`` and
``RegisterNames.guard``) and the scrubbing of every public free text of other cases' names (``RegisterNames.scrub``)
read it: only where its words are written as names (a capital first, or all in capitals; a particle such as "al" or
"van" may be in lower case), so that ordinary words in lower case are never read as a name turned round ("How long
will the detention last?" holds no "Will Long"); with the particles of the family name written first with it
("Al-Khawaja, Abdulhadi", "Van der Berg, Jan"); two family names written first ("Núñez García, José"); and the family
name before an Arabic or an ideographic comma ("رجب، نبيل"), or before a comma that ends a line; and a name glued
family name first as it is glued given name first ("IvanovDmitry" as "DmitryIvanov"). A name or another spelling of
any length is guarded."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import WITHHELD, Guard, NameSet, Redactor, RegisterNames


def _guarded(protected: str, text: str) -> dict[str, str]:
    """What each guard, and the redactor that applies both, prints of ``text`` when ``protected`` may not be named."""
    return {
        "guard": Guard([protected])(text),
        "register guard": RegisterNames([NameSet(1, (protected,))]).guard(text),
        "redactor": Redactor({}, [protected], RegisterNames([NameSet(1, (protected,))])).text(text),
    }


def _everywhere(text: str) -> dict[str, str]:
    return {"guard": text, "register guard": text, "redactor": text}


# ---------------------------------------------------------------- ordinary words in lower case


@pytest.mark.parametrize(("protected", "text"), [
    ("Will Long", "How long will the detention last?"),
    ("Mark Young", "The young mark the day."),
    ("Grace Hope", "There is hope grace will come."),
    ("Rose Hill", "They climbed the hill, rose early and left."),
])
def test_ordinary_lower_case_words_are_not_read_as_a_name_family_name_first(protected, text):
    register = RegisterNames([NameSet(1, (protected,))])
    assert register.scrub(text) == text  # every public free text, not only frozen paragraphs
    assert register.guard(text) == text
    assert Guard([protected])(text) == text


def test_the_word_after_another_persons_given_name_stays():
    """"Ali" is a word of "Said Ali", blanked as a name; "said" after it is the verb, not his given name."""
    register = RegisterNames([NameSet(1, ("Said Ali",))])
    assert register.scrub("Mr Ali said he was beaten.") == f"Mr {WITHHELD} said he was beaten."


@pytest.mark.parametrize(("protected", "text"), [
    ("Will Long", "LONG, Will was detained."),
    ("Will Long", "Long Will was detained."),
    ("Said Ali", "Ali, Said was detained."),
])
def test_the_same_words_written_as_a_name_family_name_first_are_blanked(protected, text):
    assert _guarded(protected, text) == _everywhere(f"{WITHHELD} was detained.")


# ---------------------------------------------------------------- a family name with its particles


@pytest.mark.parametrize(("protected", "text"), [
    ("Abdulhadi Al-Khawaja", "Al-Khawaja, Abdulhadi"),
    ("Abdulhadi Al-Khawaja", "AL-KHAWAJA Abdulhadi"),
    ("Maryam al-Khawaja", "al-Khawaja, Maryam"),  # the particle in lower case, the name with its capital
    ("Jan van der Berg", "Van der Berg, Jan"),
    ("Jan van der Berg", "van der Berg, Jan"),
    ("Jan van der Berg", "Berg, Jan van der"),  # as Dutch indexes write it
])
def test_a_family_name_with_its_particles_written_first_is_blanked(protected, text):
    sentence = f"On 3 May {text} was detained."
    assert _guarded(protected, sentence) == _everywhere(f"On 3 May {WITHHELD} was detained.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Abdulhadi Al-Khawaja", "Al-Khawaja, Zainab was detained."),  # the same family name, another person
    ("Abdulhadi Al-Khawaja", "The lawyer met Al-Khawaja. Abdulhadi Rajab was detained."),  # two sentences
    ("Jan van der Berg", "Van der Berg, Piet was detained."),
])
def test_another_person_with_the_same_family_name_and_particles_stays(protected, text):
    assert _guarded(protected, text) == _everywhere(text)


# ---------------------------------------------------------------- two family names


@pytest.mark.parametrize(("protected", "text"), [
    ("José Núñez García", "Núñez García, José"),  # as Spanish lists write two family names
    ("Gabriel García Márquez", "GARCÍA MÁRQUEZ Gabriel"),
    ("Gabriel García Márquez", "García Márquez, Gabriel"),
    ("María de la Cruz Pérez", "de la Cruz Pérez, María"),  # with the particles before them
])
def test_two_family_names_written_first_are_blanked(protected, text):
    sentence = f"On 3 May {text} was detained."
    assert _guarded(protected, sentence) == _everywhere(f"On 3 May {WITHHELD} was detained.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Gabriel García Márquez", "García Márquez, Mercedes was detained."),  # the same family names, another person
    ("Gabriel García Márquez", "The lawyer met García Márquez. Gabriel Pérez was detained."),
    ("José Núñez García", "the núñez garcía, josé"),  # in lower case: words, not a name
])
def test_another_person_with_the_same_two_family_names_stays(protected, text):
    assert _guarded(protected, text) == _everywhere(text)


# ---------------------------------------------------------------- an Arabic or ideographic comma


@pytest.mark.parametrize(("protected", "text", "shown"), [
    ("نبيل رجب", "اعتقل رجب، نبيل في المطار.", f"اعتقل {WITHHELD} في المطار."),  # U+060C ARABIC COMMA
    ("نبيل رجب", "اعتقل رجب ، نبيل في المطار.", f"اعتقل {WITHHELD} في المطار."),
    ("Dmitry Ivanov", "IVANOV、Dmitry was detained.", f"{WITHHELD} was detained."),  # U+3001 IDEOGRAPHIC COMMA
])
def test_a_family_name_written_first_before_an_arabic_or_ideographic_comma_is_blanked(protected, text, shown):
    assert _guarded(protected, text) == _everywhere(shown)


def test_an_arabic_full_stop_still_parts_two_names():
    """Only a comma: a sentence that ends ("۔", ".") parts a family name from the given name of the next one."""
    text = "التقى المحامي رجب. نبيل حسن اعتقل."
    assert _guarded("نبيل رجب", text) == _everywhere(text)


# ---------------------------------------------------------------- glued, or a comma that ends a line


@pytest.mark.parametrize("text", [
    "IvanovDmitry was detained.",  # as "DmitryIvanov" is blanked
    "IVANOVDMITRY was detained.",
    "Ivanov\u00adDmitry was detained.",  # a soft hyphen between them prints nothing
    "Ivanov,\nDmitry was detained.",  # a comma, then the line wraps
    "Ivanov,\r\nDmitry was detained.",
])
def test_a_name_glued_or_wrapped_after_the_comma_family_name_first_is_blanked(text):
    assert _guarded("Dmitry Ivanov", text) == _everywhere(f"{WITHHELD} was detained.")


@pytest.mark.parametrize("text", [
    "Lawyers: Ivanov,\n\nDmitry Petrov was detained.",  # a paragraph ends after the comma
    "Lawyers: Ivanov\nDmitry Petrov was detained.",  # a line break alone: two lines of a list
    "Write to ivanovdmitry at the office.",  # glued in lower case: not written as a name
])
def test_a_family_name_ending_a_paragraph_or_a_glued_word_in_lower_case_stays(text):
    assert _guarded("Dmitry Ivanov", text) == _everywhere(text)


def test_an_organisations_name_is_never_read_glued_the_other_way_round():
    """Glued family name first is a reading of a person's name: "@CentreBahrain" is no form of "Bahrain Centre"."""
    organisation = RegisterNames([NameSet(1, ("Bahrain Centre",), individual=False)])
    assert organisation.scrub("Follow @CentreBahrain.") == "Follow @CentreBahrain."
    assert organisation.scrub("Follow @BahrainCentre.") == f"Follow @{WITHHELD}."
    person = RegisterNames([NameSet(1, ("Dmitry Ivanov",))])
    assert person.scrub("Follow @IvanovDmitry.") == f"Follow @{WITHHELD}."


# ---------------------------------------------------------------- a long name


@pytest.mark.parametrize("length", [600, 5000])
def test_a_very_long_other_spelling_is_guarded_without_failing(length):
    """Another spelling of a name (``name_variants``, a list without a length limit) of thousands of characters."""
    long_spelling = "Ivanov" + "a" * length + " Dmitry"
    guard = Guard(["Dmitry Ivanov", long_spelling])
    assert guard("Dmitry Ivanov was detained.") == f"{WITHHELD} was detained."
    assert guard(f"{long_spelling} was detained.") == f"{WITHHELD} was detained."
