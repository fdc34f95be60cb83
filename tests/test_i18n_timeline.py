"""The case timeline reads in the reader's language, whoever wrote the case and in whatever language they worked.

System text ("Case opened") is stored once, language-neutral, and translated when shown; reference names (UN bodies,
kinds of engagement, forms of reprisal, submitting entities) are named in the reader's language; what a person
wrote (a narrative, a reason) is shown as written."""

from __future__ import annotations

import datetime as dt
import html
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

from reprisals.cases import services as case_services
from reprisals.cases.models import CaseStatus, ConsentUse, StatusChange
from reprisals.cases.selectors import REASON_CASE_OPENED, case_detail, case_timeline
from reprisals.followup import services as followup_services
from reprisals.followup.choices import CommunicationKind
from reprisals.reference.models import Entity, UNBody

pytestmark = pytest.mark.django_db

migration = importlib.import_module("reprisals.cases.migrations.0008_system_reasons_language_neutral")


def _timeline_html(user: Any, case: Any, language: str) -> str:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    return html.unescape(page.split('id="timeline"')[1].split("</section>")[0])


def test_case_opened_is_stored_language_neutral_whoever_opens_the_case(new_case: Any) -> None:
    with translation.override("fr"):
        case = new_case()
    first = case.status_changes.get(from_status="")
    assert first.reason == REASON_CASE_OPENED == "Case opened"


def test_a_case_opened_in_french_reads_in_arabic_and_chinese(officer: Any, new_case: Any) -> None:
    with translation.override("fr"):
        case = new_case(entity=Entity.objects.get(code="OHCHR-COL"))
        case_services.case_transition(actor=officer, case=case, to_status=CaseStatus.UNDER_ASSESSMENT,
                                      reason="Deux sources à vérifier.", expected_version=None)
    arabic = _timeline_html(officer, case, "ar")
    assert "فُتحت الحالة" in arabic and "Dossier ouvert" not in arabic and "Case opened" not in arabic
    assert "مجلس حقوق الإنسان" in arabic  # the UN body of the engagement
    assert "· Human Rights Council" not in arabic  # (the narrative, as written, mentions the Council)
    assert "مكتب مفوضية حقوق الإنسان في كولومبيا" in arabic  # the entity that sent the allegation
    assert "Deux sources à vérifier." in arabic  # a person's reason stays as written
    chinese = _timeline_html(officer, case, "zh-hans")
    assert "已立案" in chinese and "人权理事会" in chinese
    assert "旅行禁令、" in chinese or "、旅行禁令" in chinese  # forms of reprisal, listed the Chinese way
    french = _timeline_html(officer, case, "fr")
    assert "Dossier ouvert" in french and "Conseil des droits de l'homme" in french
    assert "Interdiction de voyager" in french and "Travel ban" not in french


def test_an_english_reader_sees_the_english_text(officer: Any, new_case: Any) -> None:
    with translation.override("ar"):
        case = new_case()
    english = _timeline_html(officer, case, "en")
    assert "Case opened" in english and "فُتحت الحالة" not in english
    assert "Human Rights Council" in english and "Travel ban" in english


def _consented(officer: Any, case: Any) -> Any:
    """Each party's consent to raise the case with the State, recorded before it is raised."""
    for party in case.parties.all():
        case_services.consent_record(actor=officer, party=party, use=ConsentUse.RAISE_WITH_STATE, granted=True,
                                     decided_on=dt.date(2016, 3, 12))
    case.refresh_from_db()
    return case


def test_follow_up_events_read_in_the_readers_language(officer: Any, new_case: Any) -> None:
    case = _consented(officer, new_case())
    for status in (CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED):
        case = case_services.case_transition(actor=officer, case=case, to_status=status, reason="checked",
                                             expected_version=None)
    with translation.override("ru"):
        communication = followup_services.communication_record(
            actor=officer, country=case.country, kind=CommunicationKind.SP_ALLEGATION_LETTER,
            un_body=UNBody.objects.get(code="SR-HRD"), sent_on=dt.date.today(), summary="Letter.", cases=[case],
            symbol="AL BHR 3/2024")
        followup_services.response_record(actor=officer, communication=communication,
                                           received_on=dt.date.today(), summary="Reply.")
    with translation.override("fr"):
        text = " ".join(f"{e.title} {e.detail}" for e in case_timeline(case_detail(officer, case.pk)))
    assert "Rapporteur spécial sur la situation des défenseurs des droits de l'homme" in text
    assert "Réponse de l'État" in text and "(AL BHR 3/2024)" in text
    assert "Special Rapporteur" not in text and "Специальный докладчик" not in text
    arabic = _timeline_html(officer, case, "ar")
    assert "المقرر الخاص المعني بحالة المدافعين عن حقوق الإنسان" in arabic and "رد الدولة" in arabic


@pytest.mark.parametrize("lang", sorted(migration.WRITTEN_AS))
def test_rows_written_in_the_writers_language_are_rewritten_and_then_translated(
    officer: Any, new_case: Any, lang: str
) -> None:
    case = _consented(officer, new_case())
    opened = migration.WRITTEN_AS[lang]["Case opened"]
    first = case.status_changes.get(from_status="")
    StatusChange.objects.filter(pk=first.pk).update(reason=opened)  # as the code before 0008 stored it
    case = case_services.case_transition(actor=officer, case=case, to_status=CaseStatus.UNDER_ASSESSMENT,
                                         reason="Deux sources à vérifier.", expected_version=None)
    case = case_services.case_transition(actor=officer, case=case, to_status=CaseStatus.VERIFIED, reason="ok",
                                         expected_version=None)
    with translation.override(lang.replace("_", "-").lower()):
        sent = (migration.WRITTEN_AS[lang]["Communication %(what)s sent by %(body)s on %(date)s."]
                % {"what": str(CommunicationKind.NOTE_VERBALE.label), "body": "Human Rights Council",
                   "date": "2026-05-02"})
    raised = case_services.case_transition(actor=officer, case=case, to_status=CaseStatus.RAISED_WITH_STATE,
                                           reason=sent, expected_version=None)
    mine = raised.status_changes.get(to_status=CaseStatus.UNDER_ASSESSMENT)
    followup = raised.status_changes.get(to_status=CaseStatus.RAISED_WITH_STATE)

    migration.to_source_text(apps, None)

    assert StatusChange.objects.get(pk=first.pk).reason == "Case opened"
    assert StatusChange.objects.get(pk=followup.pk).reason == (
        "Communication Note verbale sent by Human Rights Council on 2026-05-02.")
    assert StatusChange.objects.get(pk=mine.pk).reason == "Deux sources à vérifier."  # a person's, as written
    french = _timeline_html(officer, case, "fr")
    assert "Dossier ouvert" in french
    assert "Communication Note verbale envoyée par Conseil des droits de l'homme le 2026-05-02." in french
    russian = _timeline_html(officer, case, "ru")
    assert "Дело открыто" in russian and "Совет по правам человека" in russian


def test_a_person_who_types_a_reason_keeps_it_as_written(officer: Any, new_case: Any) -> None:
    case = new_case()
    case_services.case_transition(actor=officer, case=case, to_status=CaseStatus.UNDER_ASSESSMENT,
                                  reason="Case opened again after new information", expected_version=None)
    assert "Case opened again after new information" in _timeline_html(officer, case, "fr")
