"""``reprisals token create NAME``: print a new API token for that account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.accounts.models import User
from reprisals.accounts.services import token_create


class Command(BaseCommand):
    help = "Manage API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="print a new API token for an account")
        create.add_argument("name")
        create.add_argument("--label", default="", help="what the token is for")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["name"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {opts['name']}")
        self.stdout.write(token_create(actor=None, user=user, name=opts["label"]))
