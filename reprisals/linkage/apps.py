import logging
from typing import Any

from django.apps import AppConfig

log = logging.getLogger(__name__)


def _propose_matches(party_id: int, actor: Any) -> None:
    from reprisals.linkage.services import candidates_for_party

    candidates_for_party(party_id, actor=actor)


def _propose_duplicates(allegation_id: int, actor: Any) -> None:
    """After an allegation is recorded, received or attached: propose duplicates. It runs after the
    commit, so a failure here must not turn a recorded allegation into an error page: it is logged (ids
    only) and the next ``reprisals link allegations`` run catches up."""
    from reprisals.linkage.services import duplicates_for_allegation

    try:
        duplicates_for_allegation(allegation_id, actor=actor)
    except Exception:
        log.exception("proposing duplicates of allegation %s failed", allegation_id)


def _propose_duplicates_for_party(party_id: int, actor: Any) -> None:
    """A new or renamed party is new evidence for the allegations of its case."""
    from reprisals.cases.models import Allegation

    for allegation_id in Allegation.objects.filter(case__parties=party_id).values_list("pk", flat=True):
        _propose_duplicates(allegation_id, actor)


class LinkageConfig(AppConfig):
    name = "reprisals.linkage"
    label = "linkage"
    verbose_name = "Linkage"

    def ready(self) -> None:
        from reprisals.cases.erasure import ERASURE_HOOKS
        from reprisals.cases.services import ALLEGATION_CHANGED_HOOKS, PARTY_CHANGED_HOOKS
        from reprisals.linkage.services import erase_party

        ERASURE_HOOKS.append(erase_party)
        PARTY_CHANGED_HOOKS.append(_propose_matches)
        PARTY_CHANGED_HOOKS.append(_propose_duplicates_for_party)
        ALLEGATION_CHANGED_HOOKS.append(_propose_duplicates)
