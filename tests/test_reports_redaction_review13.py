"""How the register's guard reads a name glued given name first in lower case in a link or a mail address (review 13).

The register holds every name of every case, so it reads a name of several words glued in lower case
("dmitryivanov") only where a text writes an account so: after "@" or "#" ("@dmitryivanov"), in a handle with digits
("dmitryivanov85"), and, as the guard of a page does, in a link's path or host and a mail address's user part
("x.com/dmitryivanov", "dmitryivanov.ru", "dmitryivanov@mail.ru"). Never in a sentence: "Sheer willpower." stays for
a "Will Power" of another case. The erased names' guard reads them alike."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import WITHHELD, ErasedNames, Guard, NameSet, Redactor, RegisterNames, scrub
from tests.redaction_guards import everywhere, guarded

IN_LINKS = [
    ("See https://x.com/dmitryivanov now.", f"See https://x.com/{WITHHELD} now."),
    ("See x.com/dmitryivanov/status/1 now.", f"See x.com/{WITHHELD}/status/1 now."),
    ("See dmitryivanov@mail.ru now.", f"See {WITHHELD}@mail.ru now."),
    ("See https://dmitryivanov.ru now.", f"See https://{WITHHELD}.ru now."),
    ("See dmitryivanov.ru.", f"See {WITHHELD}.ru."),
    ("See https://example.org/?u=dmitryivanov now.", f"See https://example.org/?u={WITHHELD} now."),
]


@pytest.mark.parametrize(("text", "shown"), IN_LINKS)
def test_the_register_guard_blanks_a_name_glued_in_lower_case_in_a_link_as_the_page_guard_does(text, shown):
    assert guarded("Dmitry Ivanov", text) == everywhere(shown)


@pytest.mark.parametrize("text", [
    "Sheer willpower.",
    "Sheer willpower. Then more.",
    "Sheer willpower, and more.",
    "Sheer willpower.Then more.",  # a full stop without its space, before a capital: no host
])
def test_a_name_glued_in_lower_case_in_a_sentence_stays_for_the_register(text):
    assert RegisterNames([NameSet(1, ("Will Power",))]).guard(text) == text


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "shown"), [
    *IN_LINKS,
    ("See https://x.com/Rajabnabeel now.", f"See https://x.com/{WITHHELD} now."),  # family name first, as a name
    ("Mail Rajabnabeel@mail.ru now.", f"Mail {WITHHELD}@mail.ru now."),
])
def test_the_erased_names_guard_blanks_a_name_glued_in_a_link_as_the_other_guards_do(text, shown):
    from reprisals.cases.models import ErasedNameKey

    rows = [*ErasedNames.rows(["Dmitry Ivanov"], individual=True), *ErasedNames.rows(["Nabeel Rajab"], individual=True)]
    register = RegisterNames(erased=ErasedNames(rows, ErasedNameKey.current()))
    assert register.guard(text) == shown
    assert Redactor({}, [], register).text(text) == shown


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Nabeel Rajab", "Follow Rajabnabeel85.", f"Follow {WITHHELD}85."),  # family name first in a handle, no "@"
    ("Nabeel Rajab", "Follow Rajabnabeel_85.", f"Follow {WITHHELD}_85."),
    ("Hai Shang", "Follow @Shanghai and x.com/Shanghai and Shanghai2025.",
     "Follow @Shanghai and x.com/Shanghai and Shanghai2025."),  # a place (``GLUED_PLACES``), as the other guards
    ("Jiang Xin", "See #Xinjiang.", "See #Xinjiang."),
])
def test_the_erased_names_guard_reads_a_name_glued_family_name_first_in_a_handle_as_the_other_guards_do(
        name, text, shown):
    from reprisals.cases.models import ErasedNameKey

    register = RegisterNames(erased=ErasedNames(ErasedNames.rows([name], individual=True), ErasedNameKey.current()))
    assert register.guard(text) == shown
    assert guarded(name, text) == everywhere(shown)


@pytest.mark.parametrize(("text", "shown"), [
    ("See dmitry.ivanov@mail.ru now.", f"See {WITHHELD}@mail.ru now."),
    ("See Dmitry.Ivanov@mail.ru now.", f"See {WITHHELD}@mail.ru now."),
    ("See https://x.com/dmitry.ivanov now.", f"See https://x.com/{WITHHELD} now."),
])
def test_the_guard_of_a_page_blanks_a_name_whose_words_a_dot_parts_in_a_mail_address_or_a_link(text, shown):
    """As the register's guard already did: a page's guard no longer prints what the register blanks."""
    assert guarded("Dmitry Ivanov", text) == everywhere(shown)


def test_a_full_stop_and_a_space_still_part_two_sentences_for_the_guard_of_a_page():
    text = "He met Dmitry. Ivanov was not there."
    assert Guard(["Dmitry Ivanov"])(text) == text


def test_the_scrubbing_marks_a_name_whose_words_a_dot_parts_as_the_party():
    assert scrub("Mail dmitry.ivanov@mail.ru now.", [NameSet(1, ("Dmitry Ivanov",))]) == "Mail ⟦p:1⟧@mail.ru now."
