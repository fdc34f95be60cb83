"""The guards of the public redaction (``reports.redaction.Guard`` and ``RegisterNames.guard``), which alone stand
between a paragraph frozen before the consent rules and the public site, open data and report documents, blank a
protected name of two words or more written in another alphabet in the romanisations of Ukrainian and Belarusian
too, whose national and passport systems write "г" as "h" ("Галина Гнатюк" for a stored "Halyna Hnatiuk",
although the Cyrillic transliterates "galina gnatyuk"), and both ways. They blank a whole name written family name
first as well ("Иванов, Дмитрий", "ИВАНОВ Дмитрий", "Ivanov, Dmitry" for "Dmitry Ivanov"), where the family name
and the given name stand side by side: spaces and a comma at most between them, on one line, and its words are
written as names (``tests/test_redaction_review10.py``). Everyday words stay: a whole name is still needed, and two
words in Latin letters are still compared as written."""
from __future__ import annotations

import datetime as dt

import pytest

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.models import ReportEntry, ReportingPeriod
from reprisals.reports.redaction import WITHHELD
from reprisals.reports.testdata import make_case
from tests.redaction_guards import everywhere, guarded
from tests.test_redaction_guard_romanisation import _frozen_report as frozen_report_with_another_case
from tests.test_redaction_guard_romanisation import _public_outputs

D = dt.date
NAMED = "Publicly Named Defender"
ANONYMOUS_ONLY = {"raise_with_state": True, "publish_name": False, "publish_anonymously": True}


def _frozen_report(officer, senior, *, protected: str, frozen: str):
    """A final report with one published case: ``NAMED``, who consented to be named, and ``protected``, who
    consented to appear anonymously only, whose paragraph, as frozen by an earlier version, names them ``frozen``."""
    make_case(actor=officer, country=Country.objects.get(iso3="EGY"), name=NAMED,
              summary="She was detained with a colleague.",
              extra_parties=[dict(name=protected, description="a lawyer", consents=ANONYMOUS_ONLY)])
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    period.refresh_from_db()
    entry = period.entries.get()
    ReportEntry.objects.filter(pk=entry.pk).update(text=entry.text.replace("a colleague", frozen))
    snapshot = period.snapshot
    paragraph = snapshot["annexes"][0]["states"][0]["paragraphs"][0]
    paragraph["text"] = paragraph["text"].replace("a colleague", frozen)
    ReportingPeriod.objects.filter(pk=period.pk).update(snapshot=snapshot)
    return period


# ---------------------------------------------------------------- Ukrainian and Belarusian: "г" written "h"


@pytest.mark.django_db
def test_a_frozen_paragraph_does_not_print_a_ukrainian_name_stored_as_its_national_romanisation(officer, senior):
    period = _frozen_report(officer, senior, protected="Halyna Hnatiuk", frozen="Галина Гнатюк")
    for where, text in _public_outputs(period).items():
        assert NAMED in text and "She was detained with" in text, where
        for word in ("Галина", "Гнатюк", "Halyna", "Hnatiuk"):
            assert word not in text, f"{word!r} in {where}"
        assert WITHHELD in text, where


@pytest.mark.parametrize(("protected", "text"), [
    ("Halyna Hnatiuk", "Галина Гнатюк"),  # Ukrainian 2010: "г" is "h", "и" "y", "ю" "iu"
    ("Halyna Hnatiuk", "ГАЛИНА ГНАТЮК"),
    ("Oleksandr Hnatiuk", "Олександр Гнатюк"),
    ("Serhii Haidai", "Сергій Гайдай"),  # "і" is "i", "й" "i"
    ("Hryhorii Kovalskyi", "Григорій Ковальський"),  # the soft sign left out, "-ий" "-yi"
    ("Olha Hordiichuk", "Ольга Гордійчук"),
    ("Yevhen Zakharchenko", "Євген Захарченко"),  # "є" first is "ye"
    ("Yizhak Hnatiuk", "Їжак Гнатюк"),  # "ї" first is "yi"
    ("Oleksandr Zghurskyi", "Олександр Згурський"),  # "зг" is "zgh", told from "ж" ("zh")
    ("Ihar Losik", "Ігар Лосік"),  # Belarusian: "г" is "h" too
    ("Siarhei Tsikhanouski", "Сяргей Ціханоўскі"),  # the passport system: "я" is "ia", "ў" "u"
    ("Ryhor Kastusiou", "Рыгор Кастусёў"),
])
def test_a_ukrainian_or_belarusian_name_in_cyrillic_is_blanked_for_its_romanisation_with_h(protected, text):
    sentence = f"On 3 May {text} was detained at the airport."
    assert guarded(protected, sentence) == everywhere(f"On 3 May {WITHHELD} was detained at the airport.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Галина Гнатюк", "Halyna Hnatiuk"),  # stored in Cyrillic, written in Latin letters in the text
    ("Олександр Гнатюк", "Oleksandr Hnatiuk"),
    ("Олександр Гнатюк", "OLEKSANDR HNATIUK"),
    ("Григорій Ковальський", "Hryhorii Kovalskyi"),
    ("Ігар Лосік", "Ihar Losik"),
])
def test_a_name_stored_in_cyrillic_is_blanked_in_its_ukrainian_or_belarusian_romanisation(protected, text):
    sentence = f"On 3 May {text} was detained."
    assert guarded(protected, sentence) == everywhere(f"On 3 May {WITHHELD} was detained.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Dmitry Ivanov", "Дмитрий Петров was detained."),  # the same given name, another person
    ("Halyna Hnatiuk", "Галина Гнатенко was detained."),
    ("Halyna Hnatiuk", "Ганна Гнатюк was detained."),  # the same family name, another person
    ("Oleksandr Hnatiuk", "Олександр Гнатюкович was detained."),  # a longer word is another word
    ("Halyna Hnatiuk", "Галина said that Гнатюк was detained."),  # words apart: not a whole name
    ("Галина Гнатюк", "Galina Hnatenko and Hanna Hnatiuk were detained."),
    ("Mikhail Orlov", "Мигаил Орлов was detained."),  # a Russian "kh" is never read "g"
])
def test_another_persons_name_stays(protected, text):
    assert guarded(protected, text) == everywhere(text)


def test_an_ordinary_ukrainian_or_belarusian_sentence_stays():
    """Everyday words with "г" ("голова", "громада", "година") beside the words of protected names, no whole name."""
    text = ("Голова громади сказав, що Гнат і Галина годину чекали в Києві на гуманітарну допомогу. "
            "Гэта горад Гомель, і галоўная вуліца ідзе да ракі.")
    for protected in ("Halyna Hnatiuk", "Hnat Holova", "Hanna Hromada", "Ihar Homel", "Oleksandr Hnatiuk"):
        assert guarded(protected, text) == everywhere(text), protected


@pytest.mark.parametrize(("protected", "text"), [
    ("Halyna Hnatiuk", "Then Galina Gnatiuk left."),  # two words in Latin letters: compared as written
    ("Hanna Holub", "Then Ganna Golub left."),
])
def test_a_text_in_latin_letters_is_still_compared_as_written(protected, text):
    assert guarded(protected, text) == everywhere(text)


# ---------------------------------------------------------------- family name first


@pytest.mark.django_db
@pytest.mark.parametrize("frozen", [
    "Иванов, Дмитрий",  # a party of the paragraph's own case who may not be named (``Guard``)
    "ОРЛОВ Юрий",  # a person of another case (``RegisterNames.guard``)
    "IVANOV, Dmitry and Orlov Yuri",
])
def test_a_frozen_paragraph_does_not_print_a_protected_name_written_family_name_first(officer, senior, frozen):
    period = frozen_report_with_another_case(officer, senior, frozen=frozen)
    for where, text in _public_outputs(period).items():
        assert NAMED in text and "She was detained with" in text, where
        for word in ("Дмитрий", "Иванов", "ИВАНОВ", "Юрий", "ОРЛОВ", "Dmitry", "Ivanov", "IVANOV", "Yuri", "Orlov"):
            assert word not in text, f"{word!r} in {where}"
        assert WITHHELD in text, where


@pytest.mark.parametrize(("protected", "text"), [
    ("Dmitry Ivanov", "Иванов, Дмитрий"),  # as lists and indexes write it
    ("Dmitry Ivanov", "ИВАНОВ Дмитрий"),  # the family name in capitals, as UN documents write it
    ("Dmitry Ivanov", "Иванов Дмитрий"),  # as Russian documents write it
    ("Dmitry Ivanov", "Ivanov, Dmitry"),  # in Latin letters, as written
    ("Dmitry Ivanov", "IVANOV Dmitry"),
    ("Dmitry Ivanov", "Ivanov,Dmitry"),
    ("Дмитрий Иванов", "Ivanov, Dmitry"),  # stored in Cyrillic
    ("Дмитрий Иванов", "Иванов, Дмитрий"),
    ("Halyna Hnatiuk", "ГНАТЮК Галина"),  # and romanised with "h" for "г"
    ("Dmitry Sergeyevich Ivanov", "Иванов Дмитрий Сергеевич"),  # the last word first, the others in order
    ("Nabeel Rajab", "RAJAB, Nabeel"),
    ("Ivanov Dmitry", "Dmitry Ivanov"),  # a name stored family name first, written given name first
])
def test_a_whole_name_written_family_name_first_is_blanked(protected, text):
    sentence = f"On 3 May {text} was detained at the airport."
    assert guarded(protected, sentence) == everywhere(f"On 3 May {WITHHELD} was detained at the airport.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Dmitry Ivanov", "Дмитрий Петров was detained."),  # the same given name, another person
    ("Dmitry Ivanov", "Петров Дмитрий was detained."),  # and family name first
    ("Dmitry Ivanov", "Иванов Пётр was detained."),  # the same family name, another person
    ("Dmitry Ivanov", "Ivanov Petr and Petrov Dmitry were detained."),
    ("Dmitry Ivanov", "The lawyer met Иванов. Дмитрий Петров was detained."),  # a full stop: two sentences
    ("Dmitry Ivanov", "Lawyers: Ivanov\nDmitry Petrov was detained."),  # a line break: two lines of a list
    ("Dmitry Ivanov", "Ivanov met Dmitry Petrov."),  # words apart
    ("Dmitry Sergeyevich Ivanov", "Иванов Дмитрий was detained."),  # not the whole name
])
def test_another_persons_name_or_words_apart_stay(protected, text):
    assert guarded(protected, text) == everywhere(text)

