"""``reprisals user add NAME --role ROLE [--state ISO3] [--entity CODE] [--password-stdin]`` and
``reprisals user password NAME [--password-stdin]``."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.accounts.roles import Role
from reprisals.accounts.selectors import users_named
from reprisals.accounts.services import user_create, user_set_password
from reprisals.cases.services import country_by_code, entity_by_code
from reprisals.core.errors import DomainError
from reprisals.core.text import text_problem


class Command(BaseCommand):
    help = "Manage accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="create an account")
        add.add_argument("name")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--state", help="ISO 3166-1 alpha-3 code (State mission users)")
        add.add_argument("--entity", help="entity code (focal points and submitters)")
        add.add_argument("--email", default="")
        add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        add.add_argument("--no-password", action="store_true", help="API tokens only, no web login")
        change = sub.add_parser("password", help="set a new password (ends the account's web sessions)")
        change.add_argument("name")
        change.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "password":
            self._password(opts)
            return
        for option in ("state", "entity"):
            problem = text_problem(opts[option]) if opts[option] else None
            if problem:
                raise CommandError(f"--{option}: {problem}")
        password: str | None = None
        if opts["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
            if not password:  # an account without a password is asked for by name, never by an empty input
                raise CommandError("--password-stdin: standard input held no password (for an account with API "
                                   "tokens only, give --no-password)")
        elif not opts["no_password"]:
            password = self._ask()
        try:
            user = user_create(
                actor=None,
                username=opts["name"],
                role=opts["role"],
                password=password,
                country=country_by_code(opts["state"], "state") if opts["state"] else None,
                entity=entity_by_code(opts["entity"], "entity") if opts["entity"] else None,
                email=opts["email"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"created {user.username} ({user.role})")

    def _ask(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("give --password-stdin or --no-password when not at a terminal")
        return getpass.getpass("Password: ")

    def _password(self, opts: dict[str, Any]) -> None:
        user = users_named(opts["name"]).first()
        if user is None:
            raise CommandError(f"no user named {opts['name']}")
        if opts["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = self._ask()
            if getpass.getpass("Again: ") != password:
                raise CommandError("the two passwords differ")
        try:
            user_set_password(actor=None, user=user, password=password)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"password of {user.username} changed; its web sessions ended")
