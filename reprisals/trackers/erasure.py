"""Erasure in the trackers: a person's names leave the text of the online evidence recorded on the
case's incidents, the descriptions of treaty-body actions linked to the case and the notes on NGO
applications recorded against it (an ``ERASURE_HOOKS`` hook of ``cases.erasure``). The captured file is
kept as received."""

from __future__ import annotations

from reprisals.cases.erasure import scrub_rows
from reprisals.cases.models import AffectedParty
from reprisals.trackers.models import NGOApplication, OnlineEvidence, TreatyBodyAction


def erase_names(party: AffectedParty, names: list[str]) -> None:
    scrub_rows(OnlineEvidence.objects.filter(incident__case_id=party.case_id), names, "text")
    scrub_rows(TreatyBodyAction.objects.filter(cases=party.case_id).distinct(), names, "description")
    scrub_rows(NGOApplication.objects.filter(case_id=party.case_id), names, "notes")
