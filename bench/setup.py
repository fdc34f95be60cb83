"""Shared set-up for a benchmark process: keys, its own database, Django, a bench user and token."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def configure(db: str, *, fresh: bool = False) -> None:
    os.environ.setdefault("REPRISALS_SECRET_KEY", secrets.token_urlsafe(50))
    # One fixed throwaway key per bench database file, so a re-run can read what an earlier run wrote.
    var = Path(os.environ.get("REPRISALS_VAR_DIR", "var"))
    var.mkdir(parents=True, exist_ok=True)
    key_file = var / f"bench-{db}.key"
    if not key_file.exists():
        key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    os.environ["REPRISALS_DATA_KEY"] = key_file.read_text().strip()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reprisals.settings")
    if db == "sqlite":
        os.environ["BENCH_SQLITE_PATH"] = str(var / "bench.sqlite3")
    import django
    from django.conf import settings

    if db == "sqlite":
        settings.DATABASES["default"]["NAME"] = os.environ["BENCH_SQLITE_PATH"]
    django.setup()
    from django.core.management import call_command

    if fresh:
        call_command("flush", "--no-input", verbosity=0)
        call_command("migrate", "cases", "0001", verbosity=0)  # drops and re-creates the search index
    call_command("migrate", verbosity=0)


def ensure_cases(n: int) -> int:
    """Top the register up to ``n`` demo cases; returns the count."""
    from reprisals.accounts.models import User
    from reprisals.cases.demo import demo_load
    from reprisals.cases.models import Case
    from reprisals.reference.loaders import load_reference_data

    load_reference_data()
    have = Case.objects.count()
    if have < n:
        officers = list(User.objects.filter(role="case_officer"))
        print(f"   loading {n - have} demo cases ...", flush=True)
        demo_load(actor=None, cases=n - have, seed=1000 + have, officers=officers)
    return Case.objects.count()


def bench_user(username: str = "bench-officer", role: str = "case_officer"):  # type: ignore[no-untyped-def]
    from reprisals.accounts.models import User
    from reprisals.accounts.services import token_create, user_create

    user = User.objects.filter(username=username).first() or user_create(actor=None, username=username, role=role)
    return user, token_create(actor=None, user=user, name="bench")
