"""What a person types into a protected field is stored as typed, never read as one of the register's own
ciphertexts. Otherwise whoever holds a copy of the database (a dump, a stolen file) and an account that
may write and reveal one field could paste any stolen ciphertext there and have the site decrypt it; and
a contact that merely looked like a ciphertext ended in a server error."""

from __future__ import annotations

from django.db import connection

from reprisals.cases import services
from reprisals.cases.models import Allegation


def _stored(allegation: Allegation) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT source_identity FROM {Allegation._meta.db_table} WHERE id = %s", [allegation.pk])
        return cursor.fetchone()[0]


def test_a_stolen_ciphertext_pasted_into_a_field_is_not_decrypted(officer, reviewer, focal, new_case, api_as):
    victim = new_case(title="Restricted case")
    hidden = victim.allegations.get()
    services.allegation_update(actor=officer, allegation=hidden, source_identity="Source in hiding QA")
    services.case_restrict(actor=reviewer, case=victim, restricted=True, members=[officer])
    stolen = _stored(hidden)
    own = new_case(title="The focal point's case").allegations.get()
    api = api_as(focal)
    assert api.patch(f"/api/v1/allegations/{own.pk}", {"source_identity": stolen}).status_code == 200
    revealed = api.get(f"/api/v1/allegations/{own.pk}", reveal="true").json()["protected"]
    assert revealed["source_identity"] == stolen
    assert "Source in hiding QA" not in api.get(f"/api/v1/allegations/{own.pk}", reveal="true").content.decode()


def test_a_value_that_looks_like_a_ciphertext_is_kept_as_typed(officer, new_case, api_as):
    own = new_case().allegations.get()
    response = api_as(officer).patch(f"/api/v1/allegations/{own.pk}", {"source_contact": "v1.12345678.abcd"})
    assert response.status_code == 200
    assert Allegation.objects.get(pk=own.pk).source_contact == "v1.12345678.abcd"
