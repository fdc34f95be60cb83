"""What the public site and the open data show: cases published in final reports, redacted at the
moment of use, and statistics with disclosure control. Nothing here needs a login; nothing here
reads a draft, an exclusion, a case reference, a source or a note.

- A published case is a ``ReportEntry`` of a final report. Its text goes through
  ``redaction.Redactor`` with the consent in force now: a revoked consent to be named shows the
  description instead; an entry in which nobody may appear any more is not listed at all.
- Counts (the map, charts, statistics downloads) count published entries of final reports and are
  protected by ``disclosure`` (below ``REPORTS_MIN_CELL``: grouped or shown as "fewer than N").
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reprisals.reference.i18n import country_names, language_column, localized_choices, term_labels, un_body_names
from reprisals.reference.models import Country, RegionalGroup, Term, UNBody, UNBodyKind
from reprisals.reports import conf, disclosure
from reprisals.reports.models import PeriodStatus, ReportEntry, ReportingPeriod
from reprisals.reports.patterns import period_label
from reprisals.reports.redaction import Redactor, RegisterNames

PAGE_SIZE = 50


@dataclass(frozen=True)
class PublicFilters:
    """Validated filters: codes and ids only."""

    state: str = ""  # ISO3
    regional_group: str = ""
    period: int | None = None
    annex: str = ""
    form: str = ""  # vocabulary code
    un_body: str = ""  # UN body code


def final_periods() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.light().filter(status=PeriodStatus.FINAL).order_by("-start")


def withdrawn_entry_ids() -> list[int]:
    """Entries of final reports in which nobody may appear any more (every consent to publication, or to
    the case being raised, revoked since): they leave the lists, the open data and every count at once."""
    from reprisals.cases.models import AffectedParty, ConsentRecord
    from reprisals.reports import inclusion

    rows = list(ReportEntry.objects.filter(period__status=PeriodStatus.FINAL).values_list("pk", "parties"))
    ids = sorted({pid for _pk, parties in rows for pid in parties})
    consents: dict[int, dict[str, bool]] = {}
    anonymous: dict[int, bool] = {}
    for start in range(0, len(ids), 2000):
        chunk = ids[start:start + 2000]
        for pid, use, granted in (ConsentRecord.objects.filter(party_id__in=chunk)
                                  .order_by("party_id", "use", "recorded_at", "id")
                                  .values_list("party_id", "use", "granted")):
            consents.setdefault(pid, {})[use] = granted
        anonymous.update(AffectedParty.objects.filter(pk__in=chunk).values_list("pk", "is_anonymous"))

    def may_appear(pid: int) -> bool:
        if pid not in anonymous:  # no longer in the register
            return False
        c = consents.get(pid, {})
        facts = inclusion.PartyFacts(pid, anonymous[pid], c.get("raise_with_state", False),
                                     c.get("publish_name", False), c.get("publish_anonymously", False))
        return inclusion.party_mode(facts) != inclusion.OMITTED

    return [pk for pk, parties in rows if not any(may_appear(pid) for pid in parties)]


def _final_entries() -> QuerySet[ReportEntry]:
    """Entries of final reports that may still be shown."""
    return ReportEntry.objects.filter(period__status=PeriodStatus.FINAL).exclude(pk__in=withdrawn_entry_ids())


def published(filters: PublicFilters = PublicFilters()) -> QuerySet[ReportEntry]:
    qs = _final_entries()
    f = filters
    if f.state:
        qs = qs.filter(country__iso3=f.state)
    if f.regional_group:
        qs = qs.filter(country__regional_group=f.regional_group)
    if f.period:
        qs = qs.filter(period_id=f.period)
    if f.annex:
        qs = qs.filter(annex=f.annex)
    # What the report published (frozen with the entry), not what the register learnt since. The codes are
    # validated choices; quoted, they match one element of the JSON list exactly.
    if f.form:
        qs = qs.filter(facets__forms__icontains=json.dumps(f.form))
    if f.un_body:
        qs = qs.filter(facets__un_bodies__icontains=json.dumps(f.un_body))
    return (qs.select_related("period", "country").defer("period__snapshot")
            .order_by("-period__start", "annex", "paragraph"))


@dataclass(frozen=True)
class PublishedCase:
    report: str
    period_start: str
    period_end: str
    annex: str
    paragraph: int
    state_iso3: str
    state: str
    regional_group: str
    forms: tuple[str, ...]
    un_bodies: tuple[str, ...]
    text: str


def redacted(entries: list[ReportEntry], register: RegisterNames | None = None) -> list[PublishedCase]:
    """The entries as the public may see them now; entries in which nobody may appear are dropped. Each
    entry's markers resolve for its own parties only, and its place only while they may all be named."""
    if not entries:
        return []
    redactor = Redactor.for_parties((pid for e in entries for pid in e.parties), register)
    out = []
    for e in entries:
        if not redactor.publishable(e.parties):
            continue
        out.append(PublishedCase(
            period_label(e.period), e.period.start.isoformat(), e.period.end.isoformat(), e.annex, e.paragraph,
            e.country.iso3, e.country.name, e.country.regional_group, tuple(e.facets.get("forms", [])),
            tuple(e.facets.get("un_bodies", [])), redactor.text(e.text, e.parties, e.case_id)))
    return out


def page_of(filters: PublicFilters, page: int) -> tuple[list[PublishedCase], bool]:
    """One page of published cases (newest reports first) and whether there is a next page."""
    start = max(page - 1, 0) * PAGE_SIZE
    entries = list(published(filters)[start:start + PAGE_SIZE + 1])
    return redacted(entries[:PAGE_SIZE]), len(entries) > PAGE_SIZE


# ---------------------------------------------------------------- counts, always protected


def counts_by_state() -> dict[str, tuple[Country, int]]:
    rows = (_final_entries().values_list("country_id")
            .annotate(n=Count("case_id", distinct=True)).order_by())
    countries = Country.objects.in_bulk([cid for cid, _n in rows])
    return {countries[cid].iso3: (countries[cid], n) for cid, n in rows}


def _protected_list(counts: dict[str, int], labels: dict[str, str]) -> dict:
    p = disclosure.protect_counts(counts, conf.min_cell())
    return {
        "threshold": p.threshold,
        "total": p.total,
        "rows": [{"code": None, "label": str(_("Other (grouped to protect identities)")), "count": n, "grouped": True}
                 if code == disclosure.OTHER else {"code": code, "label": labels.get(code, code), "count": n,
                                                   "grouped": False} for code, n in p.rows],
    }


def statistics(state_iso3: str = "") -> dict[str, dict]:
    """Public statistics of published cases (each counted once), optionally for one State."""
    entries = _final_entries()
    if state_iso3:
        entries = entries.filter(country__iso3=state_iso3)
    groups = Counter(dict(entries.values_list("country__regional_group").annotate(n=Count("case_id", distinct=True))
                          .order_by()))
    # Forms and UN bodies as the reports published them (each case once), not as the register has them now.
    kinds = dict(UNBody.objects.values_list("code", "kind"))
    form_cases: dict[str, set[int]] = {}
    kind_cases: dict[str, set[int]] = {}
    for case_id, facets in entries.values_list("case_id", "facets"):
        for code in (facets or {}).get("forms", []):
            form_cases.setdefault(code, set()).add(case_id)
        for code in (facets or {}).get("un_bodies", []):
            if code in kinds:
                kind_cases.setdefault(kinds[code], set()).add(case_id)
    forms = Counter({code: len(ids) for code, ids in form_cases.items()})
    bodies = Counter({kind: len(ids) for kind, ids in kind_cases.items()})
    finals = list(final_periods().order_by("start"))
    labels = {p.pk: period_label(p) for p in finals}
    per_period = {labels[p.pk]: 0 for p in finals}
    for pid, n in entries.values_list("period_id").annotate(n=Count("id")).order_by():
        per_period[labels[pid]] = n
    states = {iso3: n for iso3, (_c, n) in counts_by_state().items()} if not state_iso3 else {}
    # Forms of reprisal and States are named in the reader's language, as the other tables are.
    column = language_column(get_language())
    form_labels = {code: term_labels().get(("reprisal_form", code), {}).get(column) or label
                   for code, label in Term.objects.filter(vocabulary="reprisal_form").values_list("code", "label")}
    out = {
        "by_regional_group": _protected_list(groups, {k: str(v) for k, v in RegionalGroup.choices}),
        "by_form": _protected_list(forms, form_labels),
        "by_un_body": _protected_list(bodies, {k: str(v) for k, v in UNBodyKind.choices}),
        "by_report": _protected_list(per_period, {k: k for k in per_period}),
    }
    if not state_iso3:
        out["by_state"] = _protected_list(states, {iso3: country_names().get(iso3, {}).get(column) or name
                                                   for iso3, name in Country.objects.values_list("iso3", "name")})
    # Reports keep their order in time, not by size.
    order = list(per_period)
    out["by_report"]["rows"].sort(key=lambda r: order.index(r["code"]) if r["code"] in order else len(order))
    return out


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    used_states = (Country.objects.filter(pk__in=_final_entries().values("country_id")).order_by("name")
                   .values_list("iso3", "name"))
    # States, forms of reprisal and UN bodies are named in the reader's language (reference.i18n).
    column = language_column(get_language())
    forms = Term.objects.filter(vocabulary="reprisal_form", is_active=True).values_list("code", "label")
    bodies = UNBody.objects.filter(is_active=True).order_by("name").values_list("code", "name")
    return {
        "states": localized_choices(list(used_states), lambda code: country_names().get(code, {})),
        "groups": [(k, str(v)) for k, v in RegionalGroup.choices if k != RegionalGroup.NONE],
        "periods": [(str(p.pk), period_label(p)) for p in final_periods()],
        "forms": [(code, term_labels().get(("reprisal_form", code), {}).get(column) or label) for code, label in forms],
        "bodies": localized_choices(list(bodies), lambda code: un_body_names().get(code, {})),
    }
