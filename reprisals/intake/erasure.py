"""Erasure in intake: a person's names leave what was received about the case (the submissions that
became its allegations, the information added to them later, the people they listed and the other fields
sent), and every other submission that names the person (one declined in triage as a duplicate, say), an
``ERASURE_HOOKS`` hook of ``cases.erasure``. Attached files are kept as received."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q

from reprisals.cases.erasure import names_person, scrub, scrub_rows, scrub_sources
from reprisals.cases.models import AffectedParty, Allegation
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


PLAIN = ("title", "what_happened", "place", "engagement_description", "decision_note")


def _naming(names: list[str]) -> set[int]:
    """Submissions that name the person anywhere: plain texts found by a query; the encrypted list of
    people, the encrypted risk notes and the other fields read row by row (submissions are few)."""
    query = Q(pk__in=[])
    for name in (n for n in names if n and len(n.strip()) >= 2):
        for field in PLAIN:
            query |= Q(**{f"{field}__icontains": name})
    found = set(Submission.objects.filter(query).values_list("pk", flat=True))
    for pk, persons, risk, extra in Submission.objects.values_list("pk", "persons", "risk_notes", "extra").iterator(
            chunk_size=2000):
        if names_person(persons, names) or names_person(risk, names) or _scrub_json(extra, names) != extra:
            found.add(pk)
    return found


def erase_names(party: AffectedParty, names: list[str]) -> None:
    wanted = set(Submission.objects.filter(allegation__case_id=party.case_id).values_list("pk", flat=True))
    submissions = list(Submission.objects.filter(pk__in=wanted | _naming(names)).order_by("pk"))
    scrub_rows(submissions, names, *TEXTS)
    for submission in submissions:
        listed = json.loads(submission.persons) if submission.persons else []
        if (scrubbed := _scrub_json(listed, names)) != listed:
            submission.persons = json.dumps(scrubbed, ensure_ascii=False)
            submission.save(update_fields=["persons"])
        if (extra := _scrub_json(submission.extra, names)) != submission.extra:
            submission.extra = extra
            submission.save(update_fields=["extra"])
    scrub_rows(SubmissionUpdate.objects.filter(submission__in=submissions), names, "text")
    # The allegation each submission made, in triage or declined, outside the case.
    received = Allegation.objects.filter(submission__in=submissions, case__isnull=True)
    scrub_rows(received, names, "narrative")
    scrub_sources(received, names)
