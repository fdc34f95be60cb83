"""Deactivating an account ends its signed-in sessions for good: an open browser (a stolen laptop) does
not come back to life when the account is activated again; the person signs in again with both factors."""

from __future__ import annotations

from reprisals.accounts.services import user_update
from tests.conftest import client_for


def test_a_session_of_a_deactivated_account_does_not_return_on_reactivation(officer, admin_user):
    browser = client_for(officer)
    assert browser.get("/cases/").status_code == 200
    user_update(actor=admin_user, user=officer, is_active=False)
    assert browser.get("/cases/").status_code == 302
    user_update(actor=admin_user, user=officer, is_active=True)
    response = browser.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_deactivating_one_account_leaves_the_others_signed_in(officer, officer2, admin_user):
    other = client_for(officer2)
    user_update(actor=admin_user, user=officer, is_active=False)
    assert other.get("/cases/").status_code == 200
