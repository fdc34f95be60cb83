"""The inclusion rules of the periodic report, as pure functions (no database)."""

from __future__ import annotations

import datetime as dt

from reprisals.reports.inclusion import (
    ANNEX_I,
    ANNEX_II,
    ANONYMOUS,
    NAMED,
    NO_CONSENT_PUBLICATION,
    NO_CONSENT_RAISE,
    NOT_VERIFIED,
    OMITTED,
    RESTRICTED,
    URGENT_RISK,
    CaseFacts,
    PartyFacts,
    build_draft,
    party_mode,
    reportable_date,
)
from reprisals.reports.periods import Periodicity, Span, periods_between

D = dt.date
PERIOD = Span(D(2015, 5, 1), D(2016, 4, 30))
CONSENTING = PartyFacts(1, False, True, True, True)
INCIDENT, ALLEGATION = D(2016, 3, 1), D(2016, 3, 10)


def case(n: int = 1, *, state: str = "Bahrain", status: str = "verified", incident: dt.date | None = INCIDENT,
         allegation: dt.date | None = ALLEGATION, parties: tuple[PartyFacts, ...] = (CONSENTING,),
         **kw: object) -> CaseFacts:
    return CaseFacts(n, f"RT-{n:05d}", state, status, incident, allegation, parties, **kw)  # type: ignore[arg-type]


def test_the_reportable_date_is_when_both_the_reprisal_had_happened_and_the_un_knew_of_it():
    assert reportable_date(case(incident=D(2015, 3, 1), allegation=D(2016, 1, 5))) == D(2016, 1, 5)
    assert reportable_date(case(incident=D(2016, 2, 1), allegation=D(2016, 1, 5))) == D(2016, 2, 1)
    assert reportable_date(case(incident=None, allegation=D(2016, 1, 5))) == D(2016, 1, 5)


def test_a_verified_case_dated_in_the_period_goes_to_annex_i():
    draft = build_draft([case()], PERIOD)
    assert [p.case.id for p in draft.annex_i] == [1] and not draft.annex_ii and not draft.left_out


def test_every_status_from_verified_on_qualifies_but_not_closed_as_unsubstantiated_or_withdrawn():
    statuses = ["verified", "raised_with_state", "awaiting_response", "follow_up", "closed_adequately_addressed",
                "closed_not_substantiated", "closed_withdrawn"]
    draft = build_draft([case(i, status=s) for i, s in enumerate(statuses)], PERIOD)
    assert sorted(p.case.status for p in draft.annex_i) == sorted(statuses[:5])


def test_a_case_dated_outside_the_period_is_not_new_in_it():
    draft = build_draft([case(incident=D(2014, 1, 1), allegation=D(2015, 2, 1)), case(2, incident=D(2016, 6, 1),
                                                                                   allegation=D(2016, 6, 2))], PERIOD)
    assert not draft.annex_i and not draft.left_out


def test_an_old_incident_reported_to_the_un_during_the_period_is_new_in_it():
    assert build_draft([case(incident=D(2013, 1, 1), allegation=D(2015, 9, 1))], PERIOD).annex_i


def test_a_case_not_yet_verified_is_listed_for_the_officer_not_included():
    draft = build_draft([case(status="under_assessment")], PERIOD)
    assert not draft.annex_i and [(x.reason, x.annex) for x in draft.left_out] == [(NOT_VERIFIED, None)]


def test_a_case_reported_earlier_and_still_in_follow_up_goes_to_annex_ii():
    old = case(status="follow_up", incident=D(2012, 1, 1), allegation=D(2012, 2, 1), reported_before=True,
               carries_over=True)
    draft = build_draft([old], PERIOD)
    assert [p.annex for p in draft.annex_ii] == [ANNEX_II] and not draft.annex_i


def test_a_case_reported_earlier_that_no_longer_carries_over_leaves_the_report():
    closed = case(status="closed_adequately_addressed", reported_before=True, carries_over=False)
    assert build_draft([closed], PERIOD).annex_ii == []


def test_a_case_reported_earlier_is_never_new_again():
    draft = build_draft([case(reported_before=True, carries_over=False)], PERIOD)
    assert not draft.annex_i and not draft.annex_ii


def test_annexes_are_grouped_by_state_in_alphabetical_order_and_numbered_from_one():
    draft = build_draft([case(1, state="Viet Nam"), case(2, state="Bahrain", incident=D(2016, 4, 1)),
                         case(3, state="Bahrain", incident=D(2015, 6, 1)), case(4, state="China")], PERIOD)
    assert [(p.case.state, p.paragraph) for p in draft.annex_i] == [
        ("Bahrain", 1), ("Bahrain", 2), ("China", 3), ("Viet Nam", 4)]
    assert [p.case.id for p in draft.annex_i][:2] == [3, 2]  # within a State, by date
    assert [state for state, _cases in draft.by_state(ANNEX_I)] == ["Bahrain", "China", "Viet Nam"]


def test_a_person_appears_by_name_only_with_consent_to_be_named():
    assert party_mode(PartyFacts(1, False, True, True, False)) == NAMED
    assert party_mode(PartyFacts(1, False, True, False, True)) == ANONYMOUS
    assert party_mode(PartyFacts(1, True, True, True, True)) == ANONYMOUS  # anonymous persons are never named
    assert party_mode(PartyFacts(1, False, True, False, False)) == OMITTED
    assert party_mode(PartyFacts(1, False, False, True, True)) == OMITTED  # not even raised with the State


def test_a_case_is_left_out_when_nobody_consented_to_raising_it_or_to_publication():
    draft = build_draft([case(1, parties=(PartyFacts(1, False, False, True, True),)),
                         case(2, parties=(PartyFacts(2, False, True, False, False),))], PERIOD)
    assert not draft.annex_i
    assert sorted(x.reason for x in draft.left_out) == sorted([NO_CONSENT_RAISE, NO_CONSENT_PUBLICATION])


def test_a_case_appears_anonymously_when_only_anonymous_publication_is_granted():
    draft = build_draft([case(parties=(PartyFacts(7, False, True, False, True),))], PERIOD)
    assert draft.annex_i[0].party_modes == {7: ANONYMOUS}


def test_a_person_without_consent_is_left_out_of_a_case_that_others_consented_to():
    draft = build_draft([case(parties=(CONSENTING, PartyFacts(2, False, True, False, False)))], PERIOD)
    assert draft.annex_i[0].omitted_parties == [2]


def test_security_leaves_a_case_out_urgent_risk_restriction_and_officer_decisions_alike():
    draft = build_draft([case(1, risk_level="urgent"), case(2, is_restricted=True), case(3, decision="security")],
                        PERIOD)
    assert not draft.annex_i
    assert {(x.case.id, x.reason) for x in draft.left_out} == {(1, URGENT_RISK), (2, RESTRICTED), (3, "decided")}
    assert next(x for x in draft.left_out if x.case.id == 3).detail == "security"


def test_the_same_cases_land_in_the_right_report_under_annual_and_three_a_year_periodicity():
    cases = [case(1, incident=D(2016, 3, 1), allegation=D(2016, 3, 10)),
             case(2, incident=D(2016, 6, 1), allegation=D(2016, 6, 2)),
             case(3, incident=D(2016, 9, 30), allegation=D(2016, 10, 1)),
             case(4, incident=D(2015, 12, 24), allegation=D(2016, 5, 3))]
    annual = periods_between(D(2015, 1, 1), D(2017, 12, 31), Periodicity("annual", 5, 1))
    three = periods_between(D(2015, 1, 1), D(2017, 12, 31), Periodicity("three_a_year", 1, 1))

    def landing(spans: list[Span]) -> dict[int, Span]:
        out: dict[int, Span] = {}
        for span in spans:
            for placed in build_draft(cases, span).annex_i:
                assert placed.case.id not in out, "a case is new in one report only"
                out[placed.case.id] = span
        return out

    assert landing(annual) == {1: Span(D(2015, 5, 1), D(2016, 4, 30)), 2: Span(D(2016, 5, 1), D(2017, 4, 30)),
                               3: Span(D(2016, 5, 1), D(2017, 4, 30)), 4: Span(D(2016, 5, 1), D(2017, 4, 30))}
    assert landing(three) == {1: Span(D(2016, 1, 1), D(2016, 4, 30)), 2: Span(D(2016, 5, 1), D(2016, 8, 31)),
                              3: Span(D(2016, 9, 1), D(2016, 12, 31)), 4: Span(D(2016, 5, 1), D(2016, 8, 31))}
