"""The guards of the public redaction (``reports.redaction.Guard``, the guard of a party of the paragraph who may not
be named, and ``RegisterNames.guard``, the guard of every name in the register) blank a whole name written in
another alphabet however that alphabet was romanised. A paragraph frozen into a final report is shown through
these guards alone, so "Дмитрий Иванов" must be blanked for a protected "Dmitry Ivanov" although "Дмитрий" is
transliterated "dmitrii": the words of the two alphabets are compared in one spelling, where the common
differences of the romanisations of Russian (BGN/PCGN, ALA-LC, passports, German, French: a final "-y", "-ii",
"-iy" or "-i"; "ks" or "x"; "ya" or "ia"; "yu", "iu" or "ju"; "ye" or "e"; doubled letters; "ou" or "u"; "kh" or
"h") meet. Two words of the Latin alphabet are still compared as written, and the name is still matched whole. A
word in Arabic or Hebrew script is compared as transliterated, never by its consonants alone: everyday Arabic
words share them with names ("على", "on", with "Ali"; "سلام", "peace", with "Salam")."""
from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest
from django.test import Client

from reprisals.cases.models import CaseStatus
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.models import ReportEntry, ReportingPeriod
from reprisals.reports.redaction import WITHHELD, NameSet, RegisterNames
from reprisals.reports.testdata import make_case
from tests.redaction_guards import everywhere, guarded

D = dt.date
NAMED = "Publicly Named Defender"
ANONYMOUS_ONLY = {"raise_with_state": True, "publish_name": False, "publish_anonymously": True}
NOTHING = {"raise_with_state": False, "publish_name": False, "publish_anonymously": False}


# ---------------------------------------------------------------- the public path


def _frozen_report(officer, senior, *, frozen: str):
    """A final report with one published case (``NAMED``, who consented to be named, and "Dmitry Ivanov", who
    consented to appear anonymously only) and a person of a withdrawn case ("Yuri Orlov"), whose paragraph, as
    frozen, is ``frozen``: written by an earlier version, or in a report frozen before the names were recorded."""
    egypt = Country.objects.get(iso3="EGY")
    make_case(actor=officer, country=egypt, name=NAMED, summary="She was detained with a colleague.",
              extra_parties=[dict(name="Dmitry Ivanov", description="a lawyer", consents=ANONYMOUS_ONLY)])
    make_case(actor=officer, country=egypt, name="Yuri Orlov", incident="2015-08", consents=NOTHING,
              status=CaseStatus.CLOSED_WITHDRAWN)
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    period.refresh_from_db()
    entry = period.entries.get()
    assert "a colleague" in entry.text
    ReportEntry.objects.filter(pk=entry.pk).update(text=entry.text.replace("a colleague", frozen))
    snapshot = period.snapshot
    paragraph = snapshot["annexes"][0]["states"][0]["paragraphs"][0]
    paragraph["text"] = paragraph["text"].replace("a colleague", frozen)
    ReportingPeriod.objects.filter(pk=period.pk).update(snapshot=snapshot)
    return period


def _public_outputs(period) -> dict[str, str]:
    client = Client()
    out = {}
    for path in ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv",
                 f"/public/reports/{period.pk}/document.html"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        out[path] = json.dumps(json.loads(body), ensure_ascii=False) if path.endswith(".json") else body
    response = client.get(f"/public/reports/{period.pk}/document.docx")
    assert response.status_code == 200
    out["document.docx"] = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("frozen", [
    "Дмитрий Иванов",  # a party of the paragraph's own case who may not be named (``Guard``)
    "Юрий Орлов",  # a person of another case (``RegisterNames.guard``)
    "ДМИТРИЙ ИВАНОВ and Юрий Орлов",
])
def test_a_frozen_paragraph_does_not_print_a_protected_name_romanised_otherwise(officer, senior, frozen):
    period = _frozen_report(officer, senior, frozen=frozen)
    for where, text in _public_outputs(period).items():
        assert NAMED in text and "She was detained with" in text, where
        for word in ("Дмитрий", "ДМИТРИЙ", "Иванов", "ИВАНОВ", "Юрий", "Орлов", "Dmitry", "Ivanov", "Yuri", "Orlov"):
            assert word not in text, f"{word!r} in {where}"
        assert WITHHELD in text, where


# ---------------------------------------------------------------- the romanisations met


@pytest.mark.parametrize(("protected", "text"), [
    ("Dmitry Ivanov", "Дмитрий Иванов"),  # "dmitrii": a final -y or -ii
    ("Dmitriy Ivanov", "Дмитрий Иванов"),  # -iy
    ("Dmitri Ivanov", "Дмитрий Иванов"),  # -i
    ("Yuri Orlov", "Юрий Орлов"),
    ("Yury Orlov", "Юрий Орлов"),
    ("Iurii Orlov", "Юрий Орлов"),  # the passport system
    ("Jurij Orlow", "Юрий Орлов"),  # German
    ("Iouri Orlov", "Юрий Орлов"),  # French
    ("Alexey Smirnov", "Алексей Смирнов"),  # x for ks, -ey
    ("Aleksei Smirnov", "Алексей Смирнов"),
    ("Natalya Petrova", "Наталья Петрова"),  # ya, and the soft sign
    ("Natalia Petrova", "Наталья Петрова"),
    ("Sergey Kuznetsov", "Сергей Кузнецов"),
    ("Yevgeny Zhukov", "Евгений Жуков"),  # ye for e
    ("Jewgeni Schukow", "Евгений Жуков"),  # German
    ("Mihail Hodorkovski", "Михаил Ходорковский"),  # h for kh
    ("Fyodor Volkov", "Фёдор Волков"),
])
def test_a_whole_name_in_another_alphabet_is_blanked_however_it_was_romanised(protected, text):
    sentence = f"On 3 May {text} was detained at the airport."
    assert guarded(protected, sentence) == everywhere(f"On 3 May {WITHHELD} was detained at the airport.")


@pytest.mark.parametrize(("protected", "text"), [
    ("Юрий Орлов", "Yury Orlov"),  # a name stored in Cyrillic, written in Latin letters in the text
    ("Юрий Орлов", "Jurij Orlow"),
    ("Дмитрий Иванов", "Dmitry Ivanov"),
    ("Наталья Петрова", "NATALYA PETROVA"),
])
def test_a_name_stored_in_another_alphabet_is_blanked_in_latin_letters_however_it_was_romanised(protected, text):
    sentence = f"On 3 May {text} was detained."
    assert guarded(protected, sentence) == everywhere(f"On 3 May {WITHHELD} was detained.")


def test_a_name_so_romanised_is_blanked_in_any_case_and_whatever_separates_its_words():
    assert guarded("Dmitry Ivanov", "ДМИТРИЙ ИВАНОВ, дмитрий-иванов.") == everywhere(f"{WITHHELD}, {WITHHELD}.")


# ---------------------------------------------------------------- what stays


@pytest.mark.parametrize(("protected", "text"), [
    ("Dmitry Ivanov", "Дмитрий Петров was detained."),  # another person with the same given name
    ("Dmitry Ivanov", "Пётр Иванов was detained."),  # and with the same family name
    ("Dmitry Ivanov", "Дмитрий Ивановский was detained."),  # a longer word holding the name is another word
    ("Dmitry Ivanov", "Дмитрий Иванович Петров was detained."),
    ("Dmitry Ivanov", "Дмитрий said that Иванов was detained."),  # not a whole name: words apart
    ("Yuri Orlov", "Юлия Орлова was detained."),
    ("Alexey Smirnov", "Алекс Смирнов was detained."),
    ("Mohammed Hassan", "محمد علي was detained."),
    ("Mohammed Hassan", "عمر حسن was detained."),
    ("Natalya Petrova", "Наталья Петровна was detained."),
])
def test_another_persons_name_in_another_alphabet_stays(protected, text):
    assert guarded(protected, text) == everywhere(text)


@pytest.mark.parametrize(("protected", "text"), [
    ("Dmitry Ivanov", "Dmitri Petrov and Yuri Ivanova met the Council in Geneva."),
    ("Yuri Orlov", "Then the jury heard Orlova, and Mr Yurin Orlovsky spoke."),
    ("Mohammed Hassan", "He made his son a promise; Mhmd Hsn is a handle."),
    ("Sergey Kuznetsov", "The sergeant and the blacksmith (kuznets) agreed."),
])
def test_a_text_in_latin_letters_is_unaffected(protected, text):
    assert guarded(protected, text) == everywhere(text)


@pytest.mark.parametrize(("protected", "text"), [
    ("Salam Ali", "سلام على الجميع"),  # "peace be upon everyone"
    ("Amal Ali", "وقد عمل على تقديم المعلومات"),  # "and he worked on submitting the information"
    ("Mona Ali", "منى على الطريق"),
])
def test_everyday_arabic_words_sharing_a_names_consonants_stay(protected, text):
    assert guarded(protected, text) == everywhere(text)
    assert RegisterNames([NameSet(1, (protected,))]).scrub(text) == text


def test_common_words_in_another_alphabet_stay():
    """Ordinary Russian and Arabic sentences, with the words of protected names in them but no whole name."""
    text = "Юрист сказал, что Орловская область и Москва далеко. قال المحامي إن الحسن بن علي"
    for protected in ("Yuri Orlov", "Dmitry Ivanov", "Mohammed Hassan", "Hassan Ali", "Vera Mir"):
        assert guarded(protected, text) == everywhere(text), protected


# ---------------------------------------------------------------- the register's scrub, when a report is built


@pytest.mark.parametrize(("text", "shown"), [
    ("Юрий Орлов left.", f"{WITHHELD} {WITHHELD} left."),  # "Юрий" ("yurii") beside "Орлов" too
    ("юрий орлов left.", f"{WITHHELD} {WITHHELD} left."),  # a whole name in any case, as written ones are
    ("Then Jurij Orlow left.", "Then Jurij Orlow left."),  # Latin letters: compared as written
])
def test_the_register_scrub_blanks_a_whole_name_romanised_otherwise_word_by_word(text, shown):
    """Another case's text, scrubbed when a report is built: each word of a name in another alphabet is blanked on
    its own, as the words of such a name are there."""
    assert RegisterNames([NameSet(1, ("Yuri Orlov",))]).scrub(text) == shown
