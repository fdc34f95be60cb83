"""Stale sign-in failures and address refusals (older than the lockout's window) are dropped at most once a
minute in a process, not by two DELETEs at every attempt: dropping them is only housekeeping, since every
count reads the window alone. Measured with the queries each sign-in attempt sends."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reprisals.accounts import twofactor
from reprisals.accounts.models import LoginFailure, SignInAddressBlock
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SPRAYER = "203.0.113.7"
LIMIT = twofactor.ADDRESS_MAX_FAILURES


def sign_in(username: str, password: str, ip: str = SPRAYER) -> int:
    return Client(REMOTE_ADDR=ip).post(reverse("login"), {"username": username, "password": password}).status_code


def deletes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("DELETE")]


def age(minutes: int) -> None:
    LoginFailure.objects.update(at=F("at") - dt.timedelta(minutes=minutes))
    SignInAddressBlock.objects.update(tripped_at=F("tripped_at") - dt.timedelta(minutes=minutes))


def a_purge_ago() -> float:
    """A moment longer ago than the interval between purges (getattr: the module may predate it)."""
    return time.monotonic() - getattr(twofactor, "PURGE_EVERY", 60) - 1


@pytest.fixture
def purged_just_now(monkeypatch):
    monkeypatch.setattr(twofactor, "_purged_at", time.monotonic(), raising=False)


@pytest.fixture
def purge_due(monkeypatch):
    monkeypatch.setattr(twofactor, "_purged_at", a_purge_ago(), raising=False)


def test_a_failed_attempt_sends_no_purge_delete_between_purges(officer, purged_just_now):
    assert sign_in("officer", "wrong") == 200
    with CaptureQueriesContext(connection) as queries:
        assert sign_in("officer", "wrong") == 200
    assert deletes(queries) == []  # two purge DELETEs at every attempt before
    assert LoginFailure.objects.count() == 2


def test_a_right_password_deletes_only_its_reservation_between_purges(officer, purged_just_now):
    with CaptureQueriesContext(connection) as queries:
        assert sign_in("officer", PASSWORD) == 302
    assert len(deletes(queries)) == 1 and "accounts_loginfailure" in deletes(queries)[0]
    assert not LoginFailure.objects.exists()


def test_stale_rows_are_purged_once_the_interval_has_passed(officer, purge_due):
    for n in range(LIMIT):
        assert sign_in(f"person{n}", "wrong") == 200
    assert sign_in("officer", PASSWORD) == 429
    age(16)
    twofactor._purged_at = a_purge_ago()
    with CaptureQueriesContext(connection) as queries:
        assert sign_in("officer", PASSWORD) == 302
    assert len(deletes(queries)) == 3  # the two purges, then the withdrawn reservation
    assert not LoginFailure.objects.exists() and not SignInAddressBlock.objects.exists()


def test_stale_rows_left_between_purges_count_for_nothing(officer, purged_just_now):
    for n in range(LIMIT):
        assert sign_in(f"person{n}", "wrong") == 200
    for _ in range(twofactor.MAX_FAILURES):
        assert sign_in("officer", "wrong", ip="198.51.100.20") == 200
    assert sign_in("officer", PASSWORD) == 429
    age(16)
    assert sign_in("officer", PASSWORD) == 302  # neither the address nor the account counts them any more
    assert LoginFailure.objects.count() == LIMIT + twofactor.MAX_FAILURES  # not purged yet
