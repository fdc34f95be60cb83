"""The annex paragraphs read as the Secretary-General's report does: who acted takes its article ("by an
armed group", "by the police"), and a vague kind of engagement ("Other") is not put into the sentence."""

from __future__ import annotations

import pytest

from reprisals.cases import services as cs
from reprisals.reference.models import Country
from reprisals.reports.compose import annex_i_text
from reprisals.reports.inclusion import NAMED
from reprisals.reports.loader import load_cases
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db


def paragraph(case) -> str:
    data = load_cases([case.pk])[case.pk]
    return annex_i_text(data, {p.id: NAMED for p in data.parties})


@pytest.fixture
def case(officer, reference):
    return make_case(actor=officer, country=Country.objects.get(iso3="BHR"), incident="2016-03-12")


@pytest.mark.parametrize("code, phrase", [("armed_group", "by an armed group"), ("company", "by a company"),
                                          ("police", "by the police"), ("military", "by the military"),
                                          ("officials", "by government officials")])
def test_who_acted_reads_with_its_article(officer, case, code, phrase):
    incident = case.incidents.get()
    cs.incident_update(actor=officer, incident=incident, perpetrator=code)
    text = paragraph(case)
    forms = "arbitrary arrest and travel ban or passport confiscation"
    assert f"subjected to {forms} {phrase} in the airport." in text, text


def test_an_unknown_perpetrator_is_left_out(officer, case):
    cs.incident_update(actor=officer, incident=case.incidents.get(), perpetrator="unknown")
    assert " by " not in paragraph(case).split(".")[0]


def test_an_engagement_of_kind_other_names_only_the_body(officer, case):
    case.engagements.all().delete()
    cs.engagement_add(actor=officer, case=case, un_body=cs.un_body_by_code("HRC"), kind="other", date="2016-03")
    text = paragraph(case)
    assert "This followed their cooperation with the United Nations (Human Rights Council)." in text
    assert "other" not in text.lower().split("cooperation")[1]


def test_named_kinds_stay_beside_the_body(officer, case):
    cs.engagement_add(actor=officer, case=case, un_body=cs.un_body_by_code("HRC"), kind="other", date="2016-04")
    text = paragraph(case)
    assert "(participation in a meeting on UN premises (session, review, side event): Human Rights Council)" in text
