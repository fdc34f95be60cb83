"""Web sessions are stored under a hash of their key: a reader of the database (a dump, a backup, its
administrator) finds no value that signs in when pasted into a cookie. Signing in and out, expiry, a
new key at sign-in and ending an account's sessions work as before; the upgrade hashes the sessions
already stored, once, without signing anyone out."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pyotp
import pytest
from django.apps import apps as global_apps
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reprisals.accounts import twofactor
from reprisals.accounts.services import user_set_password, user_update
from reprisals.core.sessions import SessionStore, stored_key
from tests.conftest import PASSWORD, client_for, previous_step_code

COOKIE = django_settings.SESSION_COOKIE_NAME
MIGRATION = importlib.import_module("reprisals.core.migrations.0003_hash_session_keys")


def cookie_of(client: Client) -> str:
    return client.cookies[COOKIE].value


def with_cookie(value: str) -> Client:
    client = Client()
    client.cookies[COOKIE] = value
    return client


def signed_in(client: Client) -> bool:
    response = client.get(reverse("case_list"))
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    return False


def sign_in_with_both_factors(user) -> Client:
    """Through the real pages: the password, then a code from the authenticator app."""
    device = twofactor.device_start(user)
    totp = pyotp.TOTP(device.secret)
    assert twofactor.device_confirm(user, previous_step_code(totp))
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(reverse("two_factor_verify"), {"code": totp.now()})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_the_table_holds_a_hash_of_the_key_never_the_cookie_value(officer):
    client = sign_in_with_both_factors(officer)
    key = cookie_of(client)
    assert signed_in(client)
    keys = list(Session.objects.values_list("session_key", flat=True))
    assert keys == [stored_key(key)]
    assert not any(key in stored or stored in key for stored in keys)
    assert not any(key in data for data in Session.objects.values_list("session_data", flat=True))


@pytest.mark.django_db
def test_a_value_copied_from_the_table_does_not_sign_in(officer):
    client = client_for(officer)
    assert signed_in(client)
    (stolen,) = Session.objects.values_list("session_key", flat=True)
    assert not signed_in(with_cookie(stolen))
    assert not signed_in(with_cookie(stolen[2:]))
    assert signed_in(with_cookie(cookie_of(client)))  # the cookie itself still does


@pytest.mark.django_db
def test_signing_in_staying_signed_in_and_signing_out(officer):
    client = sign_in_with_both_factors(officer)
    key = cookie_of(client)
    for _ in range(3):
        assert signed_in(client)
    assert cookie_of(client) == key
    assert Session.objects.filter(session_key=stored_key(key)).count() == 1
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=stored_key(key)).exists()
    assert not signed_in(client)
    assert not signed_in(with_cookie(key))


@pytest.mark.django_db
def test_sign_in_gives_a_new_key_and_ends_the_one_before(officer):
    client = Client()
    before = client.session
    before["chosen"] = "something"
    before.save()
    old = cookie_of(client)
    assert Session.objects.filter(session_key=stored_key(old)).exists()
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302
    new = cookie_of(client)
    assert new != old
    assert not Session.objects.filter(session_key=stored_key(old)).exists()
    assert Session.objects.filter(session_key=stored_key(new)).exists()
    assert SessionStore(new).get("chosen") == "something"
    assert SessionStore(old).get("chosen") is None


@pytest.mark.django_db
def test_an_expired_session_does_not_sign_in_and_is_cleared(officer):
    client = client_for(officer)
    assert signed_in(client)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert not signed_in(client)
    SessionStore.clear_expired()
    assert not Session.objects.filter(expire_date__lt=timezone.now()).exists()


@pytest.mark.django_db
def test_a_new_password_ends_every_session_of_the_account_only(officer, officer2):
    first, second, other = client_for(officer), client_for(officer), client_for(officer2)
    assert signed_in(first) and signed_in(second) and signed_in(other)
    user_set_password(actor=None, user=officer, password="another long passphrase 1789")
    assert not signed_in(first) and not signed_in(second)
    assert signed_in(other)
    assert Session.objects.count() == 1


@pytest.mark.django_db
def test_deactivating_an_account_ends_its_sessions(officer, officer2, admin_user):
    mine, other = client_for(officer), client_for(officer2)
    user_update(actor=admin_user, user=officer, is_active=False)
    user_update(actor=admin_user, user=officer, is_active=True)
    assert not signed_in(mine)
    assert not Session.objects.filter(session_key=stored_key(cookie_of(mine))).exists()
    assert signed_in(other)


def sessions_stored_by_djangos_backend(settings, *users) -> list[Client]:
    """Sign in as Django's own database backend did before the upgrade: the key itself in the table."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    clients = [client_for(user) for user in users]
    settings.SESSION_ENGINE = "reprisals.core.sessions"
    return clients


@pytest.mark.django_db
def test_the_upgrade_hashes_stored_sessions_once_and_signs_nobody_out(settings, officer, officer2):
    old_a, old_b = sessions_stored_by_djangos_backend(settings, officer, officer2)
    new = client_for(officer)
    raw = [cookie_of(old_a), cookie_of(old_b)]
    assert set(raw) <= set(Session.objects.values_list("session_key", flat=True))
    assert not signed_in(with_cookie(raw[0]))  # the new backend cannot find an unhashed row

    editor = SimpleNamespace(connection=connection)
    MIGRATION.hash_session_keys(global_apps, editor)
    expected = {stored_key(raw[0]), stored_key(raw[1]), stored_key(cookie_of(new))}
    assert set(Session.objects.values_list("session_key", flat=True)) == expected
    MIGRATION.hash_session_keys(global_apps, editor)  # again: nothing is hashed twice
    assert set(Session.objects.values_list("session_key", flat=True)) == expected
    assert signed_in(with_cookie(raw[0])) and signed_in(with_cookie(raw[1]))
    assert signed_in(new)


@pytest.mark.django_db(transaction=True)
def test_the_migration_runs_forwards_and_back(settings, officer, migrations_restored):
    before, after = [("core", "0002_audit_key_id")], [("core", "0003_hash_session_keys")]
    hashed = client_for(officer)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    # Back: a hashed row would be a valid key to Django's own backend, so none is left.
    assert not Session.objects.filter(session_key=stored_key(cookie_of(hashed))).exists()
    (old,) = sessions_stored_by_djangos_backend(settings, officer)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    assert list(Session.objects.values_list("session_key", flat=True)) == [stored_key(cookie_of(old))]
    assert signed_in(with_cookie(cookie_of(old)))
