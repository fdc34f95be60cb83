"""``reprisals token create|list|renew|revoke``: API tokens of an account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reprisals.accounts.models import TOKEN_DAYS, TOKEN_IDLE_DAYS, TOKEN_MAX_DAYS, ApiToken, User
from reprisals.accounts.services import token_create, token_renew, token_revoke
from reprisals.core.errors import ValidationFailed
from reprisals.core.text import text_problem


def _named(username: str) -> Any:
    """The accounts named ``username``: none when it holds a character that is not text (a NUL, or broken Unicode
    such as ``\\udcff`` for a byte of the terminal that is not UTF-8), which no database query could hold."""
    return User.objects.none() if text_problem(username) else User.objects.filter(username=username)


class Command(BaseCommand):
    help = "Manage API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="print a new API token for an account")
        create.add_argument("name")
        create.add_argument("--label", default="", help="what the token is for")
        days = (f"days until the token expires (default {TOKEN_DAYS}, at most {TOKEN_MAX_DAYS}); unused for "
                f"more than {TOKEN_IDLE_DAYS} days it stops working earlier")
        create.add_argument("--days", default=None, help=days)
        listing = sub.add_parser("list", help="the tokens of one account, or of all (prefix, label, use, expiry, "
                                              "state)")
        listing.add_argument("name", nargs="?")
        renew = sub.add_parser("renew", help="give a token (by its prefix) a new expiry and restart its idle time")
        renew.add_argument("prefix")
        renew.add_argument("--days", default=None, help=days)
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix (as `token list` shows it)")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **opts: Any) -> None:
        action = opts["action"]
        try:
            if action == "create":
                user = _named(opts["name"]).filter(is_active=True).first()
                if user is None:
                    raise CommandError(f"no active user named {ascii(opts['name'])[1:-1]}")
                self.stdout.write(token_create(actor=None, user=user, name=opts["label"], days=opts["days"]))
            elif action == "list":
                self._list(opts["name"])
            elif action == "renew":
                token = token_renew(actor=None, prefix=opts["prefix"], days=opts["days"])
                self.stdout.write(f"renewed {token.prefix}… of {token.user.username}: expires "
                                  f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}")
            else:
                token = token_revoke(actor=None, prefix=opts["prefix"])
                self.stdout.write(f"revoked {token.prefix}… of {token.user.username}")
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
        if username:
            if not _named(username).exists():
                raise CommandError(f"no user named {ascii(username)[1:-1]}")
            tokens = tokens.filter(user__username=username)
        now = timezone.now()
        for t in tokens:
            used = f"{timezone.localtime(t.last_used_at):%Y-%m-%d %H:%M}" if t.last_used_at else "never used"
            expires = f"expires {timezone.localtime(t.expires_at):%Y-%m-%d %H:%M}"
            lapse = t.lapse(now)
            if t.revoked_at:
                state = f"revoked {timezone.localtime(t.revoked_at):%Y-%m-%d %H:%M}"
            elif lapse == "expired":
                state = "expired"
            elif lapse == "idle":
                state = f"expired (unused for more than {TOKEN_IDLE_DAYS} days)"
            else:
                state = "live"
            self.stdout.write(f"{t.prefix}\t{t.user.username}\t{t.name or '-'}\t{used}\t{expires}\t{state}")
