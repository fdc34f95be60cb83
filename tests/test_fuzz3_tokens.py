"""Odd labels, prefixes and lifetimes for an API token (``reprisals token create NAME --label … --days …``,
``token renew|revoke PREFIX``). A label longer than the register keeps, or holding a character that is not text
(a NUL, broken Unicode such as a lone surrogate that a terminal passes on), is refused naming ``name``; such a
character in a prefix is refused naming ``prefix``; a lifetime that is not a whole number of days in range is
refused naming ``days``. Nothing is written: no token, no audit entry."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from reprisals.accounts.models import ApiToken
from reprisals.accounts.services import token_create, token_renew, token_revoke
from reprisals.core.errors import ValidationFailed
from reprisals.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("label", ["x" * 101, "a\x00b", "bad \ud800 half", "bell\x07"],
                         ids=["too-long", "nul", "lone-surrogate", "control"])
def test_a_token_label_the_register_cannot_keep_is_refused_naming_it(officer, label):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        token_create(actor=None, user=officer, name=label)
    assert list(refused.value.fields) == ["name"]
    assert not ApiToken.objects.exists() and AuditEntry.objects.count() == before


@pytest.mark.parametrize("days", ["0", "-1", "99999999999999999999", "1e3", "٣", "3.0", "", " 7 "])
def test_the_command_names_what_is_wrong_with_an_odd_lifetime_or_creates_the_token(officer, days, capsys):
    if days.strip() in ("", "7"):
        call_command("token", "create", "officer", "--days", days)
        assert ApiToken.objects.count() == 1
        return
    with pytest.raises(CommandError, match="whole number of days"):
        call_command("token", "create", "officer", "--days", days)
    assert not ApiToken.objects.exists()


def test_the_command_refuses_an_over_long_label_with_its_message(officer):
    with pytest.raises(CommandError, match="100"):
        call_command("token", "create", "officer", "--label", "x" * 101)
    assert not ApiToken.objects.exists()


def test_a_label_of_the_longest_length_kept_is_accepted(officer):
    token_create(actor=None, user=officer, name="é" * 100)
    assert ApiToken.objects.get().name == "é" * 100


@pytest.mark.parametrize("prefix", ["rt_abc\x00def", "rt_ab\ud800cdef"], ids=["nul", "lone-surrogate"])
@pytest.mark.parametrize("action", ["renew", "revoke"])
def test_a_token_prefix_holding_a_character_that_is_not_text_is_refused_naming_it(officer, prefix, action):
    token_create(actor=None, user=officer, name="reporting")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        (token_renew if action == "renew" else token_revoke)(actor=None, prefix=prefix)
    assert list(refused.value.fields) == ["prefix"]
    token = ApiToken.objects.get()
    assert token.revoked_at is None and token.renewed_at is None and AuditEntry.objects.count() == before


@pytest.mark.parametrize("args", [["create", "off\udcffcer"], ["list", "off\udcffcer"], ["create", "a\x00b"]],
                         ids=["create-undecodable", "list-undecodable", "create-nul"])
def test_an_account_name_that_is_not_text_is_no_account(officer, args):
    """A terminal passes bytes that are not UTF-8 on as broken Unicode (``\\udcff``): no account has such a name."""
    with pytest.raises(CommandError, match="no (active )?user named"):
        call_command("token", *args)
    assert not ApiToken.objects.exists()
