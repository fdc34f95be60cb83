"""``manage.py load_reference``: load (or refresh) countries, UN bodies, entities and vocabularies from the CSVs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reprisals.reference.loaders import DATA_DIR, HEADERS, ReferenceDataError, load_reference_data


def check_utf8(data_dir: Path) -> None:
    """Refuse, as the loader refuses any other problem of the files, one that is not UTF-8 text, naming its line
    and the first byte that is not (the loader reads them as UTF-8). The files are small: each is read whole."""
    for name in HEADERS:
        path = data_dir / name
        if not path.is_file():
            continue  # the loader names a missing file
        try:
            raw = path.read_bytes()
            raw.decode("utf-8-sig")
        except OSError as exc:
            raise CommandError(f"{name}, line 0, field '-': cannot be read ({exc.strerror or exc})") from exc
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            raise CommandError(f"{name}, line {line}, field '-': not UTF-8 text (byte 0x{raw[exc.start]:02x}); save "
                               "it as UTF-8") from exc


class Command(BaseCommand):
    help = "Load the dated reference data (countries, UN bodies, entities, vocabularies). Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir", type=Path, default=None, help="folder holding the four CSVs (default: the packaged data)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_utf8(options["data_dir"] or DATA_DIR)
        try:
            counts = load_reference_data(options["data_dir"])
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        for model, count in counts.items():
            self.stdout.write(f"{model}: {count}")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
