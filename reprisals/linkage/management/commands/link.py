"""``reprisals link run`` (the register), ``reprisals link allegations`` (duplicate allegations in the register)
and ``reprisals link file IN.csv --out OUT.csv`` (any CSV, no database)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.linkage import engine

MAX_WORKERS = 64


def workers(value: str) -> int:
    """``--workers``: processes for comparing pairs, 1 to ``MAX_WORKERS`` (each holds its share of the pairs)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= n <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_WORKERS}, not {n}")
    return n


class Command(BaseCommand):
    help = "Link reports of the same person or organisation, however the name is spelt."
    requires_system_checks: list[str] = []  # `link file` must work without a database

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="match the whole register and propose pairs for review")
        run.add_argument("--include-anonymous", action="store_true",
                         help="also match anonymous parties by their protected names (decrypted in memory only)")
        run.add_argument("--threshold", type=float, default=engine.PROPOSE,
                         help=f"propose pairs at or above this probability (default {engine.PROPOSE})")
        run.add_argument("--workers", type=workers, default=1, help="processes for comparing pairs (1 to 64)")
        allegations = sub.add_parser("allegations", help="look for duplicate allegations of one incident and "
                                                          "propose pairs for review")
        allegations.add_argument("--threshold", type=float, default=0.5,
                                 help="propose pairs scoring at least this (default 0.5)")
        file = sub.add_parser("file", help="cluster the rows of a CSV file that has a 'name' column")
        file.add_argument("input", type=Path, help="CSV file: name, and optionally country, organisation, role, date")
        file.add_argument("--out", type=Path, required=True, help="where to write the input plus cluster_id and score")
        file.add_argument("--threshold", type=float, default=engine.ACCEPT,
                          help=f"join rows at or above this probability (default {engine.ACCEPT})")
        file.add_argument("--encoding", default="utf-8-sig", help="text encoding of the input (default UTF-8)")
        file.add_argument("--workers", type=workers, default=1, help="processes for comparing pairs (1 to 64)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not 0.0 < opts["threshold"] < 1.0:
            raise CommandError("--threshold must be between 0 and 1")
        if opts["action"] == "file":
            self._file(opts)
        elif opts["action"] == "allegations":
            self._allegations(opts)
        else:
            self._run(opts)

    def _file(self, opts: dict[str, Any]) -> None:
        from reprisals.linkage.csvfile import CsvError, link_file

        started = time.monotonic()
        try:
            done = link_file(opts["input"], opts["out"], threshold=opts["threshold"], encoding=opts["encoding"],
                             workers=max(1, opts["workers"]))
        except CsvError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{opts['out']}: cannot be written ({exc.strerror})") from exc
        self.stdout.write(f"{done.rows} rows, {done.clusters} clusters ({done.linked_clusters} with more than one "
                          f"row) in {time.monotonic() - started:.1f}s; written to {opts['out']}")

    def _run(self, opts: dict[str, Any]) -> None:
        from reprisals.linkage.services import linkage_run

        started = time.monotonic()
        run = linkage_run(actor=None, include_anonymous=opts["include_anonymous"], threshold=opts["threshold"],
                          workers=max(1, opts["workers"]))
        self.stdout.write(f"run {run.pk}: {run.parties} parties, {run.pairs_compared} pairs compared, "
                          f"{run.proposed} new pairs proposed for review in {time.monotonic() - started:.1f}s")

    def _allegations(self, opts: dict[str, Any]) -> None:
        from reprisals.linkage.services import allegation_duplicates_run

        started = time.monotonic()
        run = allegation_duplicates_run(actor=None, threshold=opts["threshold"])
        self.stdout.write(f"allegation run {run.pk}: {run.allegations} allegations, {run.pairs_compared} pairs "
                          f"compared, {run.proposed} new pairs proposed for review in "
                          f"{time.monotonic() - started:.1f}s")
