"""A name glued in an account handle, as the public redaction reads it: the guards (``reports.redaction.Guard``,
``RegisterNames.guard`` and the ``Redactor`` that applies both) and the scrubbing of free texts (``scrub`` for a case's
own parties, ``RegisterNames.scrub`` for everyone else in the register).

"\\w" holds the underscore and the digits, so "Dmitry_Ivanov", "@DmitryIvanov85" and "@IvanovDmitry1985" are each one
word, which no name is. A word that glues letters to an underscore or to digits is also read in its parts (split at
the underscores, at the runs of digits and where a capital follows a lower-case letter, as the withholding reads a
handle), by the rules a name is read by in words: a name of several words given name first in any case; a name
glued (given name first; a person's family name first too) or of one word where it is written as a name. Only the
name's parts are blanked ("@[…]85"), as the withholding blanks them. A name of one word, or a word of a name, is
blanked only where the handle holds nothing else ("@Zulfiqarov85"), never glued to an ordinary word
("@Zulfiqarov_Geneva", "My_Name_Is"); an organisation's name is never read family name first ("@Centre_Bahrain").
Reading a text in parts costs time linear in its length, and nothing for a text without such a word."""
from __future__ import annotations

import time

import pytest

from reprisals.reports import redaction
from reprisals.reports.redaction import OPEN, WITHHELD, ErasedNames, Guard, NameSet, Redactor, RegisterNames, scrub
from tests.redaction_guards import everywhere, guarded

DMITRY = "Dmitry Ivanov"


# ---------------------------------------------------------------- a person's name glued in a handle


@pytest.mark.parametrize(("text", "shown"), [
    ("Follow Dmitry_Ivanov on X.", f"Follow {WITHHELD} on X."),
    ("Follow @DmitryIvanov85 on X.", f"Follow @{WITHHELD}85 on X."),
    ("Follow @dmitry_ivanov on X.", f"Follow @{WITHHELD} on X."),  # given name first: in any case
    ("Follow @DMITRY_IVANOV_1985 on X.", f"Follow @{WITHHELD}_1985 on X."),
    ("Follow @IvanovDmitry1985 on X.", f"Follow @{WITHHELD}1985 on X."),  # a person's: family name first too
    ("Follow @Ivanov_Dmitry on X.", f"Follow @{WITHHELD} on X."),
    ("Mail dmitry_ivanov85@example.org", f"Mail {WITHHELD}85@example.org"),
    ("Follow @85DmitryIvanov on X.", f"Follow @85{WITHHELD} on X."),
])
def test_every_guard_blanks_a_persons_name_glued_in_a_handle_and_keeps_the_rest_of_the_handle(text, shown):
    assert guarded(DMITRY, text) == everywhere(shown)


@pytest.mark.parametrize("text", ["Follow Dmitry_Ivanov on X.", "Follow @DmitryIvanov85 on X.",
                                  "Follow @dmitry_ivanov on X.", "Follow @IvanovDmitry1985 on X."])
def test_scrubbing_a_free_text_leaves_no_word_of_a_name_glued_in_a_handle(text):
    person = NameSet(1, (DMITRY,))
    assert "ivanov" not in scrub(text, [person]).lower()  # a case's own party: markers, resolved by consent
    assert "ivanov" not in RegisterNames([person]).scrub(text).lower()  # anyone else in the register


def test_a_handle_gluing_a_case_partys_name_is_scrubbed_to_the_partys_marker_and_resolves_by_consent():
    person = NameSet(1, (DMITRY,))
    scrubbed = scrub("Follow @DmitryIvanov85 on X.", [person])
    assert scrubbed == f"Follow @{redaction.party_marker(1)}85 on X."
    named = redaction.PartyView(1, "a human rights defender", DMITRY, ("Dmitry", "Ivanov"))
    assert redaction.resolve(scrubbed, {1: named}) == "Follow @Dmitry Ivanov85 on X."
    assert DMITRY not in redaction.resolve(scrubbed, {1: redaction.PartyView(1, "a human rights defender", None)})


def test_the_guard_blanks_a_glued_name_in_lower_case_as_written_as_it_does_outside_a_handle():
    """``Guard`` blanks "dmitryivanov" in lower case (the name glued, as written); so "dmitryivanov85"."""
    assert Guard([DMITRY])("see dmitryivanov") == f"see {WITHHELD}"
    assert Guard([DMITRY])("see dmitryivanov85") == f"see {WITHHELD}85"


def test_a_name_glued_family_name_first_in_lower_case_stays_in_a_handle_as_outside_one():
    """Family name first a name is read only where written as a name: "ivanovdmitry" stays, so "@ivanov_dmitry"."""
    for text in ("see ivanovdmitry", "see @ivanov_dmitry", "see @ivanovdmitry85"):
        assert guarded(DMITRY, text) == everywhere(text)


def test_a_name_in_another_script_glued_in_a_handle_is_blanked_in_either_script():
    assert guarded("Дмитрий Иванов", "Follow @Дмитрий_Иванов85") == everywhere(f"Follow @{WITHHELD}85")
    assert guarded("Дмитрий Иванов", "Follow @Dmitriy_Ivanov85") == everywhere(f"Follow @{WITHHELD}85")


def test_a_name_in_a_handle_among_other_words_is_blanked_alone():
    text = "He posted as @DmitryIvanov85, then as Dmitry_Ivanov_official, on 12 May 2024."
    assert guarded(DMITRY, text) == everywhere(
        f"He posted as @{WITHHELD}85, then as {WITHHELD}_official, on 12 May 2024.")


# ---------------------------------------------------------------- a name of one word, a word of a name


@pytest.mark.parametrize(("text", "shown"), [
    ("Follow @Zulfiqarov85", f"Follow @{WITHHELD}85"),
    ("Follow ZULFIQAROV_1985", f"Follow {WITHHELD}_1985"),
])
def test_a_name_of_one_word_is_blanked_in_a_handle_holding_nothing_else(text, shown):
    assert guarded("Zulfiqarov", text) == everywhere(shown)


@pytest.mark.parametrize("text", ["Follow @Zulfiqarov_Geneva", "Follow @ZulfiqarovNews2024"])
def test_a_name_of_one_word_glued_to_an_ordinary_word_in_a_handle_stays(text):
    assert guarded("Zulfiqarov", text) == everywhere(text)


def test_a_word_of_someone_elses_name_is_blanked_in_a_handle_holding_nothing_else():
    register = RegisterNames([NameSet(1, ("Nader Bakri",))])
    assert register.scrub("Follow @Bakri1985 on X.") == f"Follow @{WITHHELD}1985 on X."
    assert register.scrub("Follow @NaderBakri_85 on X.") == f"Follow @{WITHHELD}_85 on X."
    assert register.names_anyone("Follow @Bakri1985 on X.")
    assert register.names_anyone("Follow @NaderBakri85 on X.")


@pytest.mark.parametrize("text", ["Follow @Bakri_Geneva on X.", "Follow @bakri1985 on X.", "My_Name_Is Bakri_News"])
def test_a_word_of_someone_elses_name_glued_to_ordinary_words_or_in_lower_case_stays(text):
    register = RegisterNames([NameSet(1, ("Nader Bakri",)), NameSet(2, ("Hope Name",))])
    assert register.scrub(text) == text
    assert not register.names_anyone(text)


@pytest.mark.parametrize(("protected", "text"), [
    ("Mohammed Ali", "Follow @Mali2025 for news of Mali."),  # a country glued to a year: no form of the name
    ("Mohammed Ali", "Read my_name_is_ali and user_2024."),
    ("Will Long", "How long_will it take? long_will_2024"),  # family name first in lower case
])
def test_ordinary_words_glued_in_a_handle_are_not_read_as_a_name(protected, text):
    assert guarded(protected, text) == everywhere(text)


@pytest.mark.django_db
def test_an_erased_persons_name_glued_in_a_handle_is_blanked_as_the_registers_names_are():
    from reprisals.cases.models import ErasedNameKey

    register = RegisterNames(erased=ErasedNames(ErasedNames.rows(["José Núñez"], individual=True),
                                                ErasedNameKey.current()))
    for text, shown in [("Follow @JoseNunez1985", f"Follow @{WITHHELD}1985"),
                        ("Follow @jose_nunez", f"Follow @{WITHHELD}"), ("Follow NUNEZ_85", f"Follow {WITHHELD}_85")]:
        assert register.guard(text) == shown
        assert register.scrub(text) == shown
        assert register.names_anyone(text)
    for text in ("Follow @Nunez_Geneva", "Follow @nunez85"):
        assert register.scrub(text) == text


# ---------------------------------------------------------------- an organisation


ORGANISATION = NameSet(2, ("Bahrain Centre",), individual=False)


def _organisation_guards(text: str) -> dict[str, str]:
    return {"guard": Guard([ORGANISATION])(text), "register guard": RegisterNames([ORGANISATION]).guard(text),
            "redactor": Redactor({}, [ORGANISATION], RegisterNames([ORGANISATION])).text(text)}


@pytest.mark.parametrize("text", ["Follow @Centre_Bahrain", "Follow @CentreBahrain2024"])
def test_an_organisations_name_in_a_handle_is_never_read_family_name_first(text):
    assert _organisation_guards(text) == everywhere(text)


@pytest.mark.parametrize(("text", "shown"), [
    ("Follow @Bahrain_Centre", f"Follow @{WITHHELD}"),
    ("Follow @BahrainCentre2024", f"Follow @{WITHHELD}2024"),
])
def test_an_organisations_name_glued_in_a_handle_as_written_is_blanked(text, shown):
    assert _organisation_guards(text) == everywhere(shown)


# ---------------------------------------------------------------- the cost


def _adversarial(size: int) -> str:
    """``size`` characters of runs that glue letters, marks, digits and underscores without a space, and a handle
    gluing the name at the end."""
    runs = ["a_" * 1000, "a1" * 1000, "a\u0301_" * 700, "aA1" * 700, "Dmitry_" * 300, "_" * 2000, "1" * 2000,
            "Al_" * 700, "a1 " * 700]
    out, length = [], 0
    while length < size:
        for run in runs:
            out.append(run)
            length += len(run)
    return "".join(out)[:size] + " @DmitryIvanov85"


def _seconds(fn, text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - started)
    return best


def test_a_long_text_of_glued_runs_is_read_in_parts_in_time_linear_in_its_length():
    """100 KB take about ten times what 10 KB take (a quadratic reading would take about a hundred times)."""
    names = [NameSet(1, (DMITRY,)), NameSet(2, ("Abdulhadi Al Khawaja Bin Ahmed",)),
             NameSet(3, ("Дмитрий Орлов",)), NameSet(4, ("Zulfiqarov",))]
    register = RegisterNames([*names, *(NameSet(10 + i, (f"Person{i:04d} Family{i:04d}",)) for i in range(500))])
    guards = {"guard": Guard(names), "register guard": register.guard, "register scrub": register.scrub,
              "scrub": lambda text: scrub(text, names)}
    small, large = _adversarial(10_000), _adversarial(100_000)
    for name, fn in guards.items():
        assert "Ivanov" not in fn(large), name
        ratio = _seconds(fn, large) / max(_seconds(fn, small), 1e-4)
        assert ratio < 30, (name, ratio)


def test_a_text_without_a_word_glued_by_an_underscore_or_digits_is_not_read_in_parts(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("read in parts")

    monkeypatch.setattr(redaction, "_handle_words", never)
    text = "Dmitry Ivanov met the Special Rapporteur on 12 May 2024 (A/HRC/55/1) at 10 am; COVID-19 rules applied."
    names = [NameSet(1, (DMITRY,))]
    register = RegisterNames(names)
    assert Guard(names)(text).startswith(WITHHELD)
    assert register.guard(text).startswith(WITHHELD)
    assert register.scrub(text).startswith(WITHHELD)
    assert scrub(text, names).startswith(OPEN)
