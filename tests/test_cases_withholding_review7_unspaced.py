"""A withheld name in a script written without spaces is blanked inside the words around it.

Thai, Lao, Khmer and Burmese, like Chinese, Japanese and Korean, are written without spaces between words: "Mr
Somchai was arrested at home" is one run of letters, "นายสมชายถูกจับกุมที่บ้าน". The search indexes each character
of these scripts as its own word (``search.UNSPACED``), so that such a name is found inside a sentence; and the
withholding from other entities' focal points blanks a withheld name in them wherever it appears, so that the
focal point neither reads it nor finds the case by it.
"""

from __future__ import annotations

import pytest

from reprisals.cases import search, selectors, services
from reprisals.cases.models import AffectedParty


def _names(name: str) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=1, name=name, kind="individual")])


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("สมชาย ใจดี", "นายสมชายถูกจับกุมที่บ้าน", "นาย[…]ถูกจับกุมที่บ้าน"),                      # Thai
    ("สมชาย ใจดี", "นายสมชาย ใจดีถูกจับกุม", "นาย[…]ถูกจับกุม"),
    ("ສົມສັກ ພົມມະວົງ", "ທ້າວສົມສັກຖືກຈັບ", "ທ້າວ[…]ຖືກຈັບ"),                               # Lao
    ("សុខា ចាន់", "លោកសុខាត្រូវបានចាប់ខ្លួន", "លោក[…]ត្រូវបានចាប់ខ្លួន"),                       # Khmer
    ("အောင်ကို မင်း", "ဦးအောင်ကိုအဖမ်းခံရသည်", "ဦး[…]အဖမ်းခံရသည်"),                         # Burmese
])
def test_a_withheld_name_inside_a_sentence_without_spaces_is_blanked(name, text, shown):
    assert selectors.blank_names(text, _names(name)) == shown


def test_a_sentence_that_does_not_hold_the_name_is_left_as_written():
    text = "นายสมศักดิ์ถูกจับกุมที่บ้าน"  # another man, Somsak
    assert selectors.blank_names(text, _names("สมชาย ใจดี")) == text


@pytest.mark.parametrize("letter", ["ก", "ກ", "က", "ក", "の", "曹", "김"])
def test_the_search_indexes_each_character_of_a_script_without_spaces_as_a_word(letter):
    assert search.normalise(f"x{letter}y") == f"x {letter} y"


@pytest.fixture
def shared(officer, new_case, also_reported_by_cat):
    """A case reported by ISHR for "สมชาย ใจดี", with no consent to share, whose summary names him inside a Thai
    sentence, and which also holds an allegation from the Committee against Torture."""
    case = new_case(name="สมชาย ใจดี", title="Detention of a defender")
    services.case_update(actor=officer, case=case, expected_version=None, summary="นายสมชายถูกจับกุมที่บ้าน")
    return also_reported_by_cat(case, "The Committee also heard of the arrest.")


@pytest.mark.django_db
def test_ohchr_staff_find_the_case_by_words_inside_a_thai_sentence(shared, officer, api_as):
    assert [c["id"] for c in api_as(officer).get("/api/v1/cases", q="ถูกจับกุม").json()["items"]] == [shared.pk]


@pytest.mark.django_db
def test_a_focal_point_of_another_entity_neither_reads_nor_finds_the_thai_name(shared, cat_focal, api_as):
    api = api_as(cat_focal)
    assert api.get(f"/api/v1/cases/{shared.pk}").json()["summary"] == "นาย[…]ถูกจับกุมที่บ้าน"
    assert [c["id"] for c in api.get("/api/v1/cases", q="สมชาย").json()["items"]] == []
    assert [c["id"] for c in api.get("/api/v1/cases", q="ถูกจับกุม").json()["items"]] == [shared.pk]
