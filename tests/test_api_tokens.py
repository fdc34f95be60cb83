"""API tokens: what a bearer token opens, when it stops working, and how it is listed and revoked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from reprisals.accounts.models import ApiToken
from reprisals.accounts.services import token_create, token_revoke
from reprisals.core.audit import AuditEntry
from reprisals.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def get_cases(token: str) -> int:
    return Client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}).status_code


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_live_token_opens_the_api_and_its_use_is_recorded(officer):
    token = token_create(actor=None, user=officer)
    assert get_cases(token) == 200
    assert ApiToken.objects.get(user=officer).last_used_at is not None


def test_the_token_gives_the_whole_account_as_the_database_holds_it(officer):
    from reprisals.accounts.models import User
    from reprisals.core.api_auth import token_user

    token = token_create(actor=None, user=officer)
    user = token_user(token)
    stored = User.objects.get(pk=officer.pk)
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(stored, field.attname), field.name
    assert timezone.is_aware(user.date_joined) and user.is_active is True
    assert user._state.adding is False and user._state.db == "default"
    assert token_user(token + "x") is None and token_user("") is None


def test_last_use_is_written_at_most_every_five_minutes(officer):
    token = token_create(actor=None, user=officer)
    recent = timezone.now() - dt.timedelta(minutes=4)
    ApiToken.objects.filter(user=officer).update(last_used_at=recent)
    assert get_cases(token) == 200
    assert ApiToken.objects.get(user=officer).last_used_at == recent
    stale = timezone.now() - dt.timedelta(minutes=6)
    ApiToken.objects.filter(user=officer).update(last_used_at=stale)
    assert get_cases(token) == 200
    assert ApiToken.objects.get(user=officer).last_used_at > stale


def test_a_revoked_token_gets_401_at_the_next_request(officer):
    token = token_create(actor=None, user=officer)
    assert get_cases(token) == 200
    revoked = token_revoke(actor=None, prefix=token[:10])
    assert revoked.revoked_at is not None
    assert get_cases(token) == 401
    assert AuditEntry.objects.filter(action="token.revoke", object_id=str(revoked.pk)).exists()


def test_a_deactivated_account_cannot_use_its_token(officer):
    token = token_create(actor=None, user=officer)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert get_cases(token) == 401


def test_the_role_still_decides_what_a_valid_token_may_do(state_user):
    token = token_create(actor=None, user=state_user)
    assert get_cases(token) == 403


def test_revoking_needs_a_prefix_that_names_exactly_one_live_token(officer):
    token_create(actor=None, user=officer)
    with pytest.raises(ValidationFailed) as short:
        token_revoke(actor=None, prefix="rt_")
    assert "prefix" in short.value.fields
    with pytest.raises(ValidationFailed) as unknown:
        token_revoke(actor=None, prefix="rt_nothing")
    assert "prefix" in unknown.value.fields


def test_cli_lists_tokens_without_their_secret_and_revokes_one(officer):
    token = run("token", "create", "officer").strip()
    listed = run("token", "list", "officer")
    assert token[:10] in listed and token not in listed and "live" in listed
    assert "revoked" in run("token", "revoke", token[:10])
    assert "revoked" in run("token", "list")
    assert get_cases(token) == 401
    with pytest.raises(CommandError, match="no live token"):
        run("token", "revoke", token[:10])
