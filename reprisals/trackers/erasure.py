"""Erasure in the trackers: a person's names leave the text of the online evidence recorded on the
case's incidents and the descriptions of treaty-body actions linked to the case, and then wherever the
register's evidence texts, treaty-body actions and NGO application notes name the person (an
``ERASURE_HOOKS`` hook of ``cases.erasure``). The captured file is
kept as received."""

from __future__ import annotations

from reprisals.cases.erasure import naming, scrub_rows
from reprisals.cases.models import AffectedParty
from reprisals.trackers.models import NGOApplication, OnlineEvidence, TreatyBodyAction


def erase_names(party: AffectedParty, names: list[str]) -> None:
    keep = getattr(names, "keep", frozenset()) - {party.case_id}
    scrub_rows(OnlineEvidence.objects.filter(incident__case_id=party.case_id), names, "text")
    scrub_rows(naming(OnlineEvidence.objects.exclude(incident__case_id__in=keep), names, "text"), names, "text")
    kept = TreatyBodyAction.objects.filter(cases__in=keep).exclude(cases=party.case_id).values("pk")
    actions = TreatyBodyAction.objects.filter(cases=party.case_id).distinct()
    scrub_rows(actions, names, "description")
    scrub_rows(naming(TreatyBodyAction.objects.exclude(pk__in=kept), names, "description"), names, "description")
    scrub_rows(naming(NGOApplication.objects.exclude(case_id__in=keep), names, "notes"), names, "notes")
