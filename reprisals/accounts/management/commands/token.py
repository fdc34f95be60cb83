"""``reprisals token create|list|revoke``: API tokens of an account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.accounts.models import ApiToken, User
from reprisals.accounts.services import token_create, token_revoke
from reprisals.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Manage API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="print a new API token for an account")
        create.add_argument("name")
        create.add_argument("--label", default="", help="what the token is for")
        listing = sub.add_parser("list", help="the tokens of one account, or of all (prefix, label, use, state)")
        listing.add_argument("name", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix (as `token list` shows it)")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **opts: Any) -> None:
        action = opts["action"]
        if action == "create":
            user = User.objects.filter(username=opts["name"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user named {opts['name']}")
            self.stdout.write(token_create(actor=None, user=user, name=opts["label"]))
        elif action == "list":
            self._list(opts["name"])
        else:
            try:
                token = token_revoke(actor=None, prefix=opts["prefix"])
            except ValidationFailed as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"revoked {token.prefix}… of {token.user.username}")

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
        if username:
            if not User.objects.filter(username=username).exists():
                raise CommandError(f"no user named {username}")
            tokens = tokens.filter(user__username=username)
        for t in tokens:
            used = t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "never used"
            state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "live"
            self.stdout.write(f"{t.prefix}\t{t.user.username}\t{t.name or '-'}\t{used}\t{state}")
