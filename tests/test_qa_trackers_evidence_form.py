"""Adding online evidence from a case page in French: the incidents to choose from are named by their
forms of reprisal in the reader's language, as on the case page, not in English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reprisals.reference.i18n import term_label
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_incident_choices_name_the_forms_in_the_readers_language(officer, new_case):
    case = new_case()
    client = client_for(officer)
    client.cookies["django_language"] = "fr"
    text = client.get(reverse("trackers:evidence_add", args=[case.pk])).content.decode()
    travel_ban = term_label("reprisal_form", "travel_ban", "", "fr")
    arrest = term_label("reprisal_form", "arbitrary_arrest", "", "fr")
    assert travel_ban and arrest
    assert f"2016-03 · {travel_ban}, {arrest}" in text or f"2016-03 · {arrest}, {travel_ban}" in text
    assert "Travel ban" not in text
