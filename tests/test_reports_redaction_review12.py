"""How the public redaction reads a person's name glued into one word (review 12).

A person's name glued family name first ("IvanovDmitry" for "Dmitry Ivanov") is read as the name wherever it is
written as a name: in a sentence, a handle, a link, a mail address, in capitals ("Ivanovdmitry", "@Ivanovdmitry",
"x.com/Ivanovdmitry85", "IVANOVDMITRY"), unless the word is a place that reads so ("Shanghai", "Xinjiang", "@Shanghai",
"SHANGHAI": ``GLUED_PLACES``; review 13). A place written with the name's words shown ("ShangHai") is still the name.
A city is not a name turned round, in the scrubbing of a case's own texts (where it would print the party's name or
description) or in the guards of every public text (where it would blank the city in every report).

A capital glued to a lower-case letter is read as a handle's glue ("#FreeAhmedMansoor", "@DmitryIvanovOfficial"):
the parts are read as those of "@Dmitry_Ivanov_85" are, a name's hyphens and apostrophes left out too
("@MaryamAlKhawaja", "@Maryam_Alkhawaja"), and each reading family name first glued ("@AlKhawajaMaryam85",
"@NunezGarciaJose"); ordinary words glued so stay ("iPhone", "McDonald").

A name begun in the words before a handle and ended in it is read as the guards read it in words: family name first
too ("Ivanov Dmitry_85", "Núñez García, José_85"), and with any hyphen, dash or apostrophe between its words
("Abdulhadi Al’Khawaja_85")."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import (
    WITHHELD,
    ErasedNames,
    Guard,
    NameSet,
    PartyView,
    Redactor,
    RegisterNames,
    resolve,
    scrub,
)
from tests.redaction_guards import everywhere, guarded


def scrubbed(name: str, text: str, *, named: bool) -> str:
    """``text`` scrubbed of ``name`` (party 1, a person) and resolved: by name, or by its description."""
    view = PartyView(1, "a defender", name if named else None)
    return resolve(scrub(text, [NameSet(1, (name,))]), {1: view})


# ---------------------------------------------------------------- A: a city is no name glued family name first

CITIES = [
    ("Hai Shang", "He was detained in Shanghai on 3 May."),
    ("Jiang Xin", "Camps in Xinjiang were documented."),
    ("Du Cheng", "She was held in Chengdu."),
    ("Jing Bei", "Flights to Beijing were cancelled."),
    ("Hai Shang", "HE WAS DETAINED IN SHANGHAI."),  # in capitals, outside a handle
]


@pytest.mark.parametrize(("name", "text"), CITIES)
def test_a_city_is_not_replaced_by_a_persons_name_or_description(name, text):
    assert scrubbed(name, text, named=True) == text
    assert scrubbed(name, text, named=False) == text


@pytest.mark.parametrize(("name", "text"), CITIES)
def test_a_city_is_not_blanked_by_the_guards_for_a_person_whose_name_glues_into_it(name, text):
    assert guarded(name, text) == everywhere(text)
    assert RegisterNames([NameSet(1, (name,))]).scrub(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("Write to IvanovDmitry.", f"Write to {WITHHELD}."),  # a capital where the given name begins
    ("Write to @Ivanovdmitry.", f"Write to @{WITHHELD}."),  # after "@", in any case written as a name
    ("Write to @IVANOVDMITRY.", f"Write to @{WITHHELD}."),
    ("See #IvanovDmitry.", f"See #{WITHHELD}."),
    ("Follow Ivanov_Dmitry.", f"Follow {WITHHELD}."),  # glue between the parts of a handle
    ("Follow @Ivanovdmitry85.", f"Follow @{WITHHELD}85."),
])
def test_a_name_glued_family_name_first_is_blanked_where_the_text_shows_its_words(text, shown):
    assert guarded("Dmitry Ivanov", text) == everywhere(shown)


# Review 13: a word that shows no word of the name is read as the name all the same, as before review 12, unless it
# is a place that reads so (``GLUED_PLACES``): a link, a mail address, a handle without its "@" or a word in capitals
# names the person as "@Ivanovdmitry" does.
GLUED_UNSHOWN = [
    ("Write to Ivanovdmitry.", f"Write to {WITHHELD}."),
    ("Write to IVANOVDMITRY.", f"Write to {WITHHELD}."),
    ("FREE IVANOVDMITRY NOW", f"FREE {WITHHELD} NOW"),
    ("Follow Ivanovdmitry85.", f"Follow {WITHHELD}85."),
    ("Telegram user Ivanovdmitry_85 wrote.", f"Telegram user {WITHHELD}_85 wrote."),
    ("Mail Ivanovdmitry85@mail.ru now.", f"Mail {WITHHELD}85@mail.ru now."),
]


@pytest.mark.parametrize(("text", "shown"), GLUED_UNSHOWN)
def test_a_name_glued_family_name_first_that_shows_no_word_is_blanked_all_the_same(text, shown):
    assert guarded("Dmitry Ivanov", text) == everywhere(shown)
    assert scrubbed("Dmitry Ivanov", text, named=False) == shown.replace(WITHHELD, "a defender")


@pytest.mark.parametrize(("name", "text", "glued"), [
    ("Dmitry Ivanov", "See https://x.com/Ivanovdmitry now.", "ivanovdmitry"),
    ("Dmitry Ivanov", "See https://t.me/IVANOVDMITRY now.", "ivanovdmitry"),
    ("Dmitry Ivanov", "His site Ivanovdmitry.ru", "ivanovdmitry"),
    ("José Núñez", "Write to Nunezjose.", "nunezjose"),
    ("José Núñez", "Write to Núñezjosé.", "núñezjosé"),
])
def test_a_name_glued_family_name_first_in_a_link_or_a_site_is_never_printed(name, text, glued):
    for shown in (*guarded(name, text).values(), scrubbed(name, text, named=False)):
        assert glued not in shown.casefold()


@pytest.mark.parametrize(("name", "text"), [
    ("Hai Shang", "Follow @Shanghai and #Shanghai."),  # a place after "@" or "#" too
    ("Jiang Xin", "See #Xinjiang and https://x.com/XINJIANG."),
    ("Hai Shang", "Flights to SHANGHAI85 and shanghai."),
    ("Noi Ha", "Protests in Hanoi."),
    ("San Bu", "Flights to Busan and Đà Nẵng."),
])
def test_a_place_that_reads_as_a_name_glued_family_name_first_stays_wherever_it_is_written(name, text):
    assert guarded(name, text) == everywhere(text)
    assert RegisterNames([NameSet(1, (name,))]).scrub(text) == text
    assert scrubbed(name, text, named=True) == text


def test_a_city_written_with_its_words_shown_is_read_as_the_name():
    """What the rule cannot tell apart: "ShangHai" shows the words of "Hai Shang" glued family name first as
    "IvanovDmitry" does; "Shanghai" is the city."""
    assert scrubbed("Hai Shang", "Meet ShangHai today.", named=False) == "Meet a defender today."
    assert guarded("Hai Shang", "Follow @ShangHai.") == everywhere(f"Follow @{WITHHELD}.")


# ---------------------------------------------------------------- B: a name glued in a handle without digits

GLUED = [
    ("Ahmed Mansoor", "Supporters used #FreeAhmedMansoor.", f"Supporters used #Free{WITHHELD}."),
    ("Dmitry Ivanov", "He posts as @DmitryIvanovOfficial.", f"He posts as @{WITHHELD}Official."),
    ("Dmitry Ivanov", "He posts as @RealDmitryIvanov.", f"He posts as @Real{WITHHELD}."),
    ("Dmitry Ivanov", "He posts as @IvanovDmitryNews.", f"He posts as @{WITHHELD}News."),
    ("Maryam Al-Khawaja", "Follow @MaryamAlKhawaja.", f"Follow @{WITHHELD}."),
    ("Maryam Al-Khawaja", "Follow @MARYAMALKHAWAJA.", f"Follow @{WITHHELD}."),  # hyphen left out
    ("Maryam Al-Khawaja", "Follow @Maryam_Alkhawaja.", f"Follow @{WITHHELD}."),  # particle fused
    ("Maryam Al-Khawaja", "Follow @AlKhawajaMaryam85.", f"Follow @{WITHHELD}85."),  # family name first
    ("Maryam Al-Khawaja", "Follow @AlkhawajaMaryam.", f"Follow @{WITHHELD}."),
    ("José Núñez García", "Follow @NunezGarciaJose.", f"Follow @{WITHHELD}."),  # two family names first
    ("Sean O'Brien", "Follow @SeanOBrien.", f"Follow @{WITHHELD}."),  # apostrophe left out
]


@pytest.mark.parametrize(("name", "text", "shown"), GLUED)
def test_a_withheld_name_glued_in_a_handle_is_blanked_by_every_guard(name, text, shown):
    assert guarded(name, text) == everywhere(shown)
    assert RegisterNames([NameSet(1, (name,))]).scrub(text) == shown


@pytest.mark.parametrize(("name", "text", "shown"), GLUED)
def test_a_name_glued_in_a_handle_is_scrubbed_to_the_partys_marker(name, text, shown):
    assert scrubbed(name, text, named=False) == shown.replace(WITHHELD, "a defender")
    assert name.split()[0] in scrubbed(name, text, named=True)


@pytest.mark.parametrize("text", [
    "Photos taken on an iPhone were posted to YouTube, WhatsApp and LinkedIn near a McDonald's.",
    "Follow @ZulfiqarovGeneva and @CentreBahrain.",  # a word of a name glued to another word; an organisation
    "Follow @Mali2025.",
])
def test_ordinary_words_glued_with_a_capital_stay(text):
    parties = [NameSet(1, ("Phone Myint",)), NameSet(2, ("Donald Tusk",)), NameSet(3, ("Ali Zulfiqarov",)),
               NameSet(4, ("Bahrain Centre",), individual=False), NameSet(5, ("Mohammed Ali",))]
    assert Guard(parties)(text) == text
    assert RegisterNames(parties).guard(text) == text
    assert RegisterNames(parties).scrub(text) == text
    assert scrub(text, parties) == text


# ---------------------------------------------------------------- C: a name ended in a handle, family name first


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Dmitry Ivanov", "Ivanov Dmitry_85 wrote.", f"{WITHHELD}_85 wrote."),
    ("Dmitry Ivanov", "Ivanov @Dmitry85 wrote.", f"{WITHHELD}85 wrote."),
    ("Dmitry Ivanov", "Ivanov, @Dmitry85 wrote.", f"{WITHHELD}85 wrote."),
    ("Abdulhadi Al-Khawaja", "Al-Khawaja Abdulhadi_85 wrote.", f"{WITHHELD}_85 wrote."),
    ("Abdulhadi Al-Khawaja", "Abdulhadi Al’Khawaja_85 wrote.", f"{WITHHELD}_85 wrote."),  # an apostrophe
    ("Abdulhadi Al-Khawaja", "Abdulhadi Al–Khawaja_85 wrote.", f"{WITHHELD}_85 wrote."),  # an en dash
    ("José Núñez García", "Núñez García, José_85 wrote.", f"{WITHHELD}_85 wrote."),
])
def test_what_the_guards_blank_in_words_they_blank_when_the_name_ends_in_a_handle(name, text, shown):
    assert guarded(name, text) == everywhere(shown)


@pytest.mark.parametrize("text", ["Dmitry @Ivanov wrote.", "Dmitry-Ivanov wrote.", "Dmitry  Ivanov wrote."])
def test_the_guard_of_a_page_blanks_a_name_whatever_stands_between_its_words(text):
    assert guarded("Dmitry Ivanov", text) == everywhere(f"{WITHHELD} wrote.")


@pytest.mark.parametrize("text", [
    "ivanov dmitry_85 wrote.",  # family name first: written as names only
    "Ivanov. Dmitry_85 wrote.",  # a full stop parts two sentences
    "Dmitry, Ivanov_85 wrote.",  # a comma only after a family name written first
])
def test_a_name_ended_in_a_handle_family_name_first_is_read_only_as_in_words(text):
    assert guarded("Dmitry Ivanov", text) == everywhere(text)


def test_an_organisations_name_ended_in_a_handle_is_never_read_family_name_first():
    organisation = NameSet(1, ("Bahrain Centre",), individual=False)
    assert RegisterNames([organisation]).guard("Follow Centre @Bahrain_2024") == "Follow Centre @Bahrain_2024"
    assert Guard([organisation])("Follow Centre, @Bahrain_2024") == "Follow Centre, @Bahrain_2024"


def test_scrubbing_marks_a_name_ended_in_a_handle_family_name_first_as_the_party():
    """A family name too short to be marked on its own ("Li") is marked with the given name that ends in the handle."""
    assert scrub("Li, Wei_85 wrote.", [NameSet(1, ("Wei Li",))]) == "⟦p:1⟧_85 wrote."


# ---------------------------------------------------------------- D: every guard reads a glued name alike


@pytest.mark.parametrize(("text", "shown"), [
    ("Follow @dmitryivanov.", f"Follow @{WITHHELD}."),  # glued given name first, in lower case, as a handle
    ("Follow dmitryivanov85.", f"Follow {WITHHELD}85."),
])
def test_the_register_guard_blanks_a_name_glued_in_lower_case_in_a_handle_as_the_page_guard_does(text, shown):
    assert guarded("Dmitry Ivanov", text) == everywhere(shown)


def test_a_name_glued_in_lower_case_outside_a_handle_is_left_to_the_page_guard():
    """The register holds every name: "willpower" is not blanked for a "Will Power" of another case."""
    assert RegisterNames([NameSet(1, ("Will Power",))]).guard("Sheer willpower.") == "Sheer willpower."


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "shown"), [
    ("Follow @dmitryivanov.", f"Follow @{WITHHELD}."),
    ("Follow @RajabNabeel.", f"Follow @{WITHHELD}."),  # glued family name first, its words shown
    ("Follow @Rajabnabeel.", f"Follow @{WITHHELD}."),  # glued family name first after "@"
    ("Follow dmitryivanov85.", f"Follow {WITHHELD}85."),
])
def test_the_erased_names_guard_reads_a_glued_name_as_the_other_guards_do(text, shown):
    from reprisals.cases.models import ErasedNameKey

    rows = [*ErasedNames.rows(["Dmitry Ivanov"], individual=True), *ErasedNames.rows(["Nabeel Rajab"], individual=True)]
    register = RegisterNames(erased=ErasedNames(rows, ErasedNameKey.current()))
    assert register.guard(text) == shown
    assert Redactor({}, [], register).text(text) == shown
