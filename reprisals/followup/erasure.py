"""Erasure in follow-up: a person's names leave the developments, the letters to the State, the State's
answers and their assessments of the whole register (an ``ERASURE_HOOKS`` hook of ``cases.erasure``),
found by a query on the names; a letter that raised several cases loses only the erased person's names.
Cases where a party still bears one of the names (``names.keep``) keep what is recorded about them."""

from __future__ import annotations

from reprisals.cases.erasure import naming, scrub_rows
from reprisals.cases.models import AffectedParty
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, StateResponse


def erase_names(party: AffectedParty, names: list[str]) -> None:
    from reprisals.followup.services import summary_digest

    keep = getattr(names, "keep", frozenset()) - {party.case_id}
    developments = naming(CaseDevelopment.objects.exclude(case_id__in=keep), names, "description")
    scrub_rows(developments, names, "description")
    kept = Communication.objects.filter(cases__in=keep).exclude(cases=party.case_id).values("pk")
    communications = Communication.objects.exclude(pk__in=kept)
    scrub_rows(naming(communications, names, "summary", "internal_notes"), names, "summary", "internal_notes")
    responses = scrub_rows(naming(StateResponse.objects.filter(communication__in=communications), names, "summary"),
                           names, "summary")
    for response in responses:
        if response.summary_digest != (digest := summary_digest(response.summary)):
            StateResponse.objects.filter(pk=response.pk).update(summary_digest=digest)
    scrub_rows(naming(Assessment.objects.filter(communication__in=communications), names, "reason", "decision_note"),
               names, "reason", "decision_note")
