"""What keeping the register-wide list of names (``RegisterNames.load``) costs on every public request.

A register with 50,000 parties (``--scale``) beyond the few cases of one final report. Measured side by side
in one process: ``SELECT 1`` (a round trip), the names version query (what a cache hit reads now), the full
read of every party's names (what every call read before the names version, to check the kept list), a
``load()`` that hits the kept list, one that must make it again, and the public case list (``/public/cases/``)
as shipped and with the names version ignored (every request compares the rows, as before).

Own databases: PostgreSQL ``reprisals_bench_names`` (``BENCH_NAMES_PG_URL``) and SQLite
``var/bench_names.sqlite3``.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import os
import secrets
import time
from pathlib import Path

from bench.report import p50, percentile, write_section

SCALE = 50_000
ROUNDS = 200
PAGE_ROUNDS = 40
PG_URL = os.environ.get("BENCH_NAMES_PG_URL", "postgres://postgres@127.0.0.1:5432/reprisals_bench_names")


def configure(db: str, fresh: bool) -> None:
    """As ``bench.setup.configure``, with this benchmark's own databases and key file."""
    os.environ.setdefault("REPRISALS_SECRET_KEY", secrets.token_urlsafe(50))
    var = Path(os.environ.get("REPRISALS_VAR_DIR", "var"))
    var.mkdir(parents=True, exist_ok=True)
    key_file = var / f"bench-{db}_names.key"
    if not key_file.exists():
        key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    os.environ["REPRISALS_DATA_KEY"] = key_file.read_text().strip()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reprisals.settings")
    if db == "postgres":
        from bench.__main__ import ensure_pg_database

        ensure_pg_database(PG_URL)
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    if db == "sqlite":
        settings.DATABASES["default"]["NAME"] = str(var / "bench_names.sqlite3")
    django.setup()
    from django.core.management import call_command

    if fresh:
        call_command("flush", "--no-input", verbosity=0)
    call_command("migrate", verbosity=0)


def ensure_register(n: int) -> None:
    """One final report of a few publishable cases, and ``n`` parties in all."""
    from reprisals.accounts.models import User
    from reprisals.accounts.services import user_create
    from reprisals.cases.models import AffectedParty
    from reprisals.reference.loaders import load_reference_data
    from reprisals.reference.models import Country
    from reprisals.reports import services
    from reprisals.reports.models import ReportingPeriod
    from reprisals.reports.testdata import make_case

    load_reference_data()
    officer = (User.objects.filter(username="bench-names-officer").first()
               or user_create(actor=None, username="bench-names-officer", role="case_officer"))
    senior = (User.objects.filter(username="bench-names-senior").first()
              or user_create(actor=None, username="bench-names-senior", role="senior_official"))
    if not ReportingPeriod.objects.filter(symbol="A/HRC/BENCH/NAMES").exists():
        egypt = Country.objects.get(iso3="EGY")
        for i in range(5):
            make_case(actor=officer, country=egypt, name=f"Published Person{i}",
                      summary=f"Published Person{i} was stopped at the airport.")
        period = services.period_create(actor=officer, start=dt.date(2015, 5, 1), end=dt.date(2016, 4, 30),
                                        symbol="A/HRC/BENCH/NAMES")
        services.report_finalise(actor=senior, period=period)
    have = AffectedParty.objects.count()
    if have < n:
        print(f"   adding {n - have} parties ...", flush=True)
        case = make_case(actor=officer, country=Country.objects.get(iso3="EGY"), name="Filler Holder",
                         incident="2020-01", received=dt.date(2020, 1, 10))  # outside the report
        batch = []
        for i in range(have, n):
            anonymous = i % 10 == 0
            batch.append(AffectedParty(
                case=case, kind="individual", name="" if anonymous else f"Filler Person{i} Surname{i % 997}",
                is_anonymous=anonymous, protected_name=f"Hidden Person{i}" if anonymous else "",
                name_variants=[f"Filler Persson{i}"] if i % 5 == 1 else []))
            if len(batch) == 5000:
                AffectedParty.objects.bulk_create(batch)
                batch = []
        AffectedParty.objects.bulk_create(batch)


def timed(fn, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", type=int, default=SCALE)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    configure(args.db, args.fresh)
    from django.db import connection
    from django.test import Client

    from reprisals.cases.models import AffectedParty
    from reprisals.reports import redaction
    from reprisals.reports.redaction import NAMES_VERSION_SQL, RegisterNames

    ensure_register(args.scale)
    parties = AffectedParty.objects.count()
    client = Client(HTTP_HOST="localhost")
    assert client.get("/public/cases/").status_code == 200

    def sql(query: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(query)
                cursor.fetchall()
        return run

    def rebuild() -> None:
        redaction._LAST = None
        RegisterNames.load()

    real_version = redaction.names_version

    def page(ignore_version: bool):  # type: ignore[no-untyped-def]
        def run() -> None:
            kept = redaction._LAST  # the other way's request must not pay for this one's
            redaction.names_version = (lambda: None) if ignore_version else real_version  # type: ignore[assignment]
            try:
                response = client.get("/public/cases/")
            finally:
                redaction.names_version = real_version  # type: ignore[assignment]
                redaction._LAST = kept
            assert response.status_code == 200
        return run

    RegisterNames.load()
    measures = [
        ("`SELECT 1`", sql("SELECT 1"), ROUNDS),
        ("the names version query (a cache hit reads this)", sql(NAMES_VERSION_SQL[connection.vendor]), ROUNDS),
        ("`RegisterNames.load()`, cache hit", RegisterNames.load, ROUNDS),
        ("the full read of every name (the check every call made before)", RegisterNames.read_rows, 20),
        ("`RegisterNames.load()`, the list made again", rebuild, 5),
    ]
    results: dict[str, list[float]] = {}
    for label, fn, rounds in measures:
        fn()  # warm
        results[label] = timed(fn, rounds)
    RegisterNames.load()
    new_page, old_page = page(False), page(True)
    new_page()
    old_page()
    pages: dict[str, list[float]] = {"new": [], "old": []}
    for _ in range(PAGE_ROUNDS):  # interleaved
        pages["new"] += timed(new_page, 1)
        pages["old"] += timed(old_page, 1)

    base = p50(results["`SELECT 1`"])
    rows = ["| operation | p50 ms | p95 ms | × `SELECT 1` |", "|---|---|---|---|"]
    for label, samples in results.items():
        rows.append(f"| {label} | {p50(samples):.3f} | {percentile(samples, 0.95):.3f} | {p50(samples) / base:,.0f} |")
        print(rows[-1], flush=True)
    new, old = p50(pages["new"]), p50(pages["old"])
    rows.append(f"| public case list, as shipped | {new:.1f} | {percentile(pages['new'], 0.95):.1f} | |")
    rows.append(f"| public case list, comparing every row at each request (before) | {old:.1f} "
                f"| {percentile(pages['old'], 0.95):.1f} | |")
    print("\n".join(rows[-2:]), flush=True)
    hit, check = p50(results["`RegisterNames.load()`, cache hit"]), p50(
        results["the full read of every name (the check every call made before)"])
    body = (f"{parties:,} parties in the register; {ROUNDS} rounds of each query and cache hit after a warm-up, "
            f"{PAGE_ROUNDS} requests of `/public/cases/` each way, interleaved, in one process. A cache hit now "
            f"costs {hit:.2f} ms against {check:.1f} ms for reading every name as each call did before "
            f"({check / hit:,.0f}× less); the public case list takes {new:.1f} ms against {old:.1f} ms "
            f"({old / new:.1f}× faster).\n\n" + "\n".join(rows))
    write_section(f"names_version:{args.db}", f"Register-wide names: the kept list's check ({args.db})", body)


if __name__ == "__main__":
    main()
