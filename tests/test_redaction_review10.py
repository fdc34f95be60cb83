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

from reprisals.reference.models import Country
from reprisals.reports.redaction import WITHHELD, Guard, NameSet, Redactor, RegisterNames
from reprisals.reports.testdata import make_case
from tests.redaction_guards import everywhere, guarded

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
    assert guarded(protected, text) == everywhere(f"{WITHHELD} was detained.")


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
    assert guarded(protected, sentence) == everywhere(f"On 3 May {WITHHELD} was detained.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Abdulhadi Al-Khawaja", "Al-Khawaja, Zainab was detained."),  # the same family name, another person
    ("Abdulhadi Al-Khawaja", "The lawyer met Al-Khawaja. Abdulhadi Rajab was detained."),  # two sentences
    ("Jan van der Berg", "Van der Berg, Piet was detained."),
])
def test_another_person_with_the_same_family_name_and_particles_stays(protected, text):
    assert guarded(protected, text) == everywhere(text)


# ---------------------------------------------------------------- two family names


@pytest.mark.parametrize(("protected", "text"), [
    ("José Núñez García", "Núñez García, José"),  # as Spanish lists write two family names
    ("Gabriel García Márquez", "GARCÍA MÁRQUEZ Gabriel"),
    ("Gabriel García Márquez", "García Márquez, Gabriel"),
    ("María de la Cruz Pérez", "de la Cruz Pérez, María"),  # with the particles before them
])
def test_two_family_names_written_first_are_blanked(protected, text):
    sentence = f"On 3 May {text} was detained."
    assert guarded(protected, sentence) == everywhere(f"On 3 May {WITHHELD} was detained.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Gabriel García Márquez", "García Márquez, Mercedes was detained."),  # the same family names, another person
    ("Gabriel García Márquez", "The lawyer met García Márquez. Gabriel Pérez was detained."),
    ("José Núñez García", "the núñez garcía, josé"),  # in lower case: words, not a name
])
def test_another_person_with_the_same_two_family_names_stays(protected, text):
    assert guarded(protected, text) == everywhere(text)


# ---------------------------------------------------------------- an Arabic or ideographic comma


@pytest.mark.parametrize(("protected", "text", "shown"), [
    ("نبيل رجب", "اعتقل رجب، نبيل في المطار.", f"اعتقل {WITHHELD} في المطار."),  # U+060C ARABIC COMMA
    ("نبيل رجب", "اعتقل رجب ، نبيل في المطار.", f"اعتقل {WITHHELD} في المطار."),
    ("Dmitry Ivanov", "IVANOV、Dmitry was detained.", f"{WITHHELD} was detained."),  # U+3001 IDEOGRAPHIC COMMA
])
def test_a_family_name_written_first_before_an_arabic_or_ideographic_comma_is_blanked(protected, text, shown):
    assert guarded(protected, text) == everywhere(shown)


def test_an_arabic_full_stop_still_parts_two_names():
    """Only a comma: a sentence that ends ("۔", ".") parts a family name from the given name of the next one."""
    text = "التقى المحامي رجب. نبيل حسن اعتقل."
    assert guarded("نبيل رجب", text) == everywhere(text)


# ---------------------------------------------------------------- glued, or a comma that ends a line


@pytest.mark.parametrize("text", [
    "IvanovDmitry was detained.",  # as "DmitryIvanov" is blanked
    "IVANOVDMITRY was detained.",
    "Ivanov\u00adDmitry was detained.",  # a soft hyphen between them prints nothing
    "Ivanov,\nDmitry was detained.",  # a comma, then the line wraps
    "Ivanov,\r\nDmitry was detained.",
])
def test_a_name_glued_or_wrapped_after_the_comma_family_name_first_is_blanked(text):
    assert guarded("Dmitry Ivanov", text) == everywhere(f"{WITHHELD} was detained.")


@pytest.mark.parametrize("text", [
    "Lawyers: Ivanov,\n\nDmitry Petrov was detained.",  # a paragraph ends after the comma
    "Lawyers: Ivanov\nDmitry Petrov was detained.",  # a line break alone: two lines of a list
    "Write to ivanovdmitry at the office.",  # glued in lower case: not written as a name
])
def test_a_family_name_ending_a_paragraph_or_a_glued_word_in_lower_case_stays(text):
    assert guarded("Dmitry Ivanov", text) == everywhere(text)


def test_an_organisations_name_is_never_read_glued_the_other_way_round():
    """Glued family name first is a reading of a person's name: "@CentreBahrain" is no form of "Bahrain Centre"."""
    organisation = RegisterNames([NameSet(1, ("Bahrain Centre",), individual=False)])
    assert organisation.scrub("Follow @CentreBahrain.") == "Follow @CentreBahrain."
    assert organisation.scrub("Follow @BahrainCentre.") == f"Follow @{WITHHELD}."
    person = RegisterNames([NameSet(1, ("Dmitry Ivanov",))])
    assert person.scrub("Follow @IvanovDmitry.") == f"Follow @{WITHHELD}."


ORGANISATION, PERSON = NameSet(1, ("Bahrain Centre",), individual=False), NameSet(2, ("Dmitry Ivanov",))


@pytest.mark.parametrize("text", [
    "Follow @CentreBahrain and CentreBahrain.",
    "Follow @CentreBahrain and CentreBahrain — their account.",  # not in ASCII: read word by word in every script
])
def test_the_guard_of_a_page_never_reads_an_organisations_name_glued_the_other_way_round(text):
    """The guard of the parties of a page who may not be named knows whose each name is (a ``NameSet``), as the
    guard of the register does: "Bahrain Centre" is blanked as written and glued, never read "CentreBahrain"."""
    for guard in (Guard([ORGANISATION, PERSON]), Redactor({}, [ORGANISATION, PERSON]).text):
        assert guard(text) == text
        assert guard("Follow @BahrainCentre, Bahrain Centre.") == f"Follow @{WITHHELD}, {WITHHELD}."
        assert guard("Follow @IvanovDmitry.") == f"Follow @{WITHHELD}."
        assert guard("IvanovDmitry — IVANOVDMITRY.") == f"{WITHHELD} — {WITHHELD}."


@pytest.mark.parametrize(("text", "shown"), [
    ("Write to Ivanovdmitry.", f"Write to {WITHHELD}."),  # glued family name first, one capital: as a name
    ("Write to dmitryivanov@example.org.", f"Write to {WITHHELD}@example.org."),  # glued as written, in lower case
    ("Write to ivanovdmitry.", "Write to ivanovdmitry."),  # glued family name first in lower case: not as a name
    ("A text in ASCII without any of these words.", "A text in ASCII without any of these words."),
])
def test_a_text_in_ascii_is_read_word_by_word_for_a_glued_name_wherever_it_may_hold_one(text, shown):
    """The guard of a page reads a text in ASCII word by word for a name of one word or one glued only when one of its
    words, in lower case, is one (one search first): a glued name with no capital inside it is still found."""
    assert Guard(["Dmitry Ivanov"])(text) == shown
    assert Redactor({}, ["Dmitry Ivanov"]).text(text) == shown


def test_a_name_whose_kind_is_not_given_is_read_as_a_persons():
    """A name given alone (its kind not known) loses no reading: it is read glued family name first too."""
    assert Guard(["Bahrain Centre"])("Follow @CentreBahrain.") == f"Follow @{WITHHELD}."
    assert Guard(["Dmitry Ivanov"])("Follow @IvanovDmitry.") == f"Follow @{WITHHELD}."


@pytest.mark.django_db
def test_a_page_keeps_an_organisations_handle_and_blanks_a_persons_name_glued_family_name_first(officer):
    """The redactor of a page, a document or open data (``Redactor.for_parties``) gives the guard each party's kind:
    an organisation that may not be named ("Bahrain Centre") leaves "@CentreBahrain" as written, a person who may
    not be named ("Dmitry Ivanov") is blanked glued family name first."""
    anonymous_only = {"raise_with_state": True, "publish_name": False, "publish_anonymously": True}
    case = make_case(actor=officer, country=Country.objects.get(iso3="EGY"), name="Dmitry Ivanov",
                     consents=anonymous_only,
                     extra_parties=[dict(name="Bahrain Centre", kind="organisation", description="an organisation",
                                         consents=anonymous_only)])
    parties = list(case.parties.values_list("pk", flat=True))
    redactor = Redactor.for_parties(parties)
    assert redactor.text("Follow @CentreBahrain and CentreBahrain.", parties) == (
        "Follow @CentreBahrain and CentreBahrain.")
    assert redactor.text("Follow @CentreBahrain — CentreBahrain.", parties) == "Follow @CentreBahrain — CentreBahrain."
    assert redactor.text("Bahrain Centre, @BahrainCentre and IvanovDmitry.", parties) == (
        f"{WITHHELD}, @{WITHHELD} and {WITHHELD}.")


# ---------------------------------------------------------------- a long name


@pytest.mark.parametrize("length", [600, 5000])
def test_a_very_long_other_spelling_is_guarded_without_failing(length):
    """Another spelling of a name (``name_variants``, a list without a length limit) of thousands of characters."""
    long_spelling = "Ivanov" + "a" * length + " Dmitry"
    guard = Guard(["Dmitry Ivanov", long_spelling])
    assert guard("Dmitry Ivanov was detained.") == f"{WITHHELD} was detained."
    assert guard(f"{long_spelling} was detained.") == f"{WITHHELD} was detained."
