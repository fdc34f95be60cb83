"""The sign-in limit per address holds behind proxies and against the tricks a review found: an unlisted
reverse proxy's address is not counted (one sprayer would refuse sign-in to every officer), addresses are
compared in one form (IPv4-mapped, ports, brackets, zone ids), an IPv6 address counts by its /64,
attempts in flight cannot all pass the limit, and a failure keeps no user name typed."""

from __future__ import annotations

import importlib
import logging
import threading
import time
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from reprisals.accounts import twofactor
from reprisals.accounts.models import LoginFailure
from reprisals.core import proxies
from reprisals.core.proxies import client_address, parse_networks
from tests.conftest import PASSWORD

LIMIT = twofactor.ADDRESS_MAX_FAILURES
PROXY = "10.0.0.5"
NETWORKS = parse_networks(PROXY)
SPRAYED = "Spring2026!Spring2026!"


def spray(client: Client, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        response = client.post(reverse("login"), {"username": f"person{n}", "password": SPRAYED})
        assert response.status_code == 200


def sign_in(client: Client, username: str = "officer", password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


# Addresses in one form (F7)

@pytest.mark.parametrize(("remote", "forwarded", "client"), [
    ("::ffff:10.0.0.5", "203.0.113.7", "203.0.113.7"),  # a server bound to [::] sees an IPv4 proxy so
    (PROXY, "203.0.113.7:51234", "203.0.113.7"),  # ip:port
    (PROXY, "[2001:db8::1]", "2001:db8::1"),  # [v6]
    (PROXY, "[2001:db8::1]:443", "2001:db8::1"),  # [v6]:port
    (PROXY, "2001:db8::1%eth0", "2001:db8::1"),  # a zone id is dropped
    (PROXY, "::ffff:203.0.113.7", "203.0.113.7"),  # an IPv4-mapped client is its IPv4 address
    (PROXY, "203.0.113.7, ::ffff:10.0.0.5", "203.0.113.7"),  # a mapped trusted hop is skipped
    ("::ffff:203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not a proxy: only normalised
    (PROXY, "[2001:db8::1", PROXY),  # malformed: the proxy's (not counted, see below)
    (PROXY, "203.0.113.7:port", PROXY),
])
def test_addresses_are_compared_in_one_form(remote, forwarded, client):
    assert client_address(remote, forwarded, NETWORKS) == client


def test_zone_ids_do_not_make_distinct_addresses():
    assert client_address(PROXY, "2001:db8::1%a", NETWORKS) == client_address(PROXY, "2001:db8::1%b", NETWORKS)


def test_a_proxy_listed_in_its_ipv4_mapped_form_matches_its_ipv4_address():
    assert client_address(PROXY, "203.0.113.7", parse_networks("::ffff:10.0.0.5")) == "203.0.113.7"
    assert client_address(PROXY, "203.0.113.7", parse_networks("::ffff:10.0.0.0/104")) == "203.0.113.7"


def test_a_malformed_client_entry_is_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="reprisals.core.proxies"):
        assert client_address(PROXY, "garbage", NETWORKS) == PROXY
    assert "garbage" in caplog.text and PROXY in caplog.text


# A proxy's own address is not counted (F6)

@pytest.fixture
def unwarned(monkeypatch):
    monkeypatch.setattr(proxies, "_warned_unlisted", False)


@pytest.mark.django_db
def test_behind_an_unlisted_proxy_one_sprayer_does_not_shut_out_every_officer(settings, officer, unwarned, caplog):
    settings.TRUSTED_PROXIES = ""
    with caplog.at_level(logging.WARNING, logger="reprisals.core.proxies"):
        spray(Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66"), LIMIT + 2)
    assert caplog.text.count("REPRISALS_TRUSTED_PROXIES") == 1  # once per process
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert sign_in(colleague).status_code == 302
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {""}


@pytest.mark.django_db
def test_behind_an_unlisted_proxy_the_account_lock_still_holds(settings, officer, unwarned):
    settings.TRUSTED_PROXIES = ""
    client = Client(REMOTE_ADDR="192.168.1.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(twofactor.MAX_FAILURES):
        assert sign_in(client, password="wrong password").status_code == 200
    response = sign_in(client)
    assert response.status_code == 200 and "Too many failed attempts" in response.content.decode()


@pytest.mark.django_db
def test_a_public_address_sending_the_header_is_still_counted(settings, officer, unwarned):
    settings.TRUSTED_PROXIES = ""
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    spray(client, LIMIT)
    assert sign_in(client).status_code == 429


@pytest.mark.django_db
def test_a_listed_proxys_own_address_is_not_counted(settings, officer):
    """A trusted proxy that sent no header (or a malformed one) would otherwise put all its clients
    under its own address."""
    settings.TRUSTED_PROXIES = PROXY
    spray(Client(REMOTE_ADDR=PROXY), LIMIT)
    spray(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address"), 1, start=LIMIT)
    assert sign_in(Client(REMOTE_ADDR=PROXY)).status_code == 302


@pytest.mark.django_db
def test_an_ipv4_mapped_proxy_is_recognised_end_to_end(settings, officer):
    settings.TRUSTED_PROXIES = PROXY
    sprayer = Client(REMOTE_ADDR="::ffff:10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7:40000")
    spray(sprayer, LIMIT)
    assert sign_in(sprayer).status_code == 429
    assert sign_in(Client(REMOTE_ADDR="::ffff:10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.20")).status_code == 302


# IPv6 by /64, IPv4-mapped as IPv4 (F8)

@pytest.mark.django_db
def test_an_ipv6_address_counts_by_its_64(officer):
    spray(Client(REMOTE_ADDR="2001:db8:1:2::1"), LIMIT)
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"2001:db8:1:2::/64"}
    assert sign_in(Client(REMOTE_ADDR="2001:db8:1:2:ffff::9")).status_code == 429  # a neighbour in the /64
    assert sign_in(Client(REMOTE_ADDR="2001:db8:1:3::1")).status_code == 302  # the next /64


@pytest.mark.django_db
def test_an_ipv4_mapped_client_counts_as_its_ipv4_address(officer):
    spray(Client(REMOTE_ADDR="::ffff:203.0.113.7"), LIMIT // 2)
    spray(Client(REMOTE_ADDR="203.0.113.7"), LIMIT - LIMIT // 2, start=LIMIT)
    assert sign_in(Client(REMOTE_ADDR="203.0.113.7")).status_code == 429


# Attempts in flight (F8)

@pytest.mark.django_db
def test_an_attempt_in_flight_counts_against_the_next(officer, monkeypatch):
    """At 19 failures, while one attempt's password is being checked, another attempt from the address
    is refused unchecked: the first was reserved before its check."""
    spray(Client(REMOTE_ADDR="203.0.113.7"), LIMIT - 1)
    import django.contrib.auth.forms as auth_forms

    real = auth_forms.authenticate
    inner = []

    def authenticate(request=None, **credentials):
        monkeypatch.setattr(auth_forms, "authenticate", real)
        inner.append(sign_in(Client(REMOTE_ADDR="203.0.113.7")).status_code)
        return real(request, **credentials)

    monkeypatch.setattr(auth_forms, "authenticate", authenticate)
    assert sign_in(Client(REMOTE_ADDR="203.0.113.7"), "person99", SPRAYED).status_code == 200
    assert inner == [429]
    assert LoginFailure.objects.count() == LIMIT


@pytest.mark.django_db
def test_a_right_password_withdraws_its_reservation(officer):
    assert sign_in(Client(REMOTE_ADDR="203.0.113.7")).status_code == 302
    assert not LoginFailure.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_at_the_limit_check_at_most_one_password(officer, monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs concurrent connections (PostgreSQL)")
    for n in range(LIMIT - 1):
        twofactor.record_failure(f"person{n}", "203.0.113.7")
    threads_count = 5
    start = threading.Barrier(threads_count, timeout=30)
    checked: list[str] = []
    statuses: list[int] = []
    import django.contrib.auth.forms as auth_forms

    def slow_authenticate(request=None, **credentials):
        checked.append(credentials.get("username"))
        time.sleep(0.5)  # stands for Argon2
        return None

    monkeypatch.setattr(auth_forms, "authenticate", slow_authenticate)

    def attempt(i: int) -> None:
        try:
            start.wait()
            statuses.append(sign_in(Client(REMOTE_ADDR="203.0.113.7"), f"victim{i}", "guess").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(statuses) == threads_count
    assert len(checked) <= 1
    assert LoginFailure.objects.filter(ip="203.0.113.7").count() <= LIMIT
    assert statuses.count(429) >= threads_count - 1


# No user name kept (F11)

@pytest.mark.django_db
def test_a_failure_keeps_no_user_name_typed(officer):
    typed = "MySecretPassw0rd!"  # a password typed into the name box
    sign_in(Client(REMOTE_ADDR="203.0.113.7"), typed, "whatever")
    row = LoginFailure.objects.get()
    assert typed.casefold() not in row.username.casefold() and typed not in str(row)
    assert row.username == twofactor.account_key(typed) == twofactor.account_key(typed.upper())
    assert len(row.username) == 64


@pytest.mark.django_db
def test_the_account_lock_matches_the_name_in_any_case(officer):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(twofactor.MAX_FAILURES):
        sign_in(client, "OFFICER" if n % 2 else "officer", "wrong password")
    assert twofactor.is_locked("Officer")
    twofactor.clear_failures("officer")
    assert not twofactor.is_locked("officer")


@pytest.mark.django_db
def test_the_migration_replaces_the_names_kept_by_earlier_versions():
    migration = importlib.import_module("reprisals.accounts.migrations.0005_loginfailure_username_hmac")
    LoginFailure.objects.create(username="Someone", ip="203.0.113.7")
    migration.hash_names(apps, SimpleNamespace(connection=connection))
    assert list(LoginFailure.objects.values_list("username", flat=True)) == [twofactor.account_key("someone")]
