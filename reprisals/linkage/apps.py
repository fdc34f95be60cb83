from typing import Any

from django.apps import AppConfig


def _propose_matches(party_id: int, actor: Any) -> None:
    from reprisals.linkage.services import candidates_for_party

    candidates_for_party(party_id, actor=actor)


class LinkageConfig(AppConfig):
    name = "reprisals.linkage"
    label = "linkage"
    verbose_name = "Linkage"

    def ready(self) -> None:
        from reprisals.cases.services import PARTY_CHANGED_HOOKS

        PARTY_CHANGED_HOOKS.append(_propose_matches)
