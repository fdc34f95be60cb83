"""``reprisals export --format csv|json|uwazi-csv [--public] --out FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from reprisals.accounts.roles import Cap, has_cap
from reprisals.accounts.selectors import users_named
from reprisals.core.outfiles import output_refusal, written_whole
from reprisals.intake.exports import FORMATS, export_run


class Command(BaseCommand):
    help = ("Export the register: the whole register (or what --user may see); --public only what the public "
            "site publishes: the cases of final reports, redacted as its open data is.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--public", action="store_true",
                            help="the public site's open data: published cases of final reports, redacted "
                                 "(uwazi-csv: one row per published paragraph and person it shows)")
        parser.add_argument("--out", required=True, help="file to write ('-' for standard output)")
        parser.add_argument("--user", help="export what this account may see (default: the whole register)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["user"]:
            actor = users_named(options["user"]).filter(is_active=True).first()
            if actor is None or not has_cap(actor, Cap.CASE_VIEW):
                raise CommandError(f"no active account named {options['user']} that may see cases")
        out_name = options["out"]
        if out_name == "-":
            with transaction.atomic():
                export_run(actor=actor, fmt=options["format"], out=self.stdout, public=options["public"])
            return
        refusal = output_refusal(out_name)
        if refusal:
            raise CommandError(refusal)
        path = Path(out_name)
        count = self._write(path, actor, options)
        self.stderr.write(f"wrote {count} cases to {path}")

    def _write(self, path: Path, actor: Any, options: dict[str, Any]) -> int:
        """Nothing half-written (``written_whole``): on any failure a file already at ``path`` is left as it was,
        and the export's audit entry is rolled back."""
        try:
            with transaction.atomic(), written_whole(path) as out:
                return export_run(actor=actor, fmt=options["format"], out=out, public=options["public"])
        except OSError as exc:
            raise CommandError(f"{path}: cannot be written ({exc.strerror or exc}); nothing was written") from exc
