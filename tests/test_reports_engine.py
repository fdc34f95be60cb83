"""The annex engine on the register: annex I and II, exclusions, finalising and the frozen snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from reprisals.cases import services as cs
from reprisals.core.errors import Conflict, Forbidden, ValidationFailed
from reprisals.core.models import AuditEntry
from reprisals.reference.models import Country
from reprisals.reports import drafting, selectors, services
from reprisals.reports.models import ExclusionReason, ReportEntry
from reprisals.reports.render import prepare
from reprisals.reports.testdata import communicate, develop, make_case

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def states(reference):
    return {iso3: Country.objects.get(iso3=iso3) for iso3 in ("BHR", "CHN", "EGY")}


@pytest.fixture
def first(officer):
    return services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")


@pytest.fixture
def second(officer):
    return services.period_create(actor=officer, start=D(2016, 5, 1), end=D(2017, 4, 30), symbol="A/HRC/36/31")


def paragraphs(content: dict, annex: str) -> list[tuple[str, int, int]]:
    found = next(a for a in content["annexes"] if a["number"] == annex)
    return [(s["name"], p["n"], p["case"]) for s in found["states"] for p in s["paragraphs"]]


def test_new_cases_are_grouped_by_state_in_alphabetical_order(officer, states, first):
    egypt = make_case(actor=officer, country=states["EGY"], name="Amr Example")
    bahrain = make_case(actor=officer, country=states["BHR"], name="Maryam Example")
    china = make_case(actor=officer, country=states["CHN"], name="Cao Example", incident="2015-06")
    content = drafting.build(first).content
    assert paragraphs(content, "I") == [("Bahrain", 1, bahrain.pk), ("China", 2, china.pk), ("Egypt", 3, egypt.pk)]


def test_cases_outside_the_period_or_not_verified_stay_out(officer, states, first):
    make_case(actor=officer, country=states["BHR"], incident="2017-01", received=D(2017, 1, 5))
    pending = make_case(actor=officer, country=states["BHR"], status="under_assessment")
    built = drafting.build(first)
    assert paragraphs(built.content, "I") == []
    assert [(r["case"], r["reason"]) for r in built.content["internal"]["left_out"]] == [(pending.pk, "not_verified")]


def test_a_reported_case_still_in_follow_up_goes_to_annex_ii_with_what_happened_since(officer, senior, states, first,
                                                                                     second):
    case = make_case(actor=officer, country=states["BHR"], name="Maryam Example", status="follow_up")
    communicate(case=case, sent_on=D(2016, 2, 1), answered_on=D(2016, 3, 1), level="does_not_address")
    services.report_finalise(actor=senior, period=first)
    communicate(case=case, sent_on=D(2016, 9, 1), body="CCPR", answered_on=D(2016, 11, 2), level="partial")
    develop(case=case, date="2017-01-15", description="She was charged with terrorism.")
    develop(case=case, date="2017-02", description="Internal note only.", for_next_report=False)
    content = drafting.build(second).content
    assert paragraphs(content, "I") == []
    assert paragraphs(content, "II") == [("Bahrain", 1, case.pk)]
    text = prepare(content, public=True).annexes[1].states[0].paragraphs[0].text
    assert "A/HRC/33/19, annex I, para. 1" in text
    assert "1 September 2016" in text and "Human Rights Committee" in text
    assert "2 November 2016" in text and "partial" in text
    assert "charged with terrorism" in text and "Internal note only" not in text
    assert "1 February 2016" not in text  # already in the earlier report


def test_what_happens_after_the_period_is_told_once_in_the_next_reports_annex_ii(officer, senior, states, first,
                                                                                  second):
    case = make_case(actor=officer, country=states["BHR"], name="Maryam Example", status="follow_up")
    communicate(case=case, sent_on=D(2016, 2, 1), answered_on=D(2016, 6, 10), level="does_not_address")
    communicate(case=case, sent_on=D(2016, 6, 1), body="CCPR")
    first_text = prepare(drafting.build(first).content, public=True).annexes[0].states[0].paragraphs[0].text
    assert "1 February 2016" in first_text
    assert "10 June 2016" not in first_text and "1 June 2016" not in first_text
    services.report_finalise(actor=senior, period=first)
    second_text = prepare(drafting.build(second).content, public=True).annexes[1].states[0].paragraphs[0].text
    assert "1 June 2016" in second_text and "10 June 2016" in second_text
    assert "1 February 2016" not in second_text


def test_a_case_whose_state_responded_adequately_is_not_carried_over(officer, reviewer, senior, states, first, second):
    case = make_case(actor=officer, country=states["BHR"], status="follow_up")
    services.report_finalise(actor=senior, period=first)
    communicate(case=case, sent_on=D(2016, 6, 1), answered_on=D(2016, 7, 1), level="adequate")
    assert paragraphs(drafting.build(second).content, "II") == []


def test_an_officer_can_leave_a_case_out_for_security_and_the_reason_is_for_officers_only(officer, states, first):
    case = make_case(actor=officer, country=states["BHR"], name="Maryam Example")
    services.exclusion_decide(actor=officer, period=first, case=case, reason=ExclusionReason.SECURITY,
                              note="Family in detention.")
    content = drafting.build(first).content
    assert paragraphs(content, "I") == []
    assert content["internal"]["left_out"][0]["reason_label"] == "Security of the person or of others"
    public = prepare(content, public=True)
    assert public.internal is None
    assert prepare(content, public=False).internal.left_out[0]["reference"] == case.reference


def test_why_a_case_was_left_out_reads_in_the_readers_language_whatever_language_built_the_report(
        officer, senior, states, first):
    decided = make_case(actor=officer, country=states["BHR"], name="Maryam Example")
    services.exclusion_decide(actor=officer, period=first, case=decided, reason=ExclusionReason.SECURITY, note="")
    unverified = make_case(actor=officer, country=states["EGY"], name="Unverified Example", status="received")
    with translation.override("en"):
        services.report_finalise(actor=senior, period=first)
    first.refresh_from_db()
    with translation.override("fr"):
        rows = {r["case"]: (r["state"], r["reason_label"]) for r in selectors.draft_for_user(officer, first).left_out}
    assert rows == {decided.pk: ("Bahreïn", "Sécurité de la personne ou d'autrui"),
                    unverified.pk: ("Égypte", "Datée dans la période mais pas encore vérifiée")}


def test_urgent_risk_and_missing_consent_leave_cases_out(officer, states, first):
    urgent = make_case(actor=officer, country=states["BHR"], name="Urgent Example")
    cs.case_update(actor=officer, case=urgent, expected_version=None, risk_level="urgent")
    refused = make_case(actor=officer, country=states["CHN"], name="Refused Example",
                        consents={"raise_with_state": True, "publish_name": False, "publish_anonymously": False})
    left = {r["case"]: r["reason"] for r in drafting.build(first).content["internal"]["left_out"]}
    assert left == {urgent.pk: "urgent_risk", refused.pk: "no_consent_publication"}


def test_an_exclusion_needs_a_reason_and_a_note_for_other(officer, states, first):
    case = make_case(actor=officer, country=states["BHR"])
    with pytest.raises(ValidationFailed) as err:
        services.exclusion_decide(actor=officer, period=first, case=case, reason="other")
    assert "note" in err.value.fields
    with pytest.raises(ValidationFailed):
        services.exclusion_decide(actor=officer, period=first, case=case, reason="because")


def test_only_a_senior_official_finalises_and_only_with_a_symbol(officer, senior, states, first):
    make_case(actor=officer, country=states["BHR"])
    with pytest.raises(Forbidden):
        services.report_finalise(actor=officer, period=first)
    services.period_update(actor=officer, period=first, symbol="")
    with pytest.raises(ValidationFailed) as err:
        services.report_finalise(actor=senior, period=first)
    assert "symbol" in err.value.fields


def test_finalising_records_each_case_with_its_annex_and_paragraph(officer, senior, states, first):
    bahrain = make_case(actor=officer, country=states["BHR"], name="Maryam Example")
    egypt = make_case(actor=officer, country=states["EGY"], name="Amr Example")
    services.report_finalise(actor=senior, period=first)
    entries = list(ReportEntry.objects.filter(period=first).order_by("paragraph"))
    assert [(e.case_id, e.annex, e.paragraph, e.country.iso3) for e in entries] == [
        (bahrain.pk, "I", 1, "BHR"), (egypt.pk, "I", 2, "EGY")]
    assert "Maryam" not in entries[0].text  # names are resolved at the moment of use, never stored
    assert AuditEntry.objects.filter(action="period.finalise", object_id=str(first.pk)).exists()


def test_a_final_report_is_frozen_against_edits_and_register_changes(officer, senior, states, first):
    case = make_case(actor=officer, country=states["BHR"], name="Maryam Example", summary="Detained at the airport.")
    services.report_finalise(actor=senior, period=first)
    first.refresh_from_db()
    before = prepare(drafting.period_content(first), public=True)
    with pytest.raises(Conflict):
        services.period_update(actor=officer, period=first, title="New title")
    with pytest.raises(Conflict):
        services.exclusion_decide(actor=officer, period=first, case=case, reason="security")
    with pytest.raises(Conflict):
        services.report_finalise(actor=senior, period=first)
    make_case(actor=officer, country=states["CHN"], name="Late Example")
    cs.case_update(actor=officer, case=case, expected_version=None, summary="Rewritten later.")
    after = prepare(drafting.period_content(first), public=True)
    assert after == before
