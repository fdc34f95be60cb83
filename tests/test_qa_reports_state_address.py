"""A State's public page answers at its ISO 3166-1 alpha-3 code only: any other address is "not found",
not the page of the State whose code it happens to begin with."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_state_page_answers_at_its_code_in_either_case(reference):
    assert Client().get("/public/states/BHR/").status_code == 200
    assert Client().get("/public/states/bhr/").status_code == 200


@pytest.mark.parametrize("code", ["BHRXX", "BHRAIN", "BH", "B", "EGYPT"])
def test_an_address_that_only_begins_with_a_code_is_not_found(reference, code):
    assert Client().get(f"/public/states/{code}/").status_code == 404
