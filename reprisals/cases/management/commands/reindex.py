"""``reprisals reindex``: rebuild every case's search text (after an upgrade that changes what is indexed)."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from reprisals.cases.models import Case
from reprisals.cases.services import refresh_derived

MAX_ID = 2**63 - 1  # the largest key any database here holds


def case_id(value: str) -> int:
    """A case ID: a whole number from 1 to ``MAX_ID``; anything else is a usage error naming it."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{value} is not a case ID (a whole number from 1)")
    return number


class Command(BaseCommand):
    help = "Rebuild the full-text search text of every case (or of the cases given)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_ids", nargs="*", type=case_id, help="only these cases")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = options["case_ids"] or list(Case.objects.order_by("pk").values_list("pk", flat=True))
        if options["case_ids"]:
            missing = sorted(set(ids) - set(Case.objects.filter(pk__in=ids).values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"no case with ID {', '.join(map(str, missing))}; nothing was rebuilt")
        done = 0
        for start in range(0, len(ids), 500):
            with transaction.atomic():
                for case in Case.objects.filter(pk__in=ids[start:start + 500]):
                    refresh_derived(case)
                    done += 1
        self.stdout.write(f"Rebuilt the search text of {done} cases.")
