"""A text is scanned once for words glued as a handle glues them ("@DmitryIvanov85", "Dmitry_Ivanov"), however many
steps of the public redaction it passes: the guard of the register (``RegisterNames.guard``: the register's names,
then the erased names), then the guard of the paragraph's parties (``Guard``) for a public page (``Redactor.text``),
the scrubbing of the register's names (``RegisterNames.scrub``) and the check of a description (``names_anyone``).
What blanks a name ("[…]") or marks it ("⟦p:1⟧") glues nothing, so what the first step read holds for the text it
hands on; what a marker resolves to is read where it is put in, with the characters beside it."""
from __future__ import annotations

import pytest

from reprisals.reports import redaction
from reprisals.reports.redaction import (
    WITHHELD,
    ErasedNames,
    Guard,
    NameSet,
    PartyView,
    Redactor,
    RegisterNames,
    party_marker,
    resolve,
)

DMITRY = NameSet(1, ("Dmitry Ivanov",))
TEXTS = [
    "Dmitry Ivanov met the Special Rapporteur in Geneva on 12 May 2024 (A/HRC/55/1); José Núñez was there too.",
    "He posted as @DmitryIvanov85, then as Dmitry_Ivanov_official and @JoseNunez1985, on 12 May 2024, in Geneva.",
    "Дмитрий Иванов встретился с докладчиком 12 мая 2024 года в Женеве; Follow @IvanovDmitry1985 and @Mali2025.",
]


@pytest.fixture
def register(db):
    from reprisals.cases.models import ErasedNameKey

    erased = ErasedNames(ErasedNames.rows(["José Núñez"], individual=True), ErasedNameKey.current())
    return RegisterNames([DMITRY, NameSet(2, ("Bahrain Centre",), individual=False)], erased)


@pytest.fixture
def scans(monkeypatch):
    """The texts of more than 40 characters scanned for handles (not the few characters around what a marker
    resolved to)."""
    seen: list[str] = []
    scan = redaction._has_handles

    def counted(text: str) -> bool:
        if len(text) > 40:
            seen.append(text)
        return scan(text)

    monkeypatch.setattr(redaction, "_has_handles", counted)
    return seen


@pytest.mark.parametrize("text", TEXTS)
def test_a_public_pages_text_is_scanned_for_handles_once_through_both_guards(register, scans, text):
    marked = f"{party_marker(3)} wrote: {text}"
    redactor = Redactor({3: PartyView(3, "a journalist", "Maryam Al-Khawaja")}, [DMITRY], register)
    shown = redactor.text(marked)
    assert "Ivanov" not in shown and "Nunez" not in shown and "Иванов" not in shown
    assert len(scans) == 1


@pytest.mark.parametrize("text", TEXTS)
def test_the_registers_guard_and_scrubbing_scan_a_text_for_handles_once(register, scans, text):
    for step in (register.guard, register.scrub):
        scans.clear()
        assert "Ivanov" not in step(text) and "Nunez" not in step(text)
        scans.clear()
        step(text)
        assert len(scans) == 1, step


@pytest.mark.parametrize(("text", "names"), [
    *((text, True) for text in TEXTS),
    ("A defender met the Special Rapporteur on 12 May 2024 (A/HRC/55/1); follow @Mali2025 and @Bakri_Geneva.", False),
])
def test_whether_a_description_names_anyone_is_read_with_one_scan_for_handles(register, scans, text, names):
    assert register.names_anyone(text) is names
    assert len(scans) == 1


@pytest.mark.parametrize("text", TEXTS)
def test_the_redactor_prints_what_the_guards_print_one_after_the_other(register, text):
    views = {3: PartyView(3, "a journalist", "Maryam Al-Khawaja"), 4: PartyView(4, "a lawyer")}
    for marked in (text, f"{party_marker(3)} and {party_marker(4)}: {text}", f"@{party_marker(4)}85 {text}"):
        one_by_one = Guard([DMITRY])(resolve(register.guard(marked), views))
        assert Redactor(views, [DMITRY], register).text(marked) == one_by_one


def test_a_handle_glued_only_once_the_markers_resolve_is_still_read_in_its_parts():
    """"⟦p:2⟧_⟦p:3⟧" glues nothing; resolved, "Dmitry_Ivanov" does, and the guard of the withheld Dmitry Ivanov (a
    namesake of the two named) reads it in its parts though the text it was given held no handle."""
    views = {2: PartyView(2, "a lawyer", "Dmitry"), 3: PartyView(3, "a journalist", "Ivanov")}
    text = f"Follow {party_marker(2)}_{party_marker(3)} on X."
    assert resolve(text, views) == "Follow Dmitry_Ivanov on X."
    assert Redactor(views, [DMITRY]).text(text) == f"Follow {WITHHELD} on X."
    assert Redactor(views, [DMITRY], RegisterNames([NameSet(9, ("Nader Bakri",))])).text(text) == (
        f"Follow {WITHHELD} on X.")
