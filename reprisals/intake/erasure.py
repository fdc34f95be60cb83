"""Erasure in intake: a person's names leave what was received about the case (the submissions that
became its allegations, the information added to them later, and the people they listed), an
``ERASURE_HOOKS`` hook of ``cases.erasure``. Attached files are kept as received."""

from __future__ import annotations

import json
from typing import Any

from reprisals.cases.erasure import scrub, scrub_rows
from reprisals.cases.models import AffectedParty
from reprisals.intake.models import Submission, SubmissionUpdate

TEXTS = ("title", "what_happened", "place", "engagement_description", "decision_note", "risk_notes")


def _scrub_json(value: Any, names: list[str]) -> Any:
    if isinstance(value, str):
        return scrub(value, names)
    if isinstance(value, list):
        return [_scrub_json(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, names) for k, v in value.items()}
    return value


def erase_names(party: AffectedParty, names: list[str]) -> None:
    submissions = list(Submission.objects.filter(allegation__case_id=party.case_id))
    scrub_rows(submissions, names, *TEXTS)
    for submission in submissions:
        listed = json.loads(submission.persons) if submission.persons else []
        if (scrubbed := _scrub_json(listed, names)) != listed:
            submission.persons = json.dumps(scrubbed, ensure_ascii=False)
            submission.save(update_fields=["persons"])
    scrub_rows(SubmissionUpdate.objects.filter(submission__in=submissions), names, "text")
