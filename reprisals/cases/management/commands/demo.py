"""``reprisals demo [--cases N] [--seed S]``: load reference data, demo accounts and synthetic cases."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from reprisals.accounts.models import User
from reprisals.accounts.roles import Role
from reprisals.accounts.services import user_create
from reprisals.cases.demo import demo_load
from reprisals.followup.demo import demo_followup
from reprisals.linkage.services import allegation_duplicates_run, linkage_run
from reprisals.reference.loaders import load_reference_data
from reprisals.reference.models import Country, Entity
from reprisals.trackers.demo import demo_summary, demo_trackers

DEMO_USERS = [
    ("officer", Role.CASE_OFFICER, "Ana Officer"),
    ("officer2", Role.CASE_OFFICER, "Bo Officer"),
    ("reviewer", Role.REVIEWER, "Rui Reviewer"),
    ("senior", Role.SENIOR_OFFICIAL, "Sam Senior"),
    ("focal", Role.FOCAL_POINT, "Fay Focal"),
    ("auditor", Role.AUDITOR, "Ada Auditor"),
    ("admin", Role.ADMIN, "Adi Admin"),
    ("mission", Role.STATE, "Mo Mission"),
]


class Command(BaseCommand):
    help = "Load a realistic synthetic dataset (deterministic for a seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when cases already exist")
        parser.add_argument("--no-users", action="store_true", help="do not create the demo accounts")

    def handle(self, *args: Any, **opts: Any) -> None:
        from reprisals.cases.models import Case

        if opts["cases"] < 0:
            self.stderr.write("--cases must be 0 or more")
            raise SystemExit(2)
        load_reference_data()
        if opts["if_empty"] and Case.objects.exists():
            self.stdout.write("demo data already present; nothing loaded")
            return
        password = None if opts["no_users"] else self._users()
        officers = list(User.objects.filter(role__in=[Role.CASE_OFFICER, Role.REVIEWER]))
        started = time.monotonic()
        created = demo_load(actor=None, cases=opts["cases"], seed=opts["seed"], officers=officers)
        self.stdout.write(f"loaded {created} demo cases in {time.monotonic() - started:.1f}s")
        self.stdout.write(f"loaded {demo_followup(seed=opts['seed'])} demo communications with States")
        self.stdout.write("trackers: " + demo_summary(demo_trackers(opts["seed"])))
        # The demo cases are written directly, not through intake, which proposes matches as reports
        # arrive: one run over the register stands for it, so the review queues hold what they would.
        persons, allegations = linkage_run(actor=None), allegation_duplicates_run(actor=None)
        self.stdout.write(f"linkage: {persons.proposed} pairs of reports and {allegations.proposed} pairs of "
                          "allegations proposed for review")
        if password:
            self.stdout.write(f"demo logins: {', '.join(u for u, _r, _n in DEMO_USERS)}; password: {password}")

    def _users(self) -> str | None:
        """Create the demo accounts once, with one random password written to var/demo-login.txt."""
        if User.objects.filter(username="officer").exists():
            return None
        password = "demo-" + secrets.token_urlsafe(9)
        entity = Entity.objects.filter(code="ISHR").first() or Entity.objects.order_by("code").first()
        state = Country.objects.filter(iso3="BHR").first()
        for username, role, full_name in DEMO_USERS:
            user_create(actor=None, username=username, role=role, password=password, full_name=full_name,
                        entity=entity if role == Role.FOCAL_POINT else None,
                        country=state if role == Role.STATE else None)
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        (settings.VAR_DIR / "demo-login.txt").write_text(
            f"users: {', '.join(u for u, _r, _n in DEMO_USERS)}\npassword: {password}\n", encoding="utf-8")
        return password
