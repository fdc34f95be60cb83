"""Loading what a report needs from the register, in bulk, as plain data for the pure rules.

Reads the case register and the follow-up models (read-only: the follow-up app offers the carry-over
rule per case; for thousands of cases this module applies the same pure rule,
``followup.rules.carries_over``, to standings loaded in three queries). Not filtered by who asks: a
report is about the whole register; views check the capability and leave restricted cases out
(``inclusion.RESTRICTED``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from reprisals.cases.models import (
    AffectedParty,
    Allegation,
    Case,
    CaseStatus,
    ConsentRecord,
    Engagement,
    Incident,
    StatusChange,
)
from reprisals.core.dates import PartialDate
from reprisals.followup import rules as followup_rules
from reprisals.followup.choices import AssessmentStatus
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, StateResponse
from reprisals.reference.i18n import country_name, term_label, un_body_name
from reprisals.reports import inclusion
from reprisals.reports.models import PeriodStatus, ReportEntry, ReportExclusion, ReportingPeriod
from reprisals.reports.periods import Span
from reprisals.reports.redaction import NameSet

CHUNK = 2000
Link = Communication.cases.through


@dataclass
class PartyData:
    id: int
    kind: str
    is_anonymous: bool
    name: str
    variants: tuple[str, ...]
    protected_name: str
    description: str
    gender: str
    roles: tuple[str, ...]
    contact: str
    consents: dict[str, bool]

    def facts(self) -> inclusion.PartyFacts:
        c = self.consents
        return inclusion.PartyFacts(self.id, self.is_anonymous, c.get("raise_with_state", False),
                                    c.get("publish_name", False), c.get("publish_anonymously", False))

    def name_set(self) -> NameSet:
        names = tuple(n for n in (self.name, *self.variants, self.protected_name) if n)
        return NameSet(self.id, names, individual=self.kind == "individual")


@dataclass
class IncidentData:
    date: PartialDate
    forms: tuple[tuple[str, str], ...]  # (code, label)
    perpetrator: str
    place: str
    description: str
    perpetrator_code: str = ""


@dataclass
class EngagementData:
    date: PartialDate
    body_code: str
    body_name: str
    body_kind: str
    kind: str
    kind_code: str = ""


@dataclass
class ResponseData:
    received_on: dt.date


@dataclass
class CommunicationData:
    id: int
    kind: str
    body_code: str
    body_name: str
    body_kind: str
    sent_on: dt.date
    deadline: dt.date
    answered_on: dt.date | None
    level: str  # latest confirmed assessment level, "" when none
    assessed_at: dt.datetime | None
    responses: list[ResponseData] = field(default_factory=list)


@dataclass
class DevelopmentData:
    date: PartialDate
    kind: str
    description: str
    for_next_report: bool


@dataclass
class PriorEntry:
    period_id: int
    symbol: str
    start: dt.date
    end: dt.date
    annex: str
    paragraph: int


@dataclass
class CaseData:
    id: int
    reference: str
    title: str
    country_id: int
    iso3: str
    state: str
    regional_group: str
    status: str
    risk_level: str
    is_restricted: bool
    summary: str
    risk_notes: str
    first_allegation: dt.date | None = None
    parties: list[PartyData] = field(default_factory=list)
    incidents: list[IncidentData] = field(default_factory=list)
    engagements: list[EngagementData] = field(default_factory=list)
    communications: list[CommunicationData] = field(default_factory=list)
    developments: list[DevelopmentData] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)  # sources' identities and contacts
    reopened_at: dt.datetime | None = None
    prior: list[PriorEntry] = field(default_factory=list)
    raised_by: set[str] = field(default_factory=set)  # UN bodies that sent an allegation or a communication
    # Scrubs the names of persons of other cases, not in the report, out of this case's free texts (drafting).
    scrub_others: Callable[[str], str] | None = None

    @property
    def first_incident(self) -> dt.date | None:
        return min((i.date.earliest for i in self.incidents), default=None)

    def all_secrets(self) -> list[str]:
        return [*self.secrets, self.risk_notes, *(p.contact for p in self.parties),
                *(p.protected_name for p in self.parties if p.is_anonymous)]

    def carries_over(self) -> bool:
        standings = [followup_rules.CommunicationStanding(c.sent_on, c.id, c.level or None, c.assessed_at)
                     for c in self.communications]
        adequate = followup_rules.adequately_addressed(standings, self.reopened_at)
        return followup_rules.carries_over(self.status, adequate)

    def facts(self, decision: str | None = None, later_final: bool = False) -> inclusion.CaseFacts:
        return inclusion.CaseFacts(
            id=self.id, reference=self.reference, state=self.state, status=self.status,
            first_incident=self.first_incident, first_allegation=self.first_allegation,
            parties=tuple(p.facts() for p in self.parties), risk_level=self.risk_level,
            is_restricted=self.is_restricted, reported_before=bool(self.prior) or later_final,
            carries_over=bool(self.prior) and self.carries_over(), decision=decision,
        )


# ---------------------------------------------------------------- which cases to load


def candidate_ids(period: ReportingPeriod) -> list[int]:
    """Cases that may qualify: dated so that their reportable date can fall in the period, or
    included in an earlier final report and still in a follow-up status."""
    statuses = (*inclusion.VERIFIED_OR_LATER, *inclusion.NOT_YET_VERIFIED)
    received = Allegation.objects.filter(case_id=OuterRef("pk"), received_on__gte=period.start,
                                         received_on__lte=period.end)
    new = (Case.objects.filter(status__in=statuses, year__lte=period.end.year)
           .filter(Q(year__gte=period.start.year) | Exists(received)).values_list("pk", flat=True))
    earlier = ReportEntry.objects.filter(period__status=PeriodStatus.FINAL, period__start__lt=period.start).exclude(
        period=period)
    follow = (Case.objects.filter(status__in=followup_rules.FOLLOW_UP_STATUSES)
              .filter(pk__in=earlier.values("case_id")).values_list("pk", flat=True))
    return sorted(set(new) | set(follow))


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i:i + CHUNK])


def load_cases(ids: Sequence[int], period: ReportingPeriod | None = None) -> dict[int, CaseData]:
    """Everything the rules and the text need about these cases, in a fixed number of queries per
    chunk of cases."""
    out: dict[int, CaseData] = {}
    for chunk in _chunks(list(ids)):
        out.update(_load_chunk(chunk, period))
    return out


def _load_chunk(ids: list[int], period: ReportingPeriod | None) -> dict[int, CaseData]:
    cases: dict[int, CaseData] = {}
    for row in Case.objects.filter(pk__in=ids).select_related("country").only(
            "pk", "reference", "title", "status", "risk_level", "is_restricted", "summary", "risk_notes",
            "country__id", "country__iso3", "country__name", "country__regional_group"):
        cases[row.pk] = CaseData(
            row.pk, row.reference, row.title, row.country.pk, row.country.iso3,
            country_name(row.country.iso3, row.country.name),
            row.country.regional_group, row.status, row.risk_level, row.is_restricted, row.summary, row.risk_notes)
    for a in Allegation.objects.filter(case_id__in=ids).select_related("source_entity__un_body").only(
            "case_id", "received_on", "source_identity", "source_contact", "source_entity__un_body__code"):
        c = cases[a.case_id]
        if a.source_entity and a.source_entity.un_body:
            c.raised_by.add(a.source_entity.un_body.code)
        if c.first_allegation is None or a.received_on < c.first_allegation:
            c.first_allegation = a.received_on
        c.secrets += [a.source_identity, a.source_contact]
    _load_parties(ids, cases)
    _load_incidents(ids, cases)
    for e in (Engagement.objects.filter(case_id__in=ids).select_related("un_body", "kind")
              .order_by("date_year", "date_month", "date_day", "id")):
        cases[e.case_id].engagements.append(EngagementData(
            e.date, e.un_body.code, un_body_name(e.un_body.code, e.un_body.name), e.un_body.kind,
            term_label(e.kind.vocabulary, e.kind.code, e.kind.label), e.kind.code))
    _load_followup(ids, cases)
    for case_id, at in (StatusChange.objects.filter(case_id__in=ids,
                                                     from_status=CaseStatus.CLOSED_ADEQUATELY_ADDRESSED)
                        .values_list("case_id", "at")):
        c = cases[case_id]
        c.reopened_at = max(at, c.reopened_at) if c.reopened_at else at
    _load_prior(ids, cases, period)
    return cases


def _load_parties(ids: list[int], cases: dict[int, CaseData]) -> None:
    parties: dict[int, PartyData] = {}
    for p in AffectedParty.objects.filter(case_id__in=ids).order_by("id"):
        party = PartyData(p.pk, p.kind, p.is_anonymous, p.name, tuple(p.name_variants or ()), p.protected_name,
                          p.description, p.gender, (), p.contact, {})
        parties[p.pk] = party
        cases[p.case_id].parties.append(party)
    roles: dict[int, list[str]] = defaultdict(list)
    for party_id, code in (AffectedParty.roles.through.objects.filter(affectedparty__case_id__in=ids)
                           .order_by("term__sort_order", "term__code").values_list("affectedparty_id", "term__code")):
        roles[party_id].append(code)
    for party_id, codes in roles.items():
        parties[party_id].roles = tuple(codes)
    # The latest decision per party and use is the consent in force (as cases.selectors.consent_in_force).
    for party_id, use, granted in (ConsentRecord.objects.filter(party__case_id__in=ids)
                                   .order_by("party_id", "use", "recorded_at", "id")
                                   .values_list("party_id", "use", "granted")):
        parties[party_id].consents[use] = granted


def _load_incidents(ids: list[int], cases: dict[int, CaseData]) -> None:
    incidents: dict[int, tuple[int, IncidentData]] = {}
    for i in (Incident.objects.filter(case_id__in=ids).select_related("perpetrator")
              .order_by("date_year", "date_month", "date_day", "id")):
        perpetrator = (term_label(i.perpetrator.vocabulary, i.perpetrator.code, i.perpetrator.label)
                       if i.perpetrator else "")
        data = IncidentData(i.date, (), perpetrator, i.place, i.description,
                            i.perpetrator.code if i.perpetrator else "")
        incidents[i.pk] = (i.case_id, data)
        cases[i.case_id].incidents.append(data)
    forms: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for incident_id, code, label in (Incident.forms.through.objects.filter(incident__case_id__in=ids)
                                     .order_by("term__sort_order", "term__code")
                                     .values_list("incident_id", "term__code", "term__label")):
        forms[incident_id].append((code, term_label("reprisal_form", code, label)))
    for incident_id, pairs in forms.items():
        incidents[incident_id][1].forms = tuple(pairs)


def _load_followup(ids: list[int], cases: dict[int, CaseData]) -> None:
    links = list(Link.objects.filter(case_id__in=ids).values_list("case_id", "communication_id"))
    comm_ids = sorted({cid for _case, cid in links})
    comms: dict[int, CommunicationData] = {}
    for chunk in _chunks(comm_ids):
        for c in Communication.objects.filter(pk__in=chunk).select_related("un_body"):
            comms[c.pk] = CommunicationData(c.pk, c.kind, c.un_body.code, un_body_name(c.un_body.code, c.un_body.name),
                                            c.un_body.kind, c.sent_on,
                                            c.deadline, c.answered_on, c.assessment_level, c.assessed_at)
        for comm_id, received_on in (StateResponse.objects.filter(communication_id__in=chunk)
                                     .order_by("received_on", "id").values_list("communication_id", "received_on")):
            comms[comm_id].responses.append(ResponseData(received_on))
        if any(not comms[c].level for c in chunk if c in comms):
            # A communication keeps the level of its latest confirmed assessment; read it from the
            # assessments as well, in case the field lags behind.
            for comm_id, level, at in (Assessment.objects.filter(communication_id__in=chunk,
                                                                 status=AssessmentStatus.CONFIRMED)
                                       .order_by("decided_at", "id").values_list("communication_id", "level",
                                                                                 "decided_at")):
                comms[comm_id].level, comms[comm_id].assessed_at = level, at
    for case_id, comm_id in links:
        cases[case_id].communications.append(comms[comm_id])
        cases[case_id].raised_by.add(comms[comm_id].body_code)
    for c in cases.values():
        c.communications.sort(key=lambda x: (x.sent_on, x.id))
    for d in CaseDevelopment.objects.filter(case_id__in=ids).order_by("date_year", "date_month", "date_day", "id"):
        cases[d.case_id].developments.append(DevelopmentData(d.date, d.get_kind_display(), d.description,
                                                             d.for_next_report))


def _load_prior(ids: list[int], cases: dict[int, CaseData], period: ReportingPeriod | None) -> None:
    entries = ReportEntry.objects.filter(case_id__in=ids, period__status=PeriodStatus.FINAL)
    if period is not None:
        entries = entries.exclude(period=period).filter(period__start__lt=period.start)
    # Plain values: never the periods' snapshots, which hold whole reports.
    for case_id, *values in entries.order_by("period__start", "annex", "paragraph").values_list(
            "case_id", "period_id", "period__symbol", "period__start", "period__end", "annex", "paragraph"):
        cases[case_id].prior.append(PriorEntry(*values))


def later_final_ids(ids: Iterable[int], period: ReportingPeriod) -> set[int]:
    """Cases already in a final report of a later period: not new in this one."""
    return set(ReportEntry.objects.filter(case_id__in=list(ids), period__status=PeriodStatus.FINAL,
                                          period__start__gt=period.start).values_list("case_id", flat=True))


def decisions(period: ReportingPeriod) -> dict[int, str]:
    """Officers' exclusions for this period: case id → reason code."""
    return dict(ReportExclusion.objects.filter(period=period).values_list("case_id", "reason"))


def span(period: ReportingPeriod) -> Span:
    return Span(period.start, period.end)
