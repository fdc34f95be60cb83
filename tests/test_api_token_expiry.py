"""API tokens end: each has an expiry (90 days by default, chosen at creation up to 365, renewable), and one
unused for more than 30 days stops working before it. A lapsed token gets 401 saying it expired, the first
refusal is audited, and the expiry shows wherever tokens are listed. Tokens that existed before expiries
were introduced get 90 days from the migration, not an end at once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from reprisals.accounts.models import TOKEN_DAYS, TOKEN_IDLE_DAYS, TOKEN_MAX_DAYS, ApiToken
from reprisals.accounts.services import token_create, token_renew
from reprisals.core.audit import AuditEntry
from reprisals.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def get_cases(token: str):
    return Client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def test_a_new_token_expires_after_the_default_lifetime_or_the_days_chosen(officer):
    before = timezone.now()
    token_create(actor=None, user=officer, name="default")
    token_create(actor=None, user=officer, name="short", days=7)
    token_create(actor=None, user=officer, name="long", days=str(TOKEN_MAX_DAYS))
    lifetimes = {t.name: t.expires_at - before for t in ApiToken.objects.filter(user=officer)}
    for name, days in (("default", TOKEN_DAYS), ("short", 7), ("long", TOKEN_MAX_DAYS)):
        assert dt.timedelta(days=days) <= lifetimes[name] < dt.timedelta(days=days, minutes=1), name
    assert TOKEN_DAYS == 90 and TOKEN_IDLE_DAYS == 30
    created = AuditEntry.objects.filter(action="token.create").first()
    assert created.payload["expires"]


@pytest.mark.parametrize("days", [0, -3, TOKEN_MAX_DAYS + 1, "abc", "7.5", 2.5])
def test_a_lifetime_outside_one_day_to_the_maximum_is_refused_naming_days_and_nothing_is_created(officer, days):
    with pytest.raises(ValidationFailed) as refused:
        token_create(actor=None, user=officer, days=days)
    assert "days" in refused.value.fields and str(TOKEN_MAX_DAYS) in refused.value.message
    assert not ApiToken.objects.filter(user=officer).exists()
    assert not AuditEntry.objects.filter(action="token.create").exists()


def test_a_token_past_its_expiry_gets_401_saying_it_expired(officer):
    token = token_create(actor=None, user=officer)
    assert get_cases(token).status_code == 200
    ApiToken.objects.filter(user=officer).update(expires_at=timezone.now() - dt.timedelta(seconds=1),
                                                 last_used_at=days_ago(1))
    response = get_cases(token)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "token_expired" and "expired" in error["message"]
    assert ApiToken.objects.get(user=officer).last_used_at < days_ago(0.9)  # a refusal is no use


def test_a_token_unused_for_more_than_the_idle_limit_stops_working_before_its_expiry(officer):
    token = token_create(actor=None, user=officer, days=TOKEN_MAX_DAYS)
    ApiToken.objects.filter(user=officer).update(created_at=days_ago(100), last_used_at=days_ago(TOKEN_IDLE_DAYS - 1))
    assert get_cases(token).status_code == 200
    ApiToken.objects.filter(user=officer).update(last_used_at=days_ago(TOKEN_IDLE_DAYS + 1))
    response = get_cases(token)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "token_expired" and "unused since" in error["message"]


def test_a_token_created_long_ago_and_never_used_is_idle(officer):
    token = token_create(actor=None, user=officer)
    ApiToken.objects.filter(user=officer).update(created_at=days_ago(3 * 365), last_used_at=None)
    assert get_cases(token).status_code == 401


def test_the_first_refusal_of_a_lapsed_token_is_audited_once_not_at_every_retry(officer):
    token = token_create(actor=None, user=officer)
    stored = ApiToken.objects.get(user=officer)
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=days_ago(1))
    for _ in range(3):
        assert get_cases(token).status_code == 401
    refusals = AuditEntry.objects.filter(action="token.expired", object_id=str(stored.pk))
    assert refusals.count() == 1
    assert refusals.get().payload == {"user": officer.pk, "reason": "expired"}


def test_an_unknown_token_is_still_the_plain_401(officer):
    response = get_cases("rt_" + "x" * 43)
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_renewing_gives_a_new_expiry_and_restarts_the_idle_time(officer):
    token = token_create(actor=None, user=officer)
    ApiToken.objects.filter(user=officer).update(created_at=days_ago(200), last_used_at=days_ago(60),
                                                 expires_at=days_ago(10))
    assert get_cases(token).status_code == 401
    renewed = token_renew(actor=None, prefix=token[:10], days=30)
    assert dt.timedelta(days=29) < renewed.expires_at - timezone.now() <= dt.timedelta(days=30)
    assert get_cases(token).status_code == 200
    assert AuditEntry.objects.filter(action="token.renew", object_id=str(renewed.pk)).exists()
    with pytest.raises(ValidationFailed) as refused:
        token_renew(actor=None, prefix=token[:10], days=TOKEN_MAX_DAYS + 1)
    assert "days" in refused.value.fields


def test_the_cli_creates_with_days_renews_and_lists_the_expiry_and_the_lapsed_state(officer):
    token = run("token", "create", "officer", "--days", "10").strip()
    stored = ApiToken.objects.get(user=officer)
    assert f"expires {timezone.localtime(stored.expires_at):%Y-%m-%d}" in run("token", "list", "officer")
    with pytest.raises(CommandError, match="days"):
        run("token", "create", "officer", "--days", "1000")
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=days_ago(1))
    line = run("token", "list", "officer").strip()
    assert line.endswith("\texpired") and "live" not in line
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=days_ago(-50), created_at=days_ago(45),
                                                       last_used_at=days_ago(40))
    assert "unused for more than 30 days" in run("token", "list", "officer")
    assert "renewed" in run("token", "renew", token[:10], "--days", "20")
    assert run("token", "list", "officer").strip().endswith("\tlive")
    assert get_cases(token).status_code == 200


def test_the_admin_token_list_shows_the_expiry(officer, admin_user):
    from tests.conftest import client_for

    token_create(actor=None, user=officer)
    page = client_for(admin_user).get("/admin/accounts/apitoken/").content.decode()
    assert "column-expires_at" in page


BEFORE = ("accounts", "0005_loginfailure_username_hmac")
AFTER = ("accounts", "0006_api_token_expiry")


@pytest.mark.django_db(transaction=True)
def test_tokens_existing_at_the_migration_get_the_default_lifetime_from_the_migration(officer, migrations_restored):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    Old = executor.loader.project_state([BEFORE]).apps.get_model("accounts", "ApiToken")
    secret = "rt_old_integration_token_secret"
    old = Old.objects.create(user_id=officer.pk, name="old", prefix=secret[:10], digest=ApiToken.digest_of(secret))
    Old.objects.filter(pk=old.pk).update(created_at=days_ago(3 * 365), last_used_at=days_ago(400))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    migrated_at = timezone.now()
    executor.migrate([AFTER])
    token = ApiToken.objects.get(pk=old.pk)
    assert migrated_at <= token.renewed_at <= timezone.now()
    assert token.expires_at - token.renewed_at == pytest.approx(dt.timedelta(days=TOKEN_DAYS), abs=dt.timedelta(
        seconds=5))
    assert token.lapse(timezone.now()) is None  # not cut off at once
    assert get_cases(secret).status_code == 200
    assert token.lapse(timezone.now() + dt.timedelta(days=TOKEN_IDLE_DAYS + 1)) == "idle"  # unless still unused
    assert token.lapse(token.expires_at) == "expired"
