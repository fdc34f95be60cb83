"""The secure public form and its status pages show the public footer, never the staff-only note."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

STAFF_NOTE = "Confidential. For authorised UN staff only"
PUBLIC_NOTE = "Reports sent with this form are read only by authorised UN staff."
FORM = {
    "country": "BHR", "what_happened": "My brother was arrested after speaking at the HRC.", "incident_date": "2024-03",
    "consent_raise_with_state": "yes", "consent_publish_name": "no", "consent_publish_anonymously": "yes",
    "consent_share_un": "no", "in_danger": "unknown", "detained": "no", "travelling_to_un_session": "no",
    "forms_of_reprisal": ["arbitrary_arrest"],
}


@pytest.mark.django_db
def test_anonymous_visitors_of_the_public_form_see_the_public_footer(reference):
    cache.clear()
    client = Client()
    pages = [client.get("/submit/"), client.get("/submit/status/"), client.post("/submit/", FORM),
             client.post("/submit/", {"country": "BHR"})]
    assert [p.status_code for p in pages] == [200, 200, 201, 422]
    for response in pages:
        text = response.content.decode()
        assert STAFF_NOTE not in text and PUBLIC_NOTE in text
