"""A character that prints as nothing hides no name from the rule of consent to share with other UN bodies, nor
from an erasure.

The public redaction reads every text and name through one normalising step (``reports.redaction.as_read``):
what will be printed, as it reads. The two other places that blank or scrub names read them the same way:

* the rule of consent to share (``cases.selectors.blank_names``, ``withheld_names``): a withheld name is blanked
  for a focal point of another entity when the text writes it with a control character stored before input
  refused them, a soft hyphen, a zero-width space, a word joiner, a byte order mark or a direction mark inside
  a word, and when the stored name holds one (a legacy "Ali\\x00Hassan", which prints "AliHassan");
* an erasure (``cases.erasure``): the erased name is scrubbed from every other case's texts however either
  the text or the stored name hides a character in it, and the text written back is the text as it reads.

Ordinary words are never blanked for it ("has", "with" are not words of "Ali Has\\x01san"), and a text that
names nobody is shown and kept exactly as written.
"""

from __future__ import annotations

import pytest
from django.db import connection

from reprisals.cases import selectors
from reprisals.cases.erasure import ERASED, NamesToErase, erasure_confirm, erasure_request, scrub
from reprisals.cases.models import AffectedParty, Case
from reprisals.reference.models import Country
from reprisals.reports.redaction import as_read
from reprisals.reports.testdata import make_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NAME = "Ali Hassan"
SHY, ZWSP, ZWJ, LRM, WJ, BOM = "\u00ad", "\u200b", "\u200d", "\u200e", "\u2060", "\ufeff"
HIDDEN = (SHY, ZWSP, ZWJ, LRM, WJ, BOM)

# A legacy name: a character that prints as nothing, stored inside the name.
LEGACY_NAMES = ["Ali\x00Hassan", "Ali\x01Hassan", "Ali\x0bHassan", f"Ali{ZWSP}Hassan", f"Ali{SHY}Hassan",
                f"Ali{WJ}Hassan", f"Ali{BOM}Hassan", f"Ali Has{SHY}san", f"Ali Has{ZWSP}san", "Ali Has\x01san",
                f"Ali Has{WJ}san", f"Ali Has{BOM}san"]
# How a text may mention that person (and, below, the name as stored and as it prints).
MENTIONS = ["Ali Hassan", "ALI HASSAN", "ali hassan", "Mr Hassan"]
# A text holding a character that prints as nothing, while the name is stored clean.
HIDDEN_IN_TEXT = ["Ali\x00 Hassan", "Ali\x00Hassan", "Ali\x0bHassan", f"Ali{ZWSP}Hassan", f"Ali{SHY}Hassan",
                  f"Ali Ha{SHY}ssan", f"Ali Has{ZWSP}san", f"Ali Has{ZWJ}san", f"Ali Has{LRM}san",
                  f"Ali Has{WJ}san", f"Ali Has{BOM}san", f"Ali Has\x01{ZWSP}san", f"A{SHY}li Has{SHY}san",
                  "Ali Has\x01san", "A\x01li Has\x01san", f"Mr Ha{SHY}ssan", "Mr Has\x01san", f"Mr Has{WJ}san",
                  f"Mr Has{BOM}san"]
ORDINARY = "He has worked with lawyers. With time, he has left; Alibi, Hassle and Salih were mentioned."


def _printed(text: str) -> str:
    """What a reader sees: the characters that print as nothing left out."""
    return "".join(c for c in text if c not in HIDDEN and (c >= " " or c in "\t\n\r"))


def _readable(text: str) -> list[str]:
    """The words of the name a reader can read in ``text``."""
    printed = _printed(text).casefold()
    return [w for w in ("ali", "hassan", "has san") if w in printed]


def _glued(stored: str) -> str:
    """The stored name as it prints ("Ali\\x00Hassan" prints "AliHassan")."""
    return as_read(stored).replace(ZWSP, "")


def _withheld(name: str) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=1, name=name, kind="individual")])


# ---------------------------------------------------------------- the rule of consent to share: the selector


@pytest.mark.parametrize("text", HIDDEN_IN_TEXT)
def test_a_character_that_prints_as_nothing_in_a_text_hides_no_withheld_name(text):
    out = selectors.blank_names(f"Then {text} was detained.", _withheld(NAME))
    assert _readable(out) == [], repr(out)
    assert out.startswith("Then ") and out.endswith(" was detained.")


@pytest.mark.parametrize("stored", LEGACY_NAMES)
@pytest.mark.parametrize("mention", MENTIONS)
def test_a_withheld_legacy_name_is_blanked_however_the_text_spells_it(stored, mention):
    out = selectors.blank_names(f"Then {mention} was detained.", _withheld(stored))
    assert _readable(out) == [], repr(out)


@pytest.mark.parametrize("stored", LEGACY_NAMES)
def test_a_withheld_legacy_name_is_blanked_as_stored_and_as_printed(stored):
    for text in (f"Then {stored} was detained.", f"Then {_glued(stored)} was detained."):
        out = selectors.blank_names(text, _withheld(stored))
        assert _readable(out) == [], (text, out)


def test_a_name_stored_glued_by_a_control_character_is_blanked_glued():
    assert selectors.blank_names("Then AliHassan left.", _withheld("Ali\x00Hassan")) == "Then […] left."
    assert selectors.blank_names("Then AliHassan left.", _withheld("Ali\x01Hassan")) == "Then […] left."


@pytest.mark.parametrize("stored", ["Ali Has\x01san", f"Ali Has{SHY}san", "Nad\x01ia With\x01heldname",
                                    f"With{ZWSP}heldname Ann", "Ali\x00Hassan"])
def test_the_pieces_of_a_word_split_by_a_hidden_character_are_not_withheld_words(stored):
    """"Has", "With", "san" are pieces of a name's word, not words of the name: they are neither withheld nor
    blanked, while the whole word is."""
    names = _withheld(stored)
    assert not {"has", "san", "with", "nad", "heldname"} & set(names.names), names.names
    assert selectors.blank_names(ORDINARY, names) == ORDINARY


def test_a_text_that_names_nobody_is_shown_exactly_as_written():
    """Its soft hyphens and direction marks too: a focal point may still read and change it."""
    text = f"A trans{SHY}lation of the statement \u05e9\u05dc\u05d5\u05dd {LRM}was received."
    assert selectors.blank_names(text, _withheld(NAME)) is text


def test_a_blanked_text_is_shown_as_it_reads():
    out = selectors.blank_names(f"Mr Ha{SHY}ssan told his lawyer of\x01ten.", _withheld(NAME))
    assert out == "Mr […] told his lawyer often."


# ---------------------------------------------------------------- what a focal point of another entity reads


def _control() -> str:
    """NUL where the database can hold one (SQLite); PostgreSQL cannot store NUL, so U+0001 there."""
    return "\x00" if connection.vendor == "sqlite" else "\x01"


@pytest.fixture
def hidden_case(officer, new_case, also_reported_by_cat):
    """ISHR reported Ali Hassan; the Committee against Torture later sent an allegation on the same case; no
    consent to share with other UN bodies is recorded. The texts (stored past the input checks, as legacy
    texts were) hide a character inside the name."""

    def make(*, stored: str, title: str, summary: str, description: str) -> Case:
        case = new_case(name=NAME, title="Detention of a defender")
        AffectedParty.objects.filter(case=case).update(name=stored)
        incident = case.incidents.get()
        type(incident).objects.filter(pk=incident.pk).update(description=description)
        Case.objects.filter(pk=case.pk).update(title=title, summary=summary)
        return also_reported_by_cat(case)

    return make


FOCAL_POINT_READS = {
    "clean name, text with a soft hyphen and a control character": dict(
        stored=NAME, title=f"Detention of Ali Ha{SHY}ssan", summary="Mr Has{C}san is held incommunicado.",
        description=f"A{SHY}li Has{ZWSP}san was stopped at the border."),
    "clean name, text with a word joiner and a byte order mark": dict(
        stored=NAME, title=f"Detention of Ali Has{WJ}san", summary=f"Mr Has{BOM}san is held incommunicado.",
        description="Ali{C}Hassan was stopped at the border."),
    "legacy name glued by a control character": dict(
        stored="Ali{C}Hassan", title="Detention of AliHassan", summary="Mr Hassan is held incommunicado.",
        description="Ali Hassan was stopped at the border."),
    "legacy name with a control character inside a word": dict(
        stored="Ali Has{C}san", title="Detention of Ali Hassan", summary="Mr Has{C}san is held incommunicado.",
        description="ALI HASSAN was stopped at the border."),
    "legacy name with a soft hyphen": dict(
        stored=f"Ali Has{SHY}san", title="Detention of Ali Hassan", summary=f"Mr Ha{SHY}ssan is held incommunicado.",
        description="Ali Hassan was stopped at the border."),
}


@pytest.mark.parametrize("example", list(FOCAL_POINT_READS))
def test_the_case_api_and_page_show_another_entitys_focal_point_no_hidden_spelling(hidden_case, cat_focal, officer,
                                                                                  api_as, example):
    spec = {key: value.replace("{C}", _control()) for key, value in FOCAL_POINT_READS[example].items()}
    case = hidden_case(**spec)
    body = api_as(cat_focal).get(f"/api/v1/cases/{case.pk}").json()
    assert _readable(body["title"]) == [] and _readable(body["summary"]) == [], body
    assert "held incommunicado" in body["summary"]
    assert body["parties"][0]["name"] == ""
    incident = case.incidents.get()
    shown = api_as(cat_focal).get(f"/api/v1/incidents/{incident.pk}").json()
    assert _readable(shown["description"]) == [] and "stopped at the border" in shown["description"], shown
    page = client_for(cat_focal).get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    printed = _printed(page.content.decode())
    assert "held incommunicado" in printed
    assert [w for w in ("Hassan", "HASSAN", "AliHassan", "Has san") if w in printed] == [], example
    # OHCHR staff read the texts as written.
    assert api_as(officer).get(f"/api/v1/cases/{case.pk}").json()["summary"] == spec["summary"]


# ---------------------------------------------------------------- an erasure


@pytest.fixture
def egypt(reference) -> Country:
    return Country.objects.get(iso3="EGY")


def _erase(party: AffectedParty, officer, reviewer) -> None:
    erasure_confirm(actor=reviewer, request=erasure_request(actor=officer, party=party, reason="His request."))


@pytest.mark.parametrize("text", HIDDEN_IN_TEXT)
def test_the_erasure_scrub_reads_a_text_as_printed(text):
    names = NamesToErase(["Ali Hassan"])
    names.words = frozenset({"ali", "hassan"})
    out = scrub(f"Then {text} was detained.", names)
    assert "hassan" not in _printed(out).casefold() and "has san" not in _printed(out).casefold(), repr(out)


ERASURE_TEXTS = [
    f"Ali Has{SHY}san", f"A{SHY}li Has{SHY}san", "Ali{C}Hassan", f"Ali Has{ZWSP}san", f"Ali Has{WJ}san",
    f"Ali Has{BOM}san", "ALI HAS{C}SAN",
]


@pytest.mark.parametrize("mention", ERASURE_TEXTS)
def test_an_erased_name_hidden_by_a_character_in_another_cases_text_does_not_survive(egypt, officer, reviewer,
                                                                                    mention):
    """Another Ali remains in the register, so "Ali" alone is not scrubbed: the texts are found by the whole name
    as it reads, not only by a word the database could match."""
    mention = mention.replace("{C}", _control())
    erased = make_case(actor=officer, country=egypt, name=NAME)
    make_case(actor=officer, country=egypt, name="Ali Mansour")
    other = make_case(actor=officer, country=egypt, name="Publicly Named Sister",
                      summary="Detained with her colleague.")
    Case.objects.filter(pk=other.pk).update(summary=f"Detained with her colleague {mention}, who has left.")
    _erase(erased.parties.get(name=NAME), officer, reviewer)

    summary = Case.objects.get(pk=other.pk).summary
    assert "hassan" not in _printed(summary).casefold() and "has san" not in _printed(summary).casefold(), summary
    assert summary.startswith("Detained with her colleague ") and summary.endswith(", who has left.")
    assert ERASED in summary
    # Written back as it reads: no control character, nothing invisible left inside a word.
    assert summary == as_read(summary) and not any(c in summary for c in (SHY, WJ, BOM, "\x00", "\x01"))


# A name glued by a character that prints as nothing prints glued ("AliHassan"); the others print spaced.
LEGACY_MENTIONS = [(stored, mention) for stored in ("Ali{C}Hassan", f"Ali{ZWSP}Hassan")
                   for mention in ("Ali Hassan", "AliHassan", "Mr Hassan")]
LEGACY_MENTIONS += [(stored, mention) for stored in (f"Ali Has{SHY}san", "Ali Has{C}san")
                    for mention in ("Ali Hassan", "Mr Hassan")]


@pytest.mark.parametrize(("stored", "mention"), LEGACY_MENTIONS)
def test_an_erased_legacy_name_is_scrubbed_as_the_text_writes_it(egypt, officer, reviewer, stored, mention):
    stored = stored.replace("{C}", _control())
    erased = make_case(actor=officer, country=egypt, name=NAME)
    AffectedParty.objects.filter(case=erased).update(name=stored)
    other = make_case(actor=officer, country=egypt, name="Publicly Named Sister",
                      summary=f"Detained with her colleague {mention}, who has left.")
    _erase(erased.parties.get(), officer, reviewer)

    summary = Case.objects.get(pk=other.pk).summary
    assert "hassan" not in summary.casefold(), summary
    assert summary == f"Detained with her colleague {'Mr ' if mention == 'Mr Hassan' else ''}{ERASED}, who has left."


def test_an_erasure_leaves_ordinary_words_and_texts_naming_someone_else_as_written(egypt, officer, reviewer):
    """"Has" and "san" are pieces of a word of "Ali Has\\x01san", not words of it; and a text that does not
    name the person keeps its soft hyphens and joiners."""
    erased = make_case(actor=officer, country=egypt, name=NAME)
    AffectedParty.objects.filter(case=erased).update(name=f"Ali Has{_control()}san")
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # a zero-width non-joiner shapes the word
    untouched = f"He has worked with lawyers in San Remo; a trans{SHY}lation {persian}."
    other = make_case(actor=officer, country=egypt, name="Publicly Named Sister", summary="Detained.")
    Case.objects.filter(pk=other.pk).update(summary=untouched)
    _erase(erased.parties.get(), officer, reviewer)
    assert Case.objects.get(pk=other.pk).summary == untouched


@pytest.mark.parametrize("held", [f"Ali Has{SHY}san", "ALI HAS{C}SAN", f"Ali{WJ} Hassan"])
def test_a_case_whose_party_still_bears_the_name_behind_a_hidden_character_keeps_its_texts(egypt, officer, reviewer,
                                                                                          held):
    """Another record of the person (or a namesake), stored with a character that prints as nothing: that case's
    texts are about its own party and keep the name, as they do for the name written plainly."""
    erased = make_case(actor=officer, country=egypt, name=NAME)
    kept = make_case(actor=officer, country=egypt, name="Rania Bystander",
                     summary="Ali Hassan was detained again; Mr Hassan is held.")
    AffectedParty.objects.filter(case=kept).update(name=held.replace("{C}", _control()))
    _erase(erased.parties.get(), officer, reviewer)
    assert Case.objects.get(pk=kept.pk).summary == "Ali Hassan was detained again; Mr Hassan is held."
