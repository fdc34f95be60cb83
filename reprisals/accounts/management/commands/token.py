"""``reprisals token create|list|renew|revoke``: API tokens of an account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.models import TOKEN_DAYS, TOKEN_IDLE_DAYS, TOKEN_MAX_DAYS, ApiToken
from reprisals.accounts.selectors import users_named
from reprisals.accounts.services import token_create, token_renew, token_revoke
from reprisals.core.errors import ValidationFailed


def _when(moment: Any) -> str:
    """A moment as the token commands print it: local time to the minute."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


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
                user = users_named(opts["name"]).filter(is_active=True).first()
                if user is None:
                    raise CommandError(_("no active user named %(name)s") % {"name": ascii(opts["name"])[1:-1]})
                self.stdout.write(token_create(actor=None, user=user, name=opts["label"], days=opts["days"]))
            elif action == "list":
                self._list(opts["name"])
            elif action == "renew":
                token = token_renew(actor=None, prefix=opts["prefix"], days=opts["days"])
                self.stdout.write(_("renewed %(prefix)s… of %(user)s: expires %(at)s") % {
                    "prefix": token.prefix, "user": token.user.username, "at": _when(token.expires_at)})
            else:
                token = token_revoke(actor=None, prefix=opts["prefix"])
                self.stdout.write(_("revoked %(prefix)s… of %(user)s") % {"prefix": token.prefix,
                                                                          "user": token.user.username})
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
        if username:
            if not users_named(username).exists():
                raise CommandError(_("no user named %(name)s") % {"name": ascii(username)[1:-1]})
            tokens = tokens.filter(user__username=username)
        now = timezone.now()
        for t in tokens:
            used = _when(t.last_used_at) if t.last_used_at else _("never used")
            expires = _("expires %(at)s") % {"at": _when(t.expires_at)}
            lapse = t.lapse(now)
            if t.revoked_at:
                state = _("revoked %(at)s") % {"at": _when(t.revoked_at)}
            elif lapse == "expired":
                state = _("expired")
            elif lapse == "idle":
                state = _("expired (unused for more than %(days)d days)") % {"days": TOKEN_IDLE_DAYS}
            else:
                state = _("live")
            self.stdout.write("\t".join([t.prefix, t.user.username, t.name or "-", used, expires, state]))
