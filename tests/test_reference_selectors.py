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
    assert reference_id(Country, iso3="QQQ") is None  # user-assigned in ISO 3166, never a State
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


def test_an_id_is_remembered_and_forgotten_when_reference_data_changes(reference, django_assert_num_queries):
    bahrain = Country.objects.get(iso3="BHR")
    assert reference_id(Country, iso3="BHR") == bahrain.pk
    with django_assert_num_queries(0):
        assert reference_id(Country, iso3="BHR") == bahrain.pk
    bahrain.iso3 = "BHX"
    bahrain.save(update_fields=["iso3"])
    with django_assert_num_queries(1):
        assert reference_id(Country, iso3="BHR") is None
    assert reference_id(Country, iso3="BHX") == bahrain.pk


def test_a_remembered_id_expires(reference, monkeypatch):
    from reprisals.reference import selectors

    term = Term.objects.filter(vocabulary="party_role").first()
    assert reference_id(Term, vocabulary="party_role", code=term.code, is_active=True) == term.pk
    Term.objects.filter(pk=term.pk).update(is_active=False)  # as another process would: no signal here
    assert reference_id(Term, vocabulary="party_role", code=term.code, is_active=True) == term.pk
    later = selectors._clock() + selectors.REMEMBER_SECONDS + 1
    monkeypatch.setattr(selectors, "_clock", lambda: later)
    assert reference_id(Term, vocabulary="party_role", code=term.code, is_active=True) is None
