"""Erasure in the trackers: a person's names leave the text of the online evidence recorded on the
case's incidents (an ``ERASURE_HOOKS`` hook of ``cases.erasure``). The captured file is kept as received."""

from __future__ import annotations

from reprisals.cases.erasure import scrub_rows
from reprisals.cases.models import AffectedParty
from reprisals.trackers.models import OnlineEvidence


def erase_names(party: AffectedParty, names: list[str]) -> None:
    scrub_rows(OnlineEvidence.objects.filter(incident__case_id=party.case_id), names, "text")
