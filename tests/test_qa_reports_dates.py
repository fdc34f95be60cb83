"""Days are written the way each language writes them, as in the report's own sentences: "1 мая 2015 г.",
"2015年5月1日", "1 de mayo de 2015", not the English order with a translated month ("1 Май 2015",
"1 五月 2015"), on the public list of reports, the staff pages and the date line of a document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date
FIRST_DAY = {"en": "1 May 2015", "ru": "1 мая 2015 г.", "zh-hans": "2015年5月1日", "es": "1 de mayo de 2015"}


@pytest.fixture
def final(officer, senior):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Some Defender")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    period.refresh_from_db()
    return period


@pytest.mark.parametrize("language", list(FIRST_DAY))
def test_the_public_list_of_reports_writes_days_in_the_readers_language(final, language):
    html = Client().get("/public/", headers={"accept-language": language}).content.decode()
    assert FIRST_DAY[language] in html


@pytest.mark.parametrize("language", list(FIRST_DAY))
def test_the_staff_pages_write_a_periods_days_in_the_readers_language(officer, final, language):
    client = client_for(officer)
    for path in ("/reports/", f"/reports/{final.pk}/"):
        assert FIRST_DAY[language] in client.get(path, headers={"accept-language": language}).content.decode(), path


def test_the_date_line_of_a_russian_document_declines_the_month(officer, final):
    html = services.report_build(actor=officer, period=final, fmt="html", public=True, language="ru")[2].decode()
    finalised = final.snapshot["date"]
    day = D.fromisoformat(finalised)
    months = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
              "ноября", "декабря"]
    assert f"{day.day} {months[day.month - 1]} {day.year} г." in html


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_the_day_a_report_was_finalised_is_written_in_the_readers_language(officer, final, language):
    from django.utils import timezone, translation

    from reprisals.reports.compose import day

    with translation.override(language):
        expected = day(timezone.localtime(final.finalised_at).date())
    html = client_for(officer).get(f"/reports/{final.pk}/", headers={"accept-language": language}).content.decode()
    assert expected in html
