"""Erasure in follow-up: a person's names leave the case's developments, the letters that raised the
case with the State, the State's answers and their assessments (an ``ERASURE_HOOKS`` hook of
``cases.erasure``). A letter that raised several cases loses only the erased person's names."""

from __future__ import annotations

from reprisals.cases.erasure import scrub_rows
from reprisals.cases.models import AffectedParty
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, StateResponse


def erase_names(party: AffectedParty, names: list[str]) -> None:
    from reprisals.followup.services import summary_digest

    scrub_rows(CaseDevelopment.objects.filter(case_id=party.case_id), names, "description")
    communications = Communication.objects.filter(cases=party.case_id)
    scrub_rows(communications, names, "summary", "internal_notes")
    responses = list(StateResponse.objects.filter(communication__in=communications))
    scrub_rows(responses, names, "summary")
    for response in responses:
        if response.summary_digest != (digest := summary_digest(response.summary)):
            StateResponse.objects.filter(pk=response.pk).update(summary_digest=digest)
    scrub_rows(Assessment.objects.filter(communication__in=communications), names, "reason", "decision_note")
