"""Whom a published paragraph may name: only the people of that entry who consent to be named, at the moment
of use. Not a person of another case anywhere in the register (withdrawn, closed, of another period), not by
a word of their name in someone's description, and not through the place of an incident once someone in
the entry may no longer be named. Checked on the public pages, the open data and the documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reprisals.cases import services as cs
from reprisals.cases.models import CaseStatus
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.models import ReportingPeriod
from reprisals.reports.redaction import (
    PLACE_CLOSE,
    PLACE_OPEN,
    WITHHELD,
    Redactor,
    RegisterNames,
    party_marker,
    places,
)
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date
NOTHING = {"raise_with_state": False, "publish_name": False, "publish_anonymously": False}
ANONYMOUS_ONLY = {"raise_with_state": True, "publish_name": False, "publish_anonymously": True}
WITHDRAWN = "Omar Haddadine"  # his case was withdrawn; he consented to nothing
EARLIER = "Layla Quietwater"  # her case is dated 2012, outside the period, still under assessment
NAMED = "Publicly Named Sister"
PLACE = "his home at 14 Budaiya Road"


def outputs(period: ReportingPeriod) -> dict[str, str]:
    client = Client()
    return {path: client.get(path).content.decode() for path in
            ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv",
             f"/public/reports/{period.pk}/document.html")}


def finalise(officer, senior) -> ReportingPeriod:
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    period.refresh_from_db()
    return period


@pytest.fixture
def egypt(reference):
    return Country.objects.get(iso3="EGY")


@pytest.fixture
def others(officer, egypt):
    """Two people the register knows, in cases no report of the period includes."""
    make_case(actor=officer, country=egypt, name=WITHDRAWN, incident="2015-08", consents=NOTHING,
              status=CaseStatus.CLOSED_WITHDRAWN)
    make_case(actor=officer, country=egypt, name=EARLIER, incident="2012-01", received=D(2012, 2, 1),
              consents=NOTHING, status=CaseStatus.UNDER_ASSESSMENT)


# ---------------------------------------------------------------- people of cases outside the report


def test_a_person_of_a_withdrawn_or_out_of_period_case_is_not_named_in_another_cases_paragraph(
        officer, senior, egypt, others):
    make_case(actor=officer, country=egypt, name=NAMED, place=f"the house of {EARLIER}",
              summary=f"{NAMED} was detained together with her colleague {WITHDRAWN}; Mr. Haddadine is in hiding.")
    period = finalise(officer, senior)
    for where, text in outputs(period).items():
        assert NAMED in text, where
        for name in (WITHDRAWN, "Haddadine", EARLIER, "Quietwater"):
            assert name not in text, f"{name!r} in {where}"
    frozen = [e.text for e in period.entries.all()] + [str(period.snapshot)]
    assert not any(name in text for text in frozen for name in ("Haddadine", "Quietwater"))


def test_the_officers_texts_do_not_name_a_person_of_a_case_outside_the_report(officer, senior, egypt, others):
    make_case(actor=officer, country=egypt, name=NAMED)
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    ReportingPeriod.objects.filter(pk=period.pk).update(
        conclusions=f"The case of {WITHDRAWN} shows the risk.", summary="Ms. Quietwater was threatened.")
    period.refresh_from_db()
    services.report_finalise(actor=senior, period=period)
    doc = outputs(period)[f"/public/reports/{period.pk}/document.html"]
    assert "shows the risk" in doc and "was threatened" in doc
    assert "Haddadine" not in doc and "Quietwater" not in doc


def test_a_name_frozen_into_a_final_report_is_blanked_when_shown(officer, senior, egypt, others):
    """Defence in depth: a paragraph frozen by an earlier version that still holds a name of anyone in the
    register is blanked at the moment of use, in the pages, the open data and the documents."""
    make_case(actor=officer, country=egypt, name=NAMED, summary="She was detained with a colleague.")
    period = finalise(officer, senior)
    entry = period.entries.get()
    entry.text = entry.text.replace("a colleague", WITHDRAWN)
    entry.save(update_fields=["text"])
    snapshot = period.snapshot
    paragraph = snapshot["annexes"][0]["states"][0]["paragraphs"][0]
    paragraph["text"] = paragraph["text"].replace("a colleague", f"{WITHDRAWN} and {EARLIER}")
    ReportingPeriod.objects.filter(pk=period.pk).update(snapshot=snapshot)
    for where, text in outputs(period).items():
        assert NAMED in text and f"She was detained with {WITHHELD}" in text.replace("&quot;", '"'), where
        assert WITHDRAWN not in text and EARLIER not in text, where


def test_a_marker_resolves_only_for_a_party_of_its_own_entry(officer, egypt):
    first = make_case(actor=officer, country=egypt, name=NAMED).parties.get()
    second = make_case(actor=officer, country=egypt, name="Hana Consenting").parties.get()
    redactor = Redactor.for_parties([first.pk, second.pk])
    text = f"{party_marker(first.pk)} and {party_marker(second.pk)}"
    assert redactor.text(text) == f"{NAMED} and Hana Consenting"
    assert redactor.text(text, [first.pk]) == f"{NAMED} and {WITHHELD}"


def test_every_name_in_the_register_is_loaded_in_one_query(officer, egypt, others, django_assert_num_queries):
    make_case(actor=officer, country=egypt, name="Farida Anonymous", anonymous=True, protected_name="Farid Zulfiqarov",
              consents=ANONYMOUS_ONLY)
    with django_assert_num_queries(2):  # the names version, then every name
        register = RegisterNames.load()
    assert register.scrub("Zulfiqarov met Omar HADDADINE.") == f"{WITHHELD} met {WITHHELD}."
    assert register.scrub("He said that the council met.") == "He said that the council met."


def test_a_word_of_another_persons_name_is_blanked_only_where_written_as_a_name(officer, egypt):
    """Common words stay: "said" or "will" in a sentence is not the name of Said Will of another case."""
    make_case(actor=officer, country=egypt, name="Said Willoughby", consents=NOTHING,
              status=CaseStatus.CLOSED_WITHDRAWN)
    register = RegisterNames.load()
    assert (register.scrub("She said that Said had left; willoughby, WILLOUGHBY.")
            == f"She said that {WITHHELD} had left; willoughby, {WITHHELD}.")
    assert register.scrub("said willoughby") == WITHHELD  # a whole name, in any case


# ---------------------------------------------------------------- descriptions


def test_a_description_naming_another_person_by_one_word_is_replaced(officer, senior):
    bahrain = Country.objects.get(iso3="BHR")
    make_case(
        actor=officer, country=bahrain, name="Nasrin Qarabaghi", consents=ANONYMOUS_ONLY,
        description="the sister of Zulfiqarov",
        extra_parties=[dict(name="", is_anonymous=True, protected_name="Farid Zulfiqarov", description="a relative",
                            gender="male", roles=["relative"], consents=ANONYMOUS_ONLY)],
    )
    period = finalise(officer, senior)
    for where, text in outputs(period).items():
        assert "Zulfiqarov" not in text and "Qarabaghi" not in text, where
        assert "a woman human rights defender" in text.lower(), where


def test_a_description_edited_after_publication_to_name_someone_is_replaced(officer, senior, egypt, others):
    case = make_case(actor=officer, country=egypt, name="", anonymous=True, protected_name="Amal Hidden",
                     consents=ANONYMOUS_ONLY, description="a blogger")
    period = finalise(officer, senior)
    assert all("a blogger" in text.lower() for text in outputs(period).values())
    cs.party_update(actor=officer, party=case.parties.get(), description="the cousin of Haddadine")
    for where, text in outputs(period).items():
        assert "Haddadine" not in text and "a blogger" not in text.lower(), where
        assert "a woman human rights defender" in text.lower(), where


# ---------------------------------------------------------------- the place of an incident


def revoke_name(officer, case) -> None:
    cs.consent_record(actor=officer, party=case.parties.get(), use="publish_name", granted=False,
                      decided_on=dt.date.today())


def test_the_place_is_shown_only_while_everyone_in_the_entry_may_be_named(officer, senior):
    case = make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Hassan Examplar",
                     place=PLACE, gender="male", description="a human rights defender")
    period = finalise(officer, senior)
    for where, text in outputs(period).items():
        assert "Hassan Examplar" in text and "14 Budaiya Road" in text, where
    revoke_name(officer, case)
    for where, text in outputs(period).items():
        assert "Hassan Examplar" not in text and "a human rights defender" in text.lower(), where
        assert "Budaiya" not in text, where
        assert "by the security or intelligence services." in text, where  # no dangling "in", no space
    cs.consent_record(actor=officer, party=case.parties.get(), use="publish_name", granted=True,
                      decided_on=dt.date.today())
    assert all("14 Budaiya Road" in text for text in outputs(period).values())


def test_a_place_frozen_as_plain_words_is_blanked_once_someone_may_no_longer_be_named(officer, senior):
    """A final report frozen before places had markers (snapshot version 1) holds the place as plain words;
    it still follows consent when shown."""
    case = make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Hassan Examplar",
                     place=PLACE, gender="male", description="a human rights defender")
    period = finalise(officer, senior)
    entry = period.entries.get()
    assert PLACE_OPEN in entry.text and PLACE_CLOSE in entry.text
    entry.text = places(entry.text, keep=True)
    entry.save(update_fields=["text"])
    snapshot = period.snapshot
    snapshot["version"] = 1
    paragraph = snapshot["annexes"][0]["states"][0]["paragraphs"][0]
    paragraph["text"] = places(paragraph["text"], keep=True)
    ReportingPeriod.objects.filter(pk=period.pk).update(snapshot=snapshot)
    assert all("14 Budaiya Road" in text for text in outputs(period).values())
    revoke_name(officer, case)
    for where, text in outputs(period).items():
        assert "Hassan Examplar" not in text and "Budaiya" not in text, where
        assert f"in {WITHHELD}" in text, where


def test_places_keep_or_leave_out_their_words():
    text = f"detained by the police {PLACE_OPEN}in Manama{PLACE_CLOSE}. Later"
    assert places(text, keep=True) == "detained by the police in Manama. Later"
    assert places(text, keep=False) == "detained by the police. Later"
    assert places(f"逮捕{PLACE_OPEN}在麦纳麦{PLACE_CLOSE}。", keep=False) == "逮捕。"
