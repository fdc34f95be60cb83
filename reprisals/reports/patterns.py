"""Patterns across reports: States with cases in three or more reports, persons targeted again after
a first report, and cases raised by several UN bodies.

Persons are matched by record linkage when the linkage app offers confirmed links
(``reprisals.linkage.selectors.linked_party_groups``); until then by an exact match of the normalised
name (``linkage.names.normalise``: script, case, diacritics and particles folded) within the same
State, and for anonymous persons by the blind index of their protected real name. Staff only: these
lists name cases and are never part of a public output (the public report gives counts).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reprisals.cases.models import AffectedParty
from reprisals.core.crypto import blind_index
from reprisals.reference.i18n import country_name
from reprisals.reports.loader import CaseData
from reprisals.reports.models import PeriodStatus, ReportEntry, ReportingPeriod

MIN_PERIODS = 3
MIN_BODIES = 2


def normalise(name: str) -> str:
    try:
        from reprisals.linkage.names import normalise as linkage_normalise
    except ImportError:  # the linkage app is optional for reports
        folded = unicodedata.normalize("NFKD", name.casefold())
        return " ".join("".join(ch for ch in folded if not unicodedata.combining(ch)).split())
    return linkage_normalise(name)


def person_keys(name: str, variants: Iterable[str], protected_index: str = "") -> set[str]:
    keys = {normalise(n) for n in (name, *variants) if n and n.strip()}
    keys.discard("")
    if protected_index:
        keys.add("idx:" + protected_index)
    return keys


def _linked_groups(party_ids: Sequence[int]) -> dict[int, int] | None:
    """Confirmed linkage: party id → person (cluster) id, when the linkage app provides it."""
    try:
        from reprisals.linkage.selectors import linked_party_groups  # type: ignore[attr-defined]
    except ImportError:
        return None
    return linked_party_groups(party_ids)


@dataclass(frozen=True)
class StatePattern:
    state: str
    periods: tuple[str, ...]


@dataclass(frozen=True)
class Repeat:
    case_id: int
    reference: str
    state: str
    party_id: int
    earlier_case_id: int
    earlier_reference: str
    earlier_report: str  # "A/HRC/33/19, annex I, para. 12"


@dataclass(frozen=True)
class SeveralBodies:
    case_id: int
    reference: str
    state: str
    bodies: tuple[str, ...]


def period_label(period: ReportingPeriod) -> str:
    return period.symbol or f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}"


def entry_label(symbol: str, start: object, end: object, annex: str, paragraph: int) -> str:
    from django.utils.translation import gettext as _

    report = symbol or f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"  # type: ignore[str-format]
    return _("%(report)s, annex %(annex)s, para. %(n)s") % {"report": report, "annex": annex, "n": paragraph}


def states_in_several_periods(extra: dict[str, str] | None = None, minimum: int = MIN_PERIODS) -> list[StatePattern]:
    """States with cases in ``minimum`` or more final reports; ``extra`` adds a draft: State → its label."""
    periods: dict[str, dict[int, str]] = defaultdict(dict)
    labels = {p.pk: period_label(p) for p in ReportingPeriod.objects.light().filter(status=PeriodStatus.FINAL)}
    for iso3, english, period_id in (ReportEntry.objects.filter(period__status=PeriodStatus.FINAL)
                                     .values_list("country__iso3", "country__name", "period_id").distinct()):
        periods[country_name(iso3, english)][period_id] = labels[period_id]
    for state, label in (extra or {}).items():
        periods[state][0] = label
    out = []
    for state, found in periods.items():
        if len(found) >= minimum:
            ordered = [found[k] for k in sorted(found, key=lambda k: (k == 0, labels.get(k, "")))]
            out.append(StatePattern(state, tuple(ordered)))
    return sorted(out, key=lambda p: (-len(p.periods), p.state))


def _reported_parties(country_ids: set[int], before: ReportingPeriod | None) -> list[tuple[int, dict]]:
    """Parties of cases in final reports (before ``before``, if given) in these States, with where the
    case was first reported."""
    entries = ReportEntry.objects.filter(period__status=PeriodStatus.FINAL, country_id__in=country_ids)
    if before is not None:
        entries = entries.filter(period__start__lt=before.start).exclude(period=before)
    first: dict[int, tuple] = {}
    for case_id, symbol, start, end, annex, n, ref in (entries.order_by("period__start", "annex", "paragraph")
                                                       .values_list("case_id", "period__symbol", "period__start",
                                                                    "period__end", "annex", "paragraph",
                                                                    "case__reference")):
        first.setdefault(case_id, (entry_label(symbol, start, end, annex, n), ref, end))
    rows = []
    for pid, case_id, country_id, kind, name, variants, index in (
            AffectedParty.objects.filter(case_id__in=list(first)).values_list(
                "pk", "case_id", "case__country_id", "kind", "name", "name_variants", "protected_name_index")):
        if kind != "individual":
            continue
        label, ref, end = first[case_id]
        rows.append((pid, {"case_id": case_id, "country_id": country_id, "label": label, "reference": ref,
                           "end": end, "keys": person_keys(name, variants or [], index)}))
    return rows


def persons_targeted_again(cases: Iterable[CaseData], period: ReportingPeriod) -> list[Repeat]:
    """Persons in these cases (of this report) who were in a case of an earlier final report."""
    cases = list(cases)
    reported = _reported_parties({c.country_id for c in cases}, period)
    index: dict[tuple[int, str], list[tuple[int, dict]]] = defaultdict(list)
    for pid, info in reported:
        for key in info["keys"]:
            index[(info["country_id"], key)].append((pid, info))
    all_ids = [p.id for c in cases for p in c.parties] + [pid for pid, _info in reported]
    groups = _linked_groups(all_ids)
    by_group: dict[int, list[tuple[int, dict]]] = defaultdict(list)
    if groups:
        for pid, info in reported:
            if pid in groups:
                by_group[groups[pid]].append((pid, info))
    out: list[Repeat] = []
    for case in cases:
        for party in case.parties:
            if party.kind != "individual":
                continue
            keys = person_keys(party.name, party.variants,
                               blind_index(party.protected_name) if party.protected_name else "")
            hits = [hit for key in keys for hit in index.get((case.country_id, key), [])]
            if groups and party.id in groups:
                hits += by_group.get(groups[party.id], [])
            seen: set[int] = set()
            for _pid, info in hits:
                if info["case_id"] == case.id or info["case_id"] in seen:
                    continue
                seen.add(info["case_id"])
                out.append(Repeat(case.id, case.reference, case.state, party.id, info["case_id"], info["reference"],
                                  info["label"]))
    return sorted(out, key=lambda r: (r.state, r.reference, r.earlier_reference))


def persons_in_several_reports() -> list[Repeat]:
    """Across all final reports: persons of a case who had appeared in another case of an earlier report."""
    from reprisals.reports.models import ReportEntry as Entry

    reported = _reported_parties(set(Entry.objects.filter(period__status=PeriodStatus.FINAL)
                                     .values_list("country_id", flat=True)), None)
    by_key: dict[tuple[int, str], list[tuple[int, dict]]] = defaultdict(list)
    for pid, info in reported:
        for key in info["keys"]:
            by_key[(info["country_id"], key)].append((pid, info))
    states = {pk: country_name(iso3, english) for pk, iso3, english
              in Entry.objects.values_list("country_id", "country__iso3", "country__name").distinct()}
    out: dict[tuple[int, int], Repeat] = {}
    for (country_id, _key), hits in by_key.items():
        for pid, later in hits:
            for _pid2, earlier in hits:
                if earlier["case_id"] != later["case_id"] and earlier["end"] < later["end"]:
                    out.setdefault((later["case_id"], earlier["case_id"]), Repeat(
                        later["case_id"], later["reference"], states.get(country_id, ""), pid, earlier["case_id"],
                        earlier["reference"], earlier["label"]))
    return sorted(out.values(), key=lambda r: (r.state, r.reference, r.earlier_reference))


def raised_by_several(cases: Iterable[CaseData], minimum: int = MIN_BODIES) -> list[SeveralBodies]:
    out = [SeveralBodies(c.id, c.reference, c.state, tuple(sorted(c.raised_by)))
           for c in cases if len(c.raised_by) >= minimum]
    return sorted(out, key=lambda s: (s.state, s.reference))
