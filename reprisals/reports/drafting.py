"""Building a report's content from the register: load, apply the inclusion rules, count, compose.

``draft_content(period)`` is what an officer's draft shows and what finalising freezes. A final
period's content is its snapshot: ``period_content`` never rebuilds a final report from the register.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.cases.models import Gender
from reprisals.followup.models import Communication
from reprisals.reference.models import RegionalGroup, Term, UNBodyKind
from reprisals.reports import compose, inclusion, loader, patterns, stats
from reprisals.reports.inclusion import ANNEX_I, ANNEX_II, Draft
from reprisals.reports.models import ExclusionReason, PeriodStatus, ReportEntry, ReportingPeriod
from reprisals.reports.redaction import RegisterNames, scrub, scrub_between_markers, scrubber


def reason_labels() -> dict[str, str]:
    return {
        inclusion.RESTRICTED: _("Restricted to named users: lift the restriction to include it"),
        inclusion.URGENT_RISK: _("Risk is urgent: do no harm"),
        inclusion.NO_CONSENT_RAISE: _("Nobody consented to the case being raised with the State"),
        inclusion.NO_CONSENT_PUBLICATION: _("Nobody consented to publication, by name or anonymously"),
        inclusion.NOT_VERIFIED: _("Dated in the period but not yet verified"),
        inclusion.DECIDED: _("Left out by an officer"),
    }


def left_out_label(row: dict) -> str:
    """Why a case was left out, in the language of whoever reads it now. A draft stores the codes beside
    the label in the language it was built in; a draft built before it kept the codes keeps that label."""
    if "detail" not in row:
        return row.get("reason_label", "")
    decisions = dict(ExclusionReason.choices)
    if row["reason"] == inclusion.DECIDED and row["detail"] in decisions:
        return str(decisions[row["detail"]])
    label = reason_labels().get(row["reason"])
    return str(label) if label is not None else row.get("reason_label", "")


def annex_labels() -> dict[str, str]:
    return {ANNEX_I: _("Annex I"), ANNEX_II: _("Annex II")}


@dataclass
class Built:
    content: dict
    draft: Draft
    data: dict[int, loader.CaseData]


def build(period: ReportingPeriod, *, today: dt.date | None = None) -> Built:
    """The report as it stands today: every rule applied to the register as it is now."""
    ids = loader.candidate_ids(period)
    data = loader.load_cases(ids, period)
    later: set[int] = set()
    for chunk in loader._chunks(ids):
        later |= loader.later_final_ids(chunk, period)
    decided = loader.decisions(period)
    facts = [case.facts(decided.get(case.id), case.id in later) for case in data.values()]
    draft = inclusion.build_draft(facts, loader.span(period))
    included = [stats.Included(p.annex, data[p.case.id], p.party_modes) for p in (*draft.annex_i, *draft.annex_ii)]
    numbers = stats.report_statistics(
        included,
        group_labels={k: str(v) for k, v in RegionalGroup.choices},
        body_kind_labels={k: str(v) for k, v in UNBodyKind.choices},
        gender_labels={k: str(v) for k, v in Gender.choices},
        role_labels=dict(Term.objects.filter(vocabulary="party_role").values_list("code", "label")),
        annex_labels=annex_labels(), period_end=period.end,
    )
    numbers["trend"] = stats.trend(_trend_rows(period, draft), annex_labels())
    in_report = [data[p.case.id] for p in (*draft.annex_i, *draft.annex_ii)]
    states_pattern = patterns.states_in_several_periods({c.state: patterns.period_label(period) for c in in_report})
    report_states = {c.state for c in in_report}
    states_pattern = [s for s in states_pattern if s.state in report_states]
    repeats = patterns.persons_targeted_again([data[p.case.id] for p in draft.annex_i], period)
    several = patterns.raised_by_several(in_report)
    numbers["patterns"] = {"kind": "patterns", "states": len(states_pattern),
                           "persons": len({r.party_id for r in repeats}), "bodies": len(several)}
    # What officers write for the whole report may name anyone of the period, a person of a case left out
    # (for security, restricted, urgent, without consent) too: every candidate's names and protected values
    # are scrubbed, those of the cases in the report first so that their parties keep their own markers.
    in_ids = {c.id for c in in_report}
    everyone = [*in_report, *(c for c in data.values() if c.id not in in_ids)]
    all_names = [p.name_set() for c in everyone for p in c.parties]
    all_secrets = [s for c in everyone for s in c.all_secrets()]

    # A case's own free texts may name a person of another case (a relative, a colleague). When that case is
    # not in the report (left out for security, restricted, without consent...), that name becomes a marker
    # too, which no document resolves to the name. Then every other name in the register, of a case withdrawn,
    # closed or of another period, and every word of one written as a name, is blanked. Names only: another
    # case's contacts may be common words.
    others = [p.name_set() for c in data.values() if c.id not in in_ids for p in c.parties]
    scrub_others = scrubber(others) if others else None
    register = RegisterNames.load()

    def scrub_the_rest(text: str) -> str:
        return register.scrub(scrub_between_markers(text, scrub_others) if scrub_others else text)

    for case in in_report:
        case.scrub_others = scrub_the_rest

    def officer_text(text: str) -> str:
        return scrub_between_markers(scrub(text, all_names, all_secrets), register.scrub) if text.strip() else ""

    decision_labels = {k: str(v) for k, v in ExclusionReason.choices}
    internal = {
        "left_out": compose.left_out_rows(draft.left_out, reason_labels(), decision_labels),
        "omitted_parties": [{"case": p.case.id, "reference": p.case.reference, "count": len(p.omitted_parties)}
                            for p in (*draft.annex_i, *draft.annex_ii) if p.omitted_parties],
        "references": {str(c.id): c.reference for c in in_report},
        "patterns": {
            "states": [{"state": s.state, "periods": list(s.periods)} for s in states_pattern],
            "persons": [{"reference": r.reference, "state": r.state, "earlier_reference": r.earlier_reference,
                         "earlier_report": r.earlier_report} for r in repeats],
            "bodies": [{"reference": s.reference, "state": s.state, "bodies": list(s.bodies)} for s in several],
        },
    }
    content = compose.build_content(
        draft=draft, data=data, symbol=period.symbol, title=officer_text(period.title), start=period.start,
        end=period.end, date=today or timezone.now().date(), summary=officer_text(period.summary),
        conclusions=officer_text(period.conclusions), stats=numbers,
        communications_by_actor=_communications_by_actor(period), internal=internal,
    )
    return Built(content, draft, data)


def _trend_rows(period: ReportingPeriod, draft: Draft) -> list[tuple[str, int, int]]:
    counts: Counter[tuple[int, str]] = Counter()
    for period_id, annex, n in (ReportEntry.objects.filter(period__status=PeriodStatus.FINAL,
                                                           period__start__lt=period.start)
                                .values_list("period_id", "annex").annotate(n=Count("id")).order_by()):
        counts[(period_id, annex)] = n
    rows = [(patterns.period_label(p), counts[(p.pk, ANNEX_I)], counts[(p.pk, ANNEX_II)])
            for p in ReportingPeriod.objects.light().filter(status=PeriodStatus.FINAL, start__lt=period.start)
            .exclude(pk=period.pk).order_by("start")]
    rows.append((patterns.period_label(period), len(draft.annex_i), len(draft.annex_ii)))
    return rows


def _communications_by_actor(period: ReportingPeriod) -> dict:
    labels = {k: str(v) for k, v in UNBodyKind.choices}
    counts = dict(Communication.objects.filter(sent_on__gte=period.start, sent_on__lte=period.end)
                  .values_list("un_body__kind").annotate(n=Count("id")).order_by())
    items = sorted(counts.items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0])))
    return {"total": sum(counts.values()),
            "list": {"kind": "list", "items": [[k, labels.get(k, k), n] for k, n in items]}}


def period_content(period: ReportingPeriod) -> dict:
    """The content of a report: the frozen snapshot of a final one, else the draft as it stands."""
    if period.status == PeriodStatus.FINAL and period.snapshot:
        return period.snapshot
    return build(period).content
