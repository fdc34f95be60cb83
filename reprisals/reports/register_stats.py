"""Statistics over the whole register, as aggregate queries: one query per table, no case loaded into
Python. Staff only (exact counts); public figures come from final reports through ``disclosure``.

Counts name no case and no person, so they cover every case, restricted ones included (as
``followup.selectors.state_record`` does). Each table is counted where its rows live, so that a
million cases need no join that multiplies rows:

- cases by year of their first incident (``Case.year``), status and regional group (counted by State,
  then summed by group);
- **incidents** by form of reprisal, by the year of the incident (an incident with two forms counts
  under each);
- **engagements** by kind of UN body, by the year of the engagement;
- affected parties by role and gender, by the year of their case's first incident;
- the response rate of communications sent in the range (``followup.rules.state_record``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet

from reprisals.cases.models import AffectedParty, Allegation, Case, CaseStatus, Engagement, Gender, Incident
from reprisals.followup import rules as followup_rules
from reprisals.followup.models import Communication
from reprisals.reference.i18n import country_name, term_label
from reprisals.reference.models import Country, RegionalGroup, Term, UNBodyKind

LIMIT = 200


@dataclass
class RegisterStats:
    total: int = 0
    by_year: list[tuple[int, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_group: list[tuple[str, int]] = field(default_factory=list)
    by_form: list[tuple[str, int]] = field(default_factory=list)
    by_body: list[tuple[str, int]] = field(default_factory=list)
    by_role_gender: list[tuple[str, str, int]] = field(default_factory=list)
    response: followup_rules.StateRecord | None = None


@dataclass(frozen=True)
class Years:
    first: int | None = None
    last: int | None = None

    def on(self, qs: QuerySet, column: str) -> QuerySet:
        if self.first:
            qs = qs.filter(**{f"{column}__gte": self.first})
        if self.last:
            qs = qs.filter(**{f"{column}__lte": self.last})
        return qs


def by_year(years: Years) -> list[tuple[int, int]]:
    qs = years.on(Case.objects.order_by(), "year")
    return list(qs.values_list("year").annotate(n=Count("*")).order_by("year"))


def by_status(years: Years) -> list[tuple[str, int]]:
    labels = dict(CaseStatus.choices)
    rows = years.on(Case.objects.order_by(), "year").values_list("status").annotate(n=Count("*")).order_by("-n")
    return [(str(labels.get(s, s)), n) for s, n in rows]


def by_group(years: Years) -> list[tuple[str, int]]:
    groups = dict(Country.objects.values_list("pk", "regional_group"))
    counts: Counter[str] = Counter()
    for country_id, n in years.on(Case.objects.order_by(), "year").values_list("country_id").annotate(n=Count("*")):
        counts[groups[country_id]] += n
    labels = dict(RegionalGroup.choices)
    return [(str(labels.get(g, g)), n) for g, n in counts.most_common()]


def _term_labels(vocabulary: str) -> dict[int, str]:
    """Term id → label in the reader's language (English when no translation is recorded)."""
    return {pk: term_label(vocabulary, code, label) for pk, code, label
            in Term.objects.filter(vocabulary=vocabulary).values_list("pk", "code", "label")}


def by_form(years: Years) -> list[tuple[str, int]]:
    """Incidents by form of reprisal."""
    labels = _term_labels("reprisal_form")
    qs = Incident.forms.through.objects.order_by()
    if years.first or years.last:
        qs = qs.filter(incident_id__in=years.on(Incident.objects.order_by(), "date_year").values("pk"))
    rows = qs.values_list("term_id").annotate(n=Count("*")).order_by("-n")
    return [(labels.get(t, str(t)), n) for t, n in rows]


def by_body(years: Years) -> list[tuple[str, int]]:
    """Engagements by kind of UN body."""
    labels = dict(UNBodyKind.choices)
    rows = (years.on(Engagement.objects.order_by(), "date_year").values_list("un_body__kind")
            .annotate(n=Count("*")).order_by("-n"))
    return [(str(labels.get(k, k)), n) for k, n in rows]


def by_role_gender(years: Years) -> list[tuple[str, str, int]]:
    labels = _term_labels("party_role")
    genders = dict(Gender.choices)
    qs = AffectedParty.roles.through.objects.order_by()
    if years.first or years.last:
        qs = years.on(qs, "affectedparty__case__year")
    rows = qs.values_list("term_id", "affectedparty__gender").annotate(n=Count("*"))
    return sorted(((labels.get(t, str(t)), str(genders.get(g, g)), n) for t, g, n in rows),
                  key=lambda r: (r[0], r[1]))


def response(date_from: dt.date | None, date_to: dt.date | None) -> followup_rules.StateRecord:
    """Communications sent in the range: answered, on time, assessed adequate (``followup.rules``)."""
    qs = Communication.objects.all()
    if date_from:
        qs = qs.filter(sent_on__gte=date_from)
    if date_to:
        qs = qs.filter(sent_on__lte=date_to)
    groups = (qs.annotate(on_time=ExpressionWrapper(Q(answered_on__lte=F("deadline")), output_field=BooleanField()))
              .values_list("days_to_answer", "on_time", "assessment_level").annotate(n=Count("*")).order_by())
    return followup_rules.state_record(
        followup_rules.RecordRow(days, bool(on_time) and days is not None, level or None, n)
        for days, on_time, level, n in groups)


def compute(date_from: dt.date | None, date_to: dt.date | None) -> RegisterStats:
    years = Years(date_from.year if date_from else None, date_to.year if date_to else None)
    counted = by_year(years)
    return RegisterStats(
        total=sum(n for _y, n in counted), by_year=counted, by_status=by_status(years), by_group=by_group(years),
        by_form=by_form(years), by_body=by_body(years), by_role_gender=by_role_gender(years),
        response=response(date_from, date_to),
    )


@dataclass(frozen=True)
class SeveralBodiesRow:
    case_id: int
    reference: str
    state: str
    bodies: int


def raised_by_several(cases: QuerySet[Case], minimum: int = 2, limit: int = LIMIT) -> list[SeveralBodiesRow]:
    """Open cases (of ``cases``) raised by ``minimum`` or more UN bodies (communications sent and
    allegations from entities of UN bodies), most bodies first."""
    from reprisals.cases.workflow import OPEN_STATUSES

    link = Communication.cases.through
    scope = cases.filter(status__in=OPEN_STATUSES).values("pk")
    pairs: dict[int, set[int]] = {}
    for case_id, body_id in (link.objects.filter(case__in=scope)
                             .values_list("case_id", "communication__un_body_id").distinct()):
        pairs.setdefault(case_id, set()).add(body_id)
    for case_id, body_id in (Allegation.objects.filter(case__in=scope, source_entity__un_body__isnull=False)
                             .values_list("case_id", "source_entity__un_body_id").distinct()):
        pairs.setdefault(case_id, set()).add(body_id)
    chosen = sorted(((len(b), cid) for cid, b in pairs.items() if len(b) >= minimum), reverse=True)[:limit]
    info = {pk: (ref, country_name(iso3, state)) for pk, ref, iso3, state
            in Case.objects.filter(pk__in=[c for _n, c in chosen])
            .values_list("pk", "reference", "country__iso3", "country__name")}
    return [SeveralBodiesRow(cid, *info[cid], n) for n, cid in chosen if cid in info]
