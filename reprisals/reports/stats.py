"""The statistics of one report, from the cases it includes (plain data in, plain counts out).

Counts are exact here; ``disclosure`` protects them when a public table, chart or export is made.
A case counts once per regional group, once under each form of reprisal and each kind of UN body it
involves; a person or organisation counts once under each of its roles. Only parties who appear in the
report count (a person left out for want of consent is not counted either).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reprisals.followup import rules as followup_rules
from reprisals.reports.inclusion import ANNEX_I, ANNEX_II, OMITTED
from reprisals.reports.loader import CaseData


@dataclass(frozen=True)
class Included:
    annex: str
    case: CaseData
    party_modes: dict[int, str]


def _list(counter: Counter[str], labels: dict[str, str]) -> dict:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0])))
    return {"kind": "list", "items": [[code, labels.get(code, code), n] for code, n in items]}


def _table(counter: Counter[tuple[str, str]], rows: Sequence[tuple[str, str]],
           columns: Sequence[tuple[str, str]]) -> dict:
    return {"kind": "table", "rows": [list(r) for r in rows], "columns": [list(c) for c in columns],
            "counts": [[r, c, n] for (r, c), n in sorted(counter.items())]}


def report_statistics(included: Iterable[Included], *, group_labels: dict[str, str], body_kind_labels: dict[str, str],
                      gender_labels: dict[str, str], role_labels: dict[str, str], annex_labels: dict[str, str],
                      period_end: dt.date) -> dict[str, dict]:
    by_group: Counter[tuple[str, str]] = Counter()
    forms: Counter[str] = Counter()
    form_labels: dict[str, str] = {}
    bodies: Counter[str] = Counter()
    role_gender: Counter[tuple[str, str]] = Counter()
    comms: dict[int, tuple[str, followup_rules.RecordRow]] = {}
    for item in included:
        case = item.case
        by_group[(case.regional_group, item.annex)] += 1
        for code, label in {f for i in case.incidents for f in i.forms}:
            forms[code] += 1
            form_labels[code] = label
        for kind in {e.body_kind for e in case.engagements}:
            bodies[kind] += 1
        for party in case.parties:
            if item.party_modes.get(party.id, OMITTED) == OMITTED:
                continue
            for role in party.roles or ("",):
                role_gender[(role, party.gender)] += 1
        for c in case.communications:
            if c.sent_on <= period_end:
                comms[c.id] = (case.state, followup_rules.record_row(c.sent_on, c.deadline, c.answered_on,
                                                                     c.level or None))
    annexes = [(ANNEX_I, annex_labels[ANNEX_I]), (ANNEX_II, annex_labels[ANNEX_II])]
    groups = sorted({g for g, _a in by_group}, key=lambda g: group_labels.get(g, g))
    roles = sorted({r for r, _g in role_gender}, key=lambda r: role_labels.get(r, r))
    genders = [g for g in gender_labels if any(gg == g for _r, gg in role_gender)]
    return {
        "by_group": _table(by_group, [(g, group_labels.get(g, g)) for g in groups], annexes),
        "by_form": _list(forms, form_labels),
        "by_body": _list(bodies, body_kind_labels),
        "by_role_gender": _table(role_gender, [(r, role_labels.get(r, r) or "—") for r in roles],
                                 [(g, gender_labels[g]) for g in genders]),
        "response": response_rate(comms.values()),
    }


def response_rate(rows: Iterable[tuple[str, followup_rules.RecordRow]]) -> dict:
    """Communications about the report's cases sent by the end of the period: how many the State
    answered, on time, and how many answers were confirmed adequate; overall and per State."""
    per_state: dict[str, list[followup_rules.RecordRow]] = {}
    for state, row in rows:
        per_state.setdefault(state, []).append(row)

    def figures(record: followup_rules.StateRecord) -> list[int]:
        return [record.sent, record.answered, record.answered_on_time, record.adequate]

    everything = followup_rules.state_record(r for rs in per_state.values() for r in rs)
    return {
        "kind": "response",
        "total": figures(everything),
        "states": [[state, *figures(followup_rules.state_record(rs))] for state, rs in sorted(per_state.items())],
    }


def trend(rows: Iterable[tuple[str, int, int]], annex_labels: dict[str, str]) -> dict:
    """Cases in annex I and II of each report, oldest first: rows of (period label, new, follow-up)."""
    rows = list(rows)
    counter: Counter[tuple[str, str]] = Counter()
    for label, new, follow in rows:
        counter[(label, ANNEX_I)] += new
        counter[(label, ANNEX_II)] += follow
    return _table(counter, [(label, label) for label, _n, _f in rows],
                  [(ANNEX_I, annex_labels[ANNEX_I]), (ANNEX_II, annex_labels[ANNEX_II])])
