"""Issue 3: bulk import of a large CSV file (default 1,000,000 rows) beside a bare bulk insert.

The application path is ``reprisals import FILE --source ISHR`` run in a child process (both passes:
every row validated, then all inserted in one transaction with its allegation, audited once); its peak
memory is the child's ``ru_maxrss``. The baseline, in the same run and on the same database, inserts the
same rows into the same two tables (``cases_allegation`` and ``intake_submission``, the same columns)
with ``executemany`` in one transaction, from the same file read by the bare ``csv`` module: no
validation, no encryption, no ORM. The ratio of rows per second is what to compare across machines.

Own databases: ``var/bench_intake.sqlite3`` and the PostgreSQL database ``reprisals_bench_intake``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_URL = os.environ.get("BENCH_INTAKE_PG_URL", "postgres://postgres@127.0.0.1:5432/reprisals_bench_intake")
COLUMNS = ["sender_reference", "country", "what_happened", "incident_date", "place", "forms", "perpetrator",
           "un_body", "engagement_kind", "engagement_date", "person_name", "person_gender", "person_roles",
           "consent_raise_with_state", "in_danger"]
COUNTRIES = ["BHR", "CHN", "EGY", "VEN", "MMR", "RUS", "IRN", "SAU", "BLR", "NIC", "CUB", "IND", "TUR", "VNM"]
FORMS = ["travel_ban", "arbitrary_arrest", "detention", "threats", "smear_campaign", "surveillance", "investigation"]
BODIES = ["HRC", "UPR", "CCPR", "CAT", "SR-HRD", "OHCHR", "CEDAW"]
KINDS = ["participation_un_meeting", "submission_of_information", "upr_submission", "individual_complaint"]
ROLES = ["human_rights_defender", "lawyer", "journalist", "woman_human_rights_defender"]


BODY = ("The application path (`reprisals import`, in its own process) reads the file twice, streaming: every "
        "row validated, then inserted in chunks of 5,000 with `executemany`, each value prepared by its model "
        "field (the people affected encrypted with AES-GCM), an allegation and a submission per row, one "
        "audit entry, all in one transaction. The bare insert writes the same columns of the same tables "
        "with plain values (no validation, no encryption), `executemany` in batches of 10,000, one transaction.")


def configure(db: str) -> None:
    import base64
    import secrets

    os.environ.setdefault("REPRISALS_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("REPRISALS_SSL_REDIRECT", "0")
    var = Path(os.environ.get("REPRISALS_VAR_DIR", "var"))
    var.mkdir(parents=True, exist_ok=True)
    key_file = var / f"bench-intake-{db}.key"
    if not key_file.exists():
        key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    os.environ["REPRISALS_DATA_KEY"] = key_file.read_text().strip()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reprisals.settings")
    if db == "postgres":
        from bench.__main__ import ensure_pg_database

        os.environ["DATABASE_URL"] = PG_URL
        ensure_pg_database(PG_URL)
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    if db == "sqlite":
        settings.DATABASES["default"]["NAME"] = str(var / "bench_intake.sqlite3")
    django.setup()


def generate(path: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for i in range(n):
            year = rnd.randint(2012, 2024)
            writer.writerow([
                f"BENCH-{i:08d}", rnd.choice(COUNTRIES),
                f"Case {i}: detained at the airport after speaking at a UN session; passport confiscated, "
                f"family questioned, lawyer denied access for {rnd.randint(2, 90)} days.",
                f"{year}-{rnd.randint(1, 12):02d}", "the capital", "|".join(rnd.sample(FORMS, rnd.randint(1, 3))),
                "police", rnd.choice(BODIES), rnd.choice(KINDS), f"{year}", f"Person {i} Example",
                rnd.choice(["female", "male", "unknown"]), rnd.choice(ROLES), rnd.choice(["yes", "no", ""]),
                rnd.choice(["yes", "no", "", "", ""]),
            ])


def child_import(path: str, db: str) -> None:
    """Run in the child process: the application's import, timed inside, memory at the end."""
    import resource

    configure(db)
    from django.core.management import call_command

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    call_command("import", path, "--source", "ISHR", "--format", "csv")
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "rss_before_kb": rss_before}))


def empty_tables() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("intake_submissionattachment", "intake_submissionupdate", "intake_submission",
                      "intake_importbatch"):
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute("DELETE FROM cases_allegation WHERE case_id IS NULL")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")


def bare_insert(path: Path) -> tuple[float, int]:
    """The same rows into the same columns with executemany, in one transaction; returns (seconds, rows)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from reprisals.cases.models import Allegation
    from reprisals.intake.models import Submission
    from reprisals.reference.models import Country, Entity, UNBody

    countries = dict(Country.objects.values_list("iso3", "pk"))
    bodies = dict(UNBody.objects.values_list("code", "pk"))
    entity = Entity.objects.get(code="ISHR").pk
    a_fields = Allegation._meta.concrete_fields
    s_fields = Submission._meta.concrete_fields
    a_sql = "INSERT INTO {} ({}) VALUES ({})".format(
        Allegation._meta.db_table, ", ".join(f.column for f in a_fields), ", ".join(["%s"] * len(a_fields)))
    s_sql = "INSERT INTO {} ({}) VALUES ({})".format(
        Submission._meta.db_table, ", ".join(f.column for f in s_fields if f.column != "id"),
        ", ".join(["%s"] * (len(s_fields) - 1)))
    now = timezone.now()
    today = now.date()
    next_id = (Allegation.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    t0 = time.perf_counter()
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor, path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        a_batch: list[tuple] = []
        s_batch: list[tuple] = []
        for row in reader:
            aid = next_id + rows
            rows += 1
            a_values = {"id": aid, "reference": f"AL-B-{aid}", "case": None, "source_entity": entity,
                        "source_reference": row["sender_reference"], "channel": "import", "received_on": today,
                        "country": countries[row["country"]], "narrative": row["what_happened"],
                        "source_identity": "", "source_contact": "", "recorded_by": None, "created_at": now}
            s_values = {"channel": "import", "entity": entity, "submitted_by": None, "submitted_at": now,
                        "batch": None, "file_name": path.name, "row_number": rows + 1,
                        "sender_reference": row["sender_reference"], "receipt_digest": None, "status": "received",
                        "status_changed_at": now, "decided_by": None, "decision_note": "", "allegation": aid,
                        "country": countries[row["country"]], "title": "", "what_happened": row["what_happened"],
                        "incident_date": row["incident_date"], "place": row["place"],
                        "forms": json.dumps(row["forms"].split("|")), "perpetrator": row["perpetrator"],
                        "un_body": bodies[row["un_body"]], "engagement_kind": row["engagement_kind"],
                        "engagement_date": row["engagement_date"], "engagement_description": "",
                        "persons": json.dumps([{"name": row["person_name"], "gender": row["person_gender"],
                                                "roles": [row["person_roles"]]}]),
                        "consent_raise_with_state": None, "consent_publish_name": None,
                        "consent_publish_anonymously": None, "consent_share_un": None,
                        "in_danger": {"yes": True, "no": False}.get(row["in_danger"]), "detained": None,
                        "travelling_to_un_session": None, "is_urgent": row["in_danger"] == "yes",
                        "risk_notes": "", "extra": "{}"}
            a_batch.append(tuple(a_values[f.name] for f in a_fields))
            s_batch.append(tuple(s_values[f.name] for f in s_fields if f.column != "id"))
            if len(a_batch) >= 10_000:
                cursor.executemany(a_sql, a_batch)
                cursor.executemany(s_sql, s_batch)
                a_batch, s_batch = [], []
        if a_batch:
            cursor.executemany(a_sql, a_batch)
            cursor.executemany(s_sql, s_batch)
    return time.perf_counter() - t0, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, choices=["sqlite", "postgres"])
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--child-import")
    args = parser.parse_args()
    if args.child_import:
        child_import(args.child_import, args.db)
        return
    configure(args.db)
    from django.core.management import call_command

    from bench.report import write_section
    from reprisals.intake.models import Submission
    from reprisals.reference.loaders import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as tmp:
        path = Path(tmp) / "rows.csv"
        t0 = time.perf_counter()
        generate(path, args.scale)
        size_mb = path.stat().st_size / 1e6
        print(f"   generated {args.scale:,} rows ({size_mb:.0f} MB) in {time.perf_counter() - t0:.0f} s", flush=True)

        empty_tables()
        bare_seconds, rows = bare_insert(path)
        print(f"   bare insert: {rows / bare_seconds:,.0f} rows/s ({bare_seconds:.1f} s)", flush=True)
        empty_tables()

        child = subprocess.run([sys.executable, "-m", "bench.intake_import", "--db", args.db, "--child-import",
                                str(path)], capture_output=True, text=True, env=dict(os.environ))
        if child.returncode != 0:
            sys.stderr.write(child.stdout + child.stderr)
            raise SystemExit(1)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        created = Submission.objects.count()
        assert created == args.scale, (created, args.scale)
        app_rate = args.scale / result["seconds"]
        print(f"   import: {app_rate:,.0f} rows/s ({result['seconds']:.1f} s), peak RSS "
              f"{result['rss_kb'] / 1024:.0f} MB", flush=True)

        t0 = time.perf_counter()
        again = subprocess.run([sys.executable, "-m", "bench.intake_import", "--db", args.db, "--child-import",
                                str(path)], capture_output=True, text=True, env=dict(os.environ))
        reimport = json.loads(again.stdout.strip().splitlines()[-1]) if again.returncode == 0 else None
        assert Submission.objects.count() == args.scale
        del t0
        empty_tables()

    ratio = app_rate / (rows / bare_seconds)
    lines = [
        "| measure | value |", "|---|---|",
        f"| rows | {args.scale:,} ({size_mb:.0f} MB CSV) |",
        f"| `reprisals import` (validate all, then insert all in one transaction) | {app_rate:,.0f} rows/s "
        f"({result['seconds']:.1f} s) |",
        f"| bare `executemany` of the same rows and columns | {rows / bare_seconds:,.0f} rows/s "
        f"({bare_seconds:.1f} s) |",
        f"| ratio import / bare insert (goal ≥ 0.33) | {ratio:.2f} |",
        f"| peak memory of the import process (goal < 300 MB) | {result['rss_kb'] / 1024:.0f} MB "
        f"(Django loaded: {result['rss_before_kb'] / 1024:.0f} MB) |",
    ]
    if reimport:
        lines.append(f"| re-import of the same file (every row skipped as already present) | "
                     f"{args.scale / reimport['seconds']:,.0f} rows/s ({reimport['seconds']:.1f} s) |")
    body = (BODY + f"\n\nLoad average at the end of the run: {os.getloadavg()[0]:.1f} (the machine is shared; the "
            "ratio is measured in the same run).\n\n" + "\n".join(lines))
    write_section(f"intake_import:{args.db}", f"Bulk import of {args.scale:,} CSV rows ({args.db})", body)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
