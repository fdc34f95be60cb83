from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _repair_search_index(using: str = "default", **kwargs: Any) -> None:
    from reprisals.cases.search import ensure_sqlite_index

    ensure_sqlite_index(connections[using])


class CasesConfig(AppConfig):
    name = "reprisals.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        post_migrate.connect(_repair_search_index, sender=self)
        from reprisals.cases.selectors import reveal_rule_allegation
        from reprisals.core.access import REVEAL_RULES

        # Readers who do not see every case (focal points) reveal only their own entity's sources;
        # cases and parties have no rule, so their protected values are withheld from them.
        REVEAL_RULES["cases.allegation"] = reveal_rule_allegation
