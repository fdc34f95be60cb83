"""Behind a reverse proxy, the client's address comes from ``X-Forwarded-For``, and only when the
request came from a proxy listed in ``REPRISALS_TRUSTED_PROXIES``: the audit log names the client, and
the sign-in limit per address counts each client apart instead of everyone behind the proxy together."""

from __future__ import annotations

import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from reprisals.accounts import twofactor
from reprisals.core.models import AuditEntry
from reprisals.core.proxies import client_address, parse_networks
from tests.conftest import PASSWORD

PROXY = "10.0.0.5"
NETWORKS = parse_networks("10.0.0.5, 10.1.0.0/16")


@pytest.mark.parametrize(("remote", "forwarded", "client"), [
    (PROXY, "203.0.113.7", "203.0.113.7"),  # the proxy appended the client
    (PROXY, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client wrote an address of its own to the left
    (PROXY, "203.0.113.7, 10.1.2.3", "203.0.113.7"),  # through two trusted proxies
    ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not from a trusted proxy: the header is the client's word
    (PROXY, "", PROXY),  # a trusted proxy that sent no header
    (PROXY, "not-an-address", PROXY),
    (PROXY, "2001:db8::1", "2001:db8::1"),
])
def test_the_client_is_the_right_most_address_that_is_not_a_trusted_proxy(remote, forwarded, client):
    assert client_address(remote, forwarded, NETWORKS) == client


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address(PROXY, "203.0.113.7", ()) == PROXY


def test_a_malformed_proxy_is_refused_by_name():
    with pytest.raises(ImproperlyConfigured, match="'10.0.0.300'"):
        parse_networks("10.0.0.5, 10.0.0.300")
    assert parse_networks(" 10.0.0.0/8 ,, ::1 ") == (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1"))


@pytest.mark.django_db
def test_the_audit_log_names_the_client_behind_a_trusted_proxy(settings, officer):
    settings.TRUSTED_PROXIES = PROXY
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    client.post(reverse("login"), {"username": "officer", "password": "wrong password"})
    entries = AuditEntry.objects.exclude(ip="")
    assert entries.exists() and set(entries.values_list("ip", flat=True)) == {"203.0.113.7"}


@pytest.mark.django_db
def test_a_forged_header_from_a_client_is_not_believed(settings, officer):
    settings.TRUSTED_PROXIES = PROXY
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    client.post(reverse("login"), {"username": "officer", "password": "wrong password"})
    assert set(AuditEntry.objects.exclude(ip="").values_list("ip", flat=True)) == {"203.0.113.9"}


@pytest.mark.django_db
def test_a_sprayer_behind_the_proxy_does_not_shut_out_the_other_clients(settings, officer):
    settings.TRUSTED_PROXIES = PROXY
    sprayer = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    for n in range(twofactor.ADDRESS_MAX_FAILURES):
        sprayer.post(reverse("login"), {"username": f"person{n}", "password": "Spring2026!Spring2026!"})
    assert sprayer.post(reverse("login"), {"username": "officer", "password": PASSWORD}).status_code == 429
    colleague = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert colleague.post(reverse("login"), {"username": "officer", "password": PASSWORD}).status_code == 302
