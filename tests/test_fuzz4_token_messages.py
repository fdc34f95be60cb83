"""What ``reprisals token create|list|renew|revoke`` prints goes through the translation machinery like every
other message of the product: the same English text as before, and the language's own in another language."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from reprisals.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_token_commands_print_the_same_english_text(officer):
    run("create", "officer", "--label", "reporting")
    prefix = ApiToken.objects.get().prefix
    listed = run("list", "officer").rstrip("\n").split("\t")
    assert listed[:4] == [prefix, "officer", "reporting", "never used"]
    assert listed[4].startswith("expires ") and listed[5] == "live"
    assert run("renew", prefix, "--days", "30").startswith(f"renewed {prefix}… of officer: expires ")
    assert run("revoke", prefix) == f"revoked {prefix}… of officer\n"
    assert run("list").rstrip("\n").split("\t")[5].startswith("revoked ")
    with pytest.raises(CommandError, match="^no active user named nobody$"):
        run("create", "nobody")
    with pytest.raises(CommandError, match="^no user named nobody$"):
        run("list", "nobody")


def test_the_token_commands_speak_the_language_in_use(officer):
    run("create", "officer")
    prefix = ApiToken.objects.get().prefix
    with translation.override("fr"):
        listed = run("list", "officer").rstrip("\n").split("\t")
        assert listed[3] == "jamais utilisé" and listed[4].startswith("expire le ") and listed[5] == "en vigueur"
        assert run("renew", prefix).startswith(f"{prefix}… de officer renouvelé : expire le ")
        assert run("revoke", prefix) == f"{prefix}… de officer révoqué\n"
        with pytest.raises(CommandError, match="^aucun compte actif nommé nobody$"):
            run("create", "nobody")
