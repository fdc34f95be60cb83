"""Run benchmarks, each in a fresh process per database: `python -m bench [NAME ...] [--db ...]`."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

BENCHMARKS = ["case_list", "protection_overhead", "linkage", "reports", "followup", "intake_import", "names_version"]
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/reprisals_bench")


def ensure_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", default=BENCHMARKS, help=f"which: {', '.join(BENCHMARKS)}")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--scale", type=int, default=None, help="override the benchmark's default size")
    parser.add_argument("--fresh", action="store_true", help="empty each bench database first")
    args = parser.parse_args()
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    failures = 0
    for name in args.names:
        for db in dbs:
            env = dict(os.environ)
            env.setdefault("REPRISALS_SSL_REDIRECT", "0")
            env["REPRISALS_VAR_DIR"] = env.get("REPRISALS_VAR_DIR", os.path.abspath("var"))
            if db == "postgres":
                ensure_pg_database(PG_URL)
                env["DATABASE_URL"] = PG_URL
            else:
                env.pop("DATABASE_URL", None)
                env["BENCH_SQLITE"] = "1"
            cmd = [sys.executable, "-m", f"bench.{name}", "--db", db]
            if args.scale:
                cmd += ["--scale", str(args.scale)]
            if args.fresh:
                cmd.append("--fresh")
            print(f"== {name} on {db}", flush=True)
            failures += subprocess.call(cmd, env=env) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
