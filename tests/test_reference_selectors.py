"""Reference ids by code (the case list's filters resolve up to four per request) give what the ORM gives."""

from __future__ import annotations

import pytest

from reprisals.reference.models import Country, Term, UNBody
from reprisals.reference.selectors import reference_id

pytestmark = pytest.mark.django_db


def test_each_code_gets_its_own_id_through_one_reused_query(reference):
    for code in ("BHR", "EGY", "CHN", "VEN"):
        assert reference_id(Country, iso3=code) == Country.objects.get(iso3=code).pk
    assert reference_id(UNBody, code="CCPR") == UNBody.objects.get(code="CCPR").pk
    assert reference_id(Country, iso3="XXX") is None
    assert reference_id(Country, iso3="bhr") is None  # exact: callers normalise the case


def test_a_flag_is_part_of_the_question(reference):
    term = Term.objects.filter(vocabulary="reprisal_form").first()
    assert reference_id(Term, vocabulary="reprisal_form", code=term.code, is_active=True) == term.pk
    term.is_active = False
    term.save(update_fields=["is_active"])
    assert reference_id(Term, vocabulary="reprisal_form", code=term.code, is_active=True) is None
    assert reference_id(Term, vocabulary="reprisal_form", code=term.code, is_active=False) == term.pk


def test_a_code_added_later_is_found_at_once(reference):
    assert reference_id(Country, iso3="ZZZ") is None
    Country.objects.create(iso3="ZZZ", iso2="ZZ", name="Test territory")
    assert reference_id(Country, iso3="ZZZ") == Country.objects.get(iso3="ZZZ").pk
