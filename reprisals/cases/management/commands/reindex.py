"""``reprisals reindex``: rebuild every case's search text (after an upgrade that changes what is indexed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from reprisals.cases.models import Case
from reprisals.cases.services import refresh_derived


class Command(BaseCommand):
    help = "Rebuild the full-text search text of every case (or of the cases given)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_ids", nargs="*", type=int, help="only these cases")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = options["case_ids"] or list(Case.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), 500):
            with transaction.atomic():
                for case in Case.objects.filter(pk__in=ids[start:start + 500]):
                    refresh_derived(case)
                    done += 1
        self.stdout.write(f"Rebuilt the search text of {done} cases.")
