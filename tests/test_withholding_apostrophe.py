"""The withholding from other entities' focal points, and the erasure's scrubbing, read a Ukrainian name with an
apostrophe ("Мар'яна", "В'ячеслав") as one word, whichever of "'" (U+0027), "’" (U+2019) and "ʼ" (U+02BC) the register
or the text writes, as the public redaction reads it (``reports.redaction.APOSTROPHE``): the name is withheld (and
erased) in any of them, in the forms the withholding already caught, and no piece of it ("Мар", "Яна") is a word of
the name, nor is a piece of another word ("Яна" of "Мар'яна") taken for the name "Яна"."""
from __future__ import annotations

import pytest

from reprisals.cases import selectors
from reprisals.cases.erasure import ERASED, _erased_names, erasure_confirm, erasure_request, scrub
from reprisals.cases.models import AffectedParty
from reprisals.reference.models import Country
from reprisals.reports.testdata import make_case

APOSTROPHES = ["'", "\u2019", "\u02bc"]
MARK = selectors.WITHHELD_MARK


def withheld(name: str) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=1, name=name, name_variants=[], kind="individual")])


def shown(name: str, text: str) -> str:
    return selectors.blank_names(text, withheld(name))


@pytest.mark.parametrize("stored", APOSTROPHES)
@pytest.mark.parametrize("written", APOSTROPHES)
@pytest.mark.parametrize(("name", "text", "expected"), [
    ("Мар{}яна Петренко", "Мар{}яна Петренко прийшла.", "{m} прийшла."),
    ("Мар{}яна Петренко", "Справа Мар{}яни Петренко.", "Справа {m}."),  # declined
    ("Мар{}яна Петренко", "Мар{}яна прийшла.", "{m} прийшла."),  # the given name alone
    ("Мар{}яна Петренко", "Справа Петренко.", "Справа {m}."),  # the family name alone
    ("В{}ячеслав Чорновіл", "Лист В{}ячеславу Чорноволу.", "Лист {m}."),
    ("Ігор Лук{}яненко", "Лист Ігорю Лук{}яненку.", "Лист {m}."),
    ("Ігор Лук{}яненко", "Лук{}яненко писав.", "{m} писав."),
])
def test_a_name_with_an_apostrophe_is_withheld_whichever_apostrophe_either_writes(stored, written, name, text,
                                                                                  expected):
    assert shown(name.format(stored), text.format(written)) == expected.format(m=MARK)


@pytest.mark.parametrize("stored", APOSTROPHES)
@pytest.mark.parametrize("text", ["Яна прийшла.", "Мар прийшов.", "Справа Яни."])
def test_a_piece_of_a_word_with_an_apostrophe_is_no_word_of_the_withheld_name(stored, text):
    assert shown(f"Мар{stored}яна Петренко", text) == text


@pytest.mark.parametrize("stored", APOSTROPHES)
def test_no_word_nor_handle_form_of_the_withheld_name_is_a_piece_of_a_word_with_an_apostrophe(stored):
    held = withheld(f"Мар{stored}яна Петренко")
    assert not {"мар", "яна", "Мар", "Яна"} & set(held.names)
    assert held.handle_forms == {"mpetrenko", "petrenkom", "pmaryana", "maryanap"}


@pytest.mark.parametrize("written", APOSTROPHES)
@pytest.mark.parametrize(("text", "expected"), [
    ("Мар{}яна Петренко прийшла.", "Мар{}яна {m} прийшла."),  # "Яна" is no piece of "Мар'яна"
    ("Справа Мар{}яни Петренко.", "Справа Мар{}яни {m}."),
    ("Мар{}яна прийшла.", "Мар{}яна прийшла."),
])
def test_the_name_yana_is_not_withheld_inside_another_word_with_an_apostrophe(written, text, expected):
    assert shown("Яна Петренко", text.format(written)) == expected.format(written, m=MARK)


@pytest.mark.parametrize("stored", APOSTROPHES)
def test_a_name_with_an_apostrophe_romanised_is_still_withheld(stored):
    assert shown(f"Мар{stored}яна Петренко", "Maryana Petrenko came.") == f"{MARK} came."


@pytest.mark.parametrize("stored", APOSTROPHES)
@pytest.mark.parametrize("written", APOSTROPHES)
def test_the_erasure_scrubs_a_name_with_an_apostrophe_whichever_apostrophe_either_writes(stored, written):
    text = f"Мар{written}яна Петренко прийшла. Яна теж."
    assert scrub(text, [f"Мар{stored}яна Петренко"]) == f"{ERASED} прийшла. Яна теж."


@pytest.mark.django_db
@pytest.mark.parametrize("stored", APOSTROPHES)
@pytest.mark.parametrize("written", APOSTROPHES)
def test_the_erasure_scrubs_a_word_of_the_name_with_an_apostrophe_alone_and_no_piece_of_it(stored, written):
    names = _erased_names([f"Мар{stored}яна Петренко"], True)
    text = f"Тоді Мар{written}яна прийшла. Яна і Мар теж."
    assert scrub(text, names) == f"Тоді {ERASED} прийшла. Яна і Мар теж."


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["\u2019", "\u02bc"])
def test_an_erasure_scrubs_the_name_from_another_case_written_with_another_apostrophe(reference, officer, reviewer,
                                                                                     written):
    egypt = Country.objects.get(iso3="EGY")
    erased = make_case(actor=officer, country=egypt, name="Мар'яна Петренко", incident="2015-08",
                       consents={"raise_with_state": False, "publish_name": False, "publish_anonymously": False})
    other = make_case(actor=officer, country=egypt, name="Олена Іваненко",
                      summary=f"Олена Іваненко і Мар{written}яна Петренко. Мар{written}яна прийшла, Яна теж.")
    erasure_confirm(actor=reviewer, request=erasure_request(
        actor=officer, party=erased.parties.get(name="Мар'яна Петренко"), reason="Her request."))
    other.refresh_from_db()
    assert other.summary == f"Олена Іваненко і {ERASED}. {ERASED} прийшла, Яна теж."


#: The other marks the public redaction reads as the one apostrophe (``reports.redaction.APOSTROPHE_IN_WORD``, the one
#: definition every path reads): a backtick, a left quotation mark, a modifier prime, a prime, and one doubled.
OTHER_APOSTROPHES = ["`", "\u2018", "\u02b9", "\u2032", "''"]


@pytest.mark.parametrize("written", OTHER_APOSTROPHES)
def test_the_erasure_scrubs_a_name_whichever_mark_the_redaction_reads_as_an_apostrophe(written):
    text = f"Мар{written}яна Петренко прийшла. Яна теж."
    assert scrub(text, ["Мар'яна Петренко"]) == f"{ERASED} прийшла. Яна теж."


@pytest.mark.parametrize("stored", OTHER_APOSTROPHES)
def test_the_erasure_scrubs_a_name_stored_with_another_mark_for_its_apostrophe(stored):
    assert scrub("Мар\u2019яна Петренко прийшла.", [f"Мар{stored}яна Петренко"]) == f"{ERASED} прийшла."


@pytest.mark.django_db
@pytest.mark.parametrize("written", OTHER_APOSTROPHES)
def test_the_erasure_scrubs_a_word_alone_whichever_mark_and_no_piece_of_it(written):
    names = _erased_names(["Мар'яна Петренко"], True)
    text = f"Тоді Мар{written}яна прийшла. Яна і Мар теж."
    assert scrub(text, names) == f"Тоді {ERASED} прийшла. Яна і Мар теж."


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["`", "''"])
def test_an_erasure_finds_the_other_case_whose_text_writes_another_mark(reference, officer, reviewer, written):
    egypt = Country.objects.get(iso3="EGY")
    erased = make_case(actor=officer, country=egypt, name="Мар'яна Петренко", incident="2015-08",
                       consents={"raise_with_state": False, "publish_name": False, "publish_anonymously": False})
    other = make_case(actor=officer, country=egypt, name="Олена Іваненко",
                      summary=f"Олена Іваненко і Мар{written}яна Петренко.")
    erasure_confirm(actor=reviewer, request=erasure_request(
        actor=officer, party=erased.parties.get(name="Мар'яна Петренко"), reason="Her request."))
    other.refresh_from_db()
    assert other.summary == f"Олена Іваненко і {ERASED}."


@pytest.mark.parametrize("written", OTHER_APOSTROPHES)
@pytest.mark.parametrize(("text", "expected"), [
    ("Мар{}яна прийшла.", "{m} прийшла."),  # the given name alone, one word
    ("Мар{}яна Петренко прийшла.", "{m} прийшла."),
])
def test_the_withholding_reads_a_word_with_any_of_those_marks_as_one(written, text, expected):
    assert shown("Мар'яна Петренко", text.format(written)) == expected.format(m=MARK)


@pytest.mark.parametrize("written", OTHER_APOSTROPHES)
def test_the_name_yana_is_not_withheld_inside_a_word_with_any_of_those_marks(written):
    assert shown("Яна Петренко", f"Мар{written}яна прийшла.") == f"Мар{written}яна прийшла."
