"""A failed sign-in is audited against the account it tried, never with the text typed as the user name:
people type their password into the wrong box, and auditors must not read it in the log."""

from __future__ import annotations

from django.test import Client

from reprisals.core.models import AuditEntry
from tests.conftest import PASSWORD

TYPED = "my own passphrase typed in the wrong box"


def test_a_password_typed_as_the_user_name_is_not_in_the_audit_log(officer, auditor):
    Client().post("/login/", {"username": TYPED, "password": "whatever"})
    entry = AuditEntry.objects.get(action="auth.failure")
    assert TYPED not in str([entry.object_id, entry.payload, entry.actor_label])
    auditor_client = Client()
    auditor_client.force_login(auditor)
    assert TYPED not in auditor_client.get("/audit/").content.decode()


def test_a_failed_sign_in_of_an_account_names_that_account(officer):
    Client().post("/login/", {"username": "officer", "password": PASSWORD + "x"})
    entry = AuditEntry.objects.get(action="auth.failure")
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(officer.pk))
