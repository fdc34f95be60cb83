"""Erasure in reports: a person's names leave the officers' notes on leaving a case out of a report,
and the title, summary and conclusions of every report, final ones included (an ``ERASURE_HOOKS`` hook
of ``cases.erasure``): once erased, the name is no longer known to the redaction that keeps it out of
what is published, so no copy may stay. Published paragraphs never held names (they hold markers,
``reports.redaction``)."""

from __future__ import annotations

from reprisals.cases.erasure import naming, scrub_rows
from reprisals.cases.models import AffectedParty
from reprisals.reports.models import ReportExclusion, ReportingPeriod


def erase_names(party: AffectedParty, names: list[str]) -> None:
    keep = getattr(names, "keep", frozenset()) - {party.case_id}
    scrub_rows(naming(ReportExclusion.objects.exclude(case_id__in=keep), names, "note"), names, "note")
    scrub_rows(ReportingPeriod.objects.all(), names, "title", "summary", "conclusions")
