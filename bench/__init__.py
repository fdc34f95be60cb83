"""Benchmarks: `make bench` (or `python -m bench [NAME ...] [--db sqlite|postgres|both]`).

Each benchmark runs against its own database (var/bench.sqlite3, and a PostgreSQL database named
reprisals_bench), measures the application path beside the raw SQL that answers the same question in
the same run, and writes its section of docs/benchmarks.md with the machine and date.
"""
