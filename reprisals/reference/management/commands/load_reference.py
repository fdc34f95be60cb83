"""``manage.py load_reference``: load (or refresh) countries, UN bodies, entities and vocabularies from the CSVs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.reference.loaders import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = "Load the dated reference data (countries, UN bodies, entities, vocabularies). Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir", type=Path, default=None, help="folder holding the four CSVs (default: the packaged data)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_reference_data(options["data_dir"])
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        for model, count in counts.items():
            self.stdout.write(f"{model}: {count}")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
