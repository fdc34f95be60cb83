"""Erasure in intake: a person's names leave what was received about the case (the submissions that
became its allegations, the information added to them later, the people they listed and the other fields
sent), and every other submission of the register that names the person (one declined in triage as a
duplicate, one about another case), an ``ERASURE_HOOKS`` hook of ``cases.erasure``. Attached files are
kept as received."""

from __future__ import annotations

import json
from typing import Any

from reprisals.cases.erasure import name_query, names_person, scrub, scrub_rows, scrub_sources
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
    """Submissions that name the person anywhere: plain texts found by a query on the names and their
    words; the encrypted list of people and risk notes, and the other fields, read row by row."""
    query = name_query([*names, *getattr(names, "words", ())], *PLAIN)
    found = set(Submission.objects.filter(query).values_list("pk", flat=True))
    for pk, persons, risk, extra in Submission.objects.values_list("pk", "persons", "risk_notes", "extra").iterator(
            chunk_size=2000):
        if names_person(persons, names) or names_person(risk, names) or _scrub_json(extra, names) != extra:
            found.add(pk)
    for pk, text in SubmissionUpdate.objects.exclude(text="").values_list("submission_id", "text").iterator(
            chunk_size=2000):
        if names_person(text, names):
            found.add(pk)
    return found


def erase_names(party: AffectedParty, names: list[str]) -> None:
    keep = getattr(names, "keep", frozenset())
    wanted = set(Submission.objects.filter(allegation__case_id=party.case_id).values_list("pk", flat=True))
    submissions = list(Submission.objects.filter(pk__in=wanted | _naming(names))
                       .exclude(allegation__case_id__in=keep - {party.case_id}).order_by("pk"))
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
