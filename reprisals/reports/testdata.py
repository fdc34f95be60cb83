"""Small, named scenarios for the reports tests and benchmark: cases made through the case services,
and historical follow-up (communications, responses, assessments dated years ago) written directly,
because the follow-up services rightly refuse deadlines that have already passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reprisals.cases import services as case_services
from reprisals.cases.models import Case, CaseStatus
from reprisals.followup.choices import AssessmentLevel, AssessmentStatus, CommunicationKind, ResponseChannel
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, StateResponse
from reprisals.followup.services import summary_digest
from reprisals.reference.models import Country, UNBody

ALL_CONSENTS = {"raise_with_state": True, "publish_name": True, "publish_anonymously": True, "share_un": True}
PATH = {
    CaseStatus.UNDER_ASSESSMENT: [CaseStatus.UNDER_ASSESSMENT],
    CaseStatus.VERIFIED: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED],
    CaseStatus.RAISED_WITH_STATE: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED, CaseStatus.RAISED_WITH_STATE],
    CaseStatus.AWAITING_RESPONSE: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED, CaseStatus.RAISED_WITH_STATE,
                                   CaseStatus.AWAITING_RESPONSE],
    CaseStatus.FOLLOW_UP: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED, CaseStatus.RAISED_WITH_STATE,
                           CaseStatus.AWAITING_RESPONSE, CaseStatus.FOLLOW_UP],
    CaseStatus.CLOSED_NOT_SUBSTANTIATED: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.CLOSED_NOT_SUBSTANTIATED],
    CaseStatus.CLOSED_WITHDRAWN: [CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED, CaseStatus.CLOSED_WITHDRAWN],
}


def make_case(*, actor: Any, country: Country, name: str = "Maryam Example", incident: str = "2016-03",
              received: dt.date = dt.date(2016, 3, 10), status: str = CaseStatus.VERIFIED,
              consents: dict[str, bool] | None = None, anonymous: bool = False, protected_name: str = "",
              description: str = "a woman human rights defender", summary: str = "", title: str = "",
              forms: Sequence[str] = ("travel_ban", "arbitrary_arrest"), body: str = "HRC", gender: str = "female",
              roles: Sequence[str] = ("human_rights_defender",), place: str = "the airport",
              source_identity: str = "Source Alpha", source_contact: str = "alpha@example.org",
              contact: str = "", risk_notes: str = "", extra_parties: Sequence[dict] = ()) -> Case:
    allegation = case_services.allegation_record(
        actor=actor, country=country, received_on=received, narrative=f"Allegation about {name or description}.",
        source_identity=source_identity, source_contact=source_contact)
    case = case_services.case_open(actor=actor, title=title or (name or description), country=country,
                                   allegation=allegation)
    if summary or risk_notes:
        case_services.case_update(actor=actor, case=case, expected_version=None,
                                  **({"summary": summary} if summary else {}),
                                  **({"risk_notes": risk_notes} if risk_notes else {}))
    parties = [dict(name="" if anonymous else name, is_anonymous=anonymous, protected_name=protected_name,
                    description=description, gender=gender, roles=list(roles), contact=contact,
                    consents=consents if consents is not None else ALL_CONSENTS)]
    parties += [dict(p) for p in extra_parties]
    for p in parties:
        given = p.pop("consents", ALL_CONSENTS)
        party = case_services.party_add(actor=actor, case=case, **p)
        for use, granted in given.items():
            case_services.consent_record(actor=actor, party=party, use=use, granted=granted,
                                         decided_on=min(received, dt.date.today()))
    case_services.incident_add(actor=actor, case=case, date=incident, forms=list(forms),
                               perpetrator="security_intelligence", place=place)
    case_services.engagement_add(actor=actor, case=case, un_body=case_services.un_body_by_code(body),
                                 kind="participation_un_meeting", date=incident)
    move(actor, case, status)
    case.refresh_from_db()
    return case


def move(actor: Any, case: Case, status: str) -> None:
    case.refresh_from_db()
    path = PATH.get(status, [])
    if case.status in path:
        path = path[path.index(case.status) + 1:]
    for step in path:
        case_services.case_transition(actor=actor, case=case, to_status=step, reason="Test scenario.",
                                      expected_version=None)


def communicate(*, case: Case, sent_on: dt.date, body: str = "SR-HRD", answered_on: dt.date | None = None,
                level: str = "", kind: str = CommunicationKind.SP_ALLEGATION_LETTER,
                actor: Any = None) -> Communication:
    """A historical communication about ``case`` (and, when given, the State's answer and a confirmed
    assessment of it)."""
    deadline = sent_on + dt.timedelta(days=60)
    comm = Communication.objects.create(
        country=case.country, kind=kind, un_body=UNBody.objects.get(code=body), sent_on=sent_on, deadline=deadline,
        summary="Letter about the case.", internal_notes="Internal: do not publish.", recorded_by=actor)
    comm.cases.add(case)
    response = None
    if answered_on:
        response = StateResponse.objects.create(communication=comm, received_on=answered_on,
                                                summary="The Government rejects the allegations.",
                                                summary_digest=summary_digest("x" + str(answered_on)),
                                                channel=ResponseChannel.NOTE_VERBALE)
        comm.answered_on, comm.days_to_answer = answered_on, (answered_on - sent_on).days
    if level:
        Assessment.objects.create(
            communication=comm, response=response if level != AssessmentLevel.NO_RESPONSE else None, level=level,
            investigation_opened=level == AssessmentLevel.ADEQUATE, reason="Assessed.",
            status=AssessmentStatus.CONFIRMED, decided_at=dt.datetime.combine(answered_on or sent_on, dt.time(),
                                                                              tzinfo=dt.UTC))
        comm.assessment_level = level
        comm.assessed_at = dt.datetime.combine(answered_on or sent_on, dt.time(), tzinfo=dt.UTC)
    comm.save()
    return comm


def develop(*, case: Case, date: str, kind: str = "new_charges", description: str = "New charges were brought.",
            for_next_report: bool = True) -> CaseDevelopment:
    from reprisals.core.dates import PartialDate

    when = PartialDate.parse(date)
    return CaseDevelopment.objects.create(case=case, kind=kind, date_year=when.year, date_month=when.month,
                                          date_day=when.day, description=description,
                                          for_next_report=for_next_report)
