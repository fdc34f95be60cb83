"""Reads of reports for staff, depending on who asks: periods, a period's draft as the officer sees
it, exclusions, patterns and statistics. Everything here needs ``Cap.REPORT_DRAFT``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases.models import Case
from reprisals.cases.selectors import cases_visible_to
from reprisals.core.errors import NotFound
from reprisals.reference.i18n import country_name
from reprisals.reports import drafting, patterns, register_stats, render
from reprisals.reports.models import ReportEntry, ReportExclusion, ReportingPeriod


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def periods_visible_to(user: Any) -> QuerySet[ReportingPeriod]:
    if not has_cap(user, Cap.REPORT_DRAFT):
        return ReportingPeriod.objects.none()
    return ReportingPeriod.objects.light().annotate(n_entries=Count("entries")).order_by("-start")


def period_get_for_user(user: Any, period_id: int | str) -> ReportingPeriod:
    period = periods_visible_to(user).filter(pk=_pk(period_id)).first()
    if period is None:
        raise NotFound()
    return period


def exclusion_get_for_user(user: Any, exclusion_id: int | str) -> ReportExclusion:
    found = (ReportExclusion.objects.select_related("period", "case").defer("period__snapshot")
             .filter(pk=_pk(exclusion_id)).first())
    if found is None or not has_cap(user, Cap.REPORT_DRAFT) or not cases_visible_to(user).filter(
            pk=found.case_id).exists():
        raise NotFound()
    return found


@dataclass
class DraftView:
    period: ReportingPeriod
    doc: render.DocumentView
    exclusions: list[ReportExclusion]
    left_out: list[dict]
    n_annex_i: int
    n_annex_ii: int


def content_for_reader(content: dict, actor: Any) -> dict:
    """The officers' notes of a draft as ``actor`` may read them, as on the draft page: a case the reader
    may not see (restricted to other named users) is "a restricted case", not its reference."""
    internal = content.get("internal")
    if not internal:
        return content
    patterns = internal.get("patterns", {})
    refs = {r["reference"] for r in internal.get("left_out", [])}
    refs |= {r["reference"] for r in internal.get("omitted_parties", [])}
    refs |= set(internal.get("references", {}).values())
    refs |= {ref for r in patterns.get("persons", []) for ref in (r["reference"], r["earlier_reference"])}
    refs |= {s["reference"] for s in patterns.get("bodies", [])}
    visible = set(cases_visible_to(actor).filter(reference__in=refs).values_list("reference", flat=True))
    restricted = _("a restricted case")
    return {**content, "internal": {
        **internal,
        "left_out": [r if r["reference"] in visible else {**r, "reference": restricted}
                     for r in internal.get("left_out", [])],
        "omitted_parties": [r for r in internal.get("omitted_parties", []) if r["reference"] in visible],
        "references": {k: v for k, v in internal.get("references", {}).items() if v in visible},
        "patterns": {**patterns,
                     "persons": [r for r in patterns.get("persons", [])
                                 if r["reference"] in visible and r["earlier_reference"] in visible],
                     "bodies": [s for s in patterns.get("bodies", []) if s["reference"] in visible]},
    }}


def draft_for_user(user: Any, period: ReportingPeriod) -> DraftView:
    """The report as the officer sees it: the redacted text with case references, what was left out and
    why (cases the user may not see appear without their reference), and the exclusion decisions."""
    content = content_for_reader(drafting.period_content(period), user)
    doc = render.prepare(content, public=False)
    left_out = content.get("internal", {}).get("left_out", [])
    ids = [r["case"] for r in left_out]
    visible = set(cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    states = {pk: country_name(iso3, name) for pk, iso3, name in
              Case.objects.filter(pk__in=ids).values_list("pk", "country__iso3", "country__name")}
    rows = [{**r, "visible": r["case"] in visible, "state": states.get(r["case"], r["state"]),
             "reason_label": drafting.left_out_label(r)} for r in left_out]
    if doc.internal:
        doc.internal.left_out = rows
    exclusions = list(ReportExclusion.objects.filter(period=period, case__in=cases_visible_to(user))
                      .select_related("case", "decided_by").order_by("case__country__name", "case__reference"))
    return DraftView(period, doc, exclusions, rows, sum(len(s.paragraphs) for s in doc.annexes[0].states),
                     sum(len(s.paragraphs) for s in doc.annexes[1].states))


def case_appearances(user: Any, case: Case | int) -> list[ReportEntry]:
    """In which final reports, annexes and paragraphs a case appeared."""
    case_id = case.pk if isinstance(case, Case) else case
    if not has_cap(user, Cap.REPORT_DRAFT) or not cases_visible_to(user).filter(pk=case_id).exists():
        raise NotFound()
    return list(ReportEntry.objects.filter(case_id=case_id).select_related("period").defer("period__snapshot")
                .order_by("period__start"))


@dataclass
class PatternsView:
    states: list[patterns.StatePattern]
    persons: list[patterns.Repeat]
    bodies: list[patterns.SeveralBodies]


def patterns_for_user(user: Any) -> PatternsView:
    """Patterns across final reports; cases the user may not see are left out of the lists."""
    if not has_cap(user, Cap.REPORT_DRAFT):
        raise NotFound()
    visible = cases_visible_to(user)
    persons = patterns.persons_in_several_reports()
    seen = set(visible.filter(pk__in={r.case_id for r in persons} | {r.earlier_case_id for r in persons})
               .values_list("pk", flat=True))
    persons = [r for r in persons if r.case_id in seen and r.earlier_case_id in seen]
    return PatternsView(patterns.states_in_several_periods(), persons, register_stats.raised_by_several(visible))


def statistics_for_user(user: Any, date_from: dt.date | None, date_to: dt.date | None) -> register_stats.RegisterStats:
    if not has_cap(user, Cap.REPORT_DRAFT):
        raise NotFound()
    return register_stats.compute(date_from, date_to)
