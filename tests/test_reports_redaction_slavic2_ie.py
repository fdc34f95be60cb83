"""A name romanised with "ye" or "ie" for a Ukrainian "є" or for an "е" after a consonant: "Stanislav Aseyev" (as a
Russian name is romanised) is the Ukrainian "Станіслав Асєєв", and "Haradzienski" (the Belarusian national
romanisation's "ie" for "е" after a consonant) is "Гарадзенскі". The keys under which a word in Latin letters meets a
word in Cyrillic (``romanised``) also read "ie" and "ye" as "e" (``_IE``), both ways and in the declined forms;
never so between two words in Latin letters. (The erasure's ``scrub`` and the withholding compare a word in another
alphabet by its transliteration alone, "Юрий" for "Yury" no more than "Асєєв" for "Aseyev".)"""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import WITHHELD, NameSet, RegisterNames
from tests.redaction_guards import everywhere, guarded


@pytest.mark.parametrize(("protected", "text", "declined"), [
    ("Stanislav Aseyev", "Станіслав Асєєв звільнений.", "Станіслав Асєєв"),
    ("Stanislav Aseyev", "Справа Станіслава Асєєва.", "Станіслава Асєєва"),
    ("Stanislav Aseyev", "Лист Станіславу Асєєву.", "Станіславу Асєєву"),
    ("Stanislav Aseyev", "Дело Станислава Асеева.", "Станислава Асеева"),  # the Russian, as before
    ("Станіслав Асєєв", "Stanislav Aseyev was released.", "Stanislav Aseyev"),
    ("Станіслав Асєєв", "Stanislav Aseiev was released.", "Stanislav Aseiev"),
    ("Ales Haradzienski", "Алесь Гарадзенскі вызвалены.", "Алесь Гарадзенскі"),
    ("Ales Haradzienski", "Справа Алеся Гарадзенскага.", "Алеся Гарадзенскага"),
    ("Алесь Гарадзенскі", "Ales Haradzienski was released.", "Ales Haradzienski"),
])
def test_a_name_romanised_with_ye_or_ie_for_ye_or_e_is_blanked_in_cyrillic(protected, text, declined):
    assert guarded(protected, text) == everywhere(text.replace(declined, WITHHELD))
    assert declined.split()[-1] not in RegisterNames([NameSet(1, (protected,))]).scrub(text)


@pytest.mark.parametrize(("protected", "text"), [
    ("Stanislav Aseyev", "Справа Станіслава Асанова."),  # another person
    ("Stanislav Aseyev", "Справа Станіслава Сєєва."),
    ("Ales Haradzienski", "Справа Алеся Гарадоцкага."),
    ("Stanislav Aseyev", "Stanislav Asev was released."),  # two words in Latin letters: compared as written
])
def test_another_name_stays(protected, text):
    assert guarded(protected, text) == everywhere(text)
