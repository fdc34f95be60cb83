"""The annex paragraphs read as the Secretary-General's report does: who acted takes its article ("by an
armed group", "by the police"), and a vague kind of engagement ("Other") is not put into the sentence."""

from __future__ import annotations

import pytest

from reprisals.cases import services as cs
from reprisals.reference.models import Country
from reprisals.reports.compose import annex_i_text
from reprisals.reports.inclusion import NAMED
from reprisals.reports.loader import load_cases
from reprisals.reports.redaction import places
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db


def paragraph(case) -> str:
    data = load_cases([case.pk])[case.pk]
    # As shown while everyone is named: the place is marked so that it follows consent.
    return places(annex_i_text(data, {p.id: NAMED for p in data.parties}), keep=True)


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


@pytest.fixture
def airport_case(officer, reference):
    return make_case(actor=officer, country=Country.objects.get(iso3="BHR"), incident="2016-03",
                     forms=("travel_ban",), place="Bahrain International Airport")


@pytest.mark.parametrize("perpetrator, place, english, chinese", [
    ("police", "Bahrain International Airport",
     "In March 2016, ⟦p:1⟧ was reportedly subjected to travel ban or passport confiscation by the police in "
     "Bahrain International Airport.",
     "据报，2016年3月，⟦p:1⟧在Bahrain International Airport遭受了由警方实施的旅行禁令或没收护照。"),
    ("police", "",
     "In March 2016, ⟦p:1⟧ was reportedly subjected to travel ban or passport confiscation by the police.",
     "据报，2016年3月，⟦p:1⟧遭受了由警方实施的旅行禁令或没收护照。"),
    ("unknown", "Bahrain International Airport",
     "In March 2016, ⟦p:1⟧ was reportedly subjected to travel ban or passport confiscation in Bahrain "
     "International Airport.",
     "据报，2016年3月，⟦p:1⟧在Bahrain International Airport遭受了旅行禁令或没收护照。"),
    ("unknown", "",
     "In March 2016, ⟦p:1⟧ was reportedly subjected to travel ban or passport confiscation.",
     "据报，2016年3月，⟦p:1⟧遭受了旅行禁令或没收护照。"),
])
def test_the_sentence_takes_each_languages_word_order(officer, airport_case, perpetrator, place, english, chinese):
    """Chinese puts the place and who acted before the object ("由警方实施的"), with no spaces and its own
    full stop; English keeps "by … in …" after it; a part left empty leaves no double space."""
    from django.utils import translation

    cs.incident_update(actor=officer, incident=airport_case.incidents.get(), perpetrator=perpetrator, place=place)
    data = load_cases([airport_case.pk])[airport_case.pk]
    marker = f"⟦p:{data.parties[0].id}⟧"
    with translation.override("en"):
        assert paragraph(airport_case).startswith(english.replace("⟦p:1⟧", marker) + " This followed")
    with translation.override("zh-hans"):
        text = paragraph(airport_case)
        assert text.startswith(chinese.replace("⟦p:1⟧", marker) + "此前"), text
        assert "  " not in text and " 由" not in text and " 在" not in text


def test_the_other_languages_keep_their_order_and_spaces(officer, airport_case):
    from django.utils import translation

    cs.incident_update(actor=officer, incident=airport_case.incidents.get(), perpetrator="police")
    expected = {"fr": "par la police à Bahrain International Airport. ",
                "es": "por la policía en Bahrain International Airport. ",
                "ru": "со стороны полиции в Bahrain International Airport. ",
                "ar": "على يد الشرطة في Bahrain International Airport. "}
    for lang, tail in expected.items():
        with translation.override(lang):
            assert tail in paragraph(airport_case), lang


@pytest.mark.parametrize("lang, opening", [
    ("en", "In March 2016, "), ("ru", "В марте 2016 года "), ("fr", "En mars 2016, "),
    ("es", "En marzo de 2016, "), ("ar", "في مارس 2016، "), ("zh-hans", "据报，2016年3月，"),
])
def test_a_month_reads_as_each_language_declines_it(officer, airport_case, lang, opening):
    """One message a month: Russian puts the month in its prepositional case ("в марте", not "в Март")."""
    from django.utils import translation

    with translation.override(lang):
        text = paragraph(airport_case)
    assert text.startswith(opening), text


def test_french_needs_no_elision_before_the_forms(officer, airport_case):
    """The forms of reprisal are listed after a colon, so no "de" meets a vowel ("de interdiction")."""
    from django.utils import translation

    with translation.override("fr"):
        text = paragraph(airport_case)
    assert "l'objet des représailles suivantes : interdiction de voyager" in text, text
    assert " de interdiction" not in text
