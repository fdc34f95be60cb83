"""Staff pages of reports: who may open them, and what an officer can do there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.models import PeriodStatus, ReportExclusion, ReportingPeriod
from reprisals.reports.testdata import make_case
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = dt.date


def period_case_reference(period: ReportingPeriod) -> str:
    from reprisals.cases.models import Case

    return Case.objects.get(parties__name="Maryam Example").reference


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def period(officer):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Maryam Example")
    make_case(actor=officer, country=Country.objects.get(iso3="EGY"), name="Pending Example", status="under_assessment")
    return services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")


def test_report_pages_are_for_report_staff_only(period, focal, state_user, auditor):
    for user in (focal, state_user, auditor):
        client = login(user)
        for path in ("/reports/", f"/reports/{period.pk}/", "/reports/patterns/", "/reports/statistics/"):
            assert client.get(path).status_code == 403, (user.role, path)
    assert Client().get("/reports/").status_code == 302


def test_an_officer_creates_a_period_and_sees_the_error_for_an_overlapping_one(officer, period):
    client = login(officer)
    response = client.post("/reports/", {"new-start": "2016-05-01", "new-end": "2017-04-30", "new-symbol": ""})
    assert response.status_code == 302
    response = client.post("/reports/", {"new-start": "2016-06-01", "new-end": "2016-07-30"})
    assert response.status_code == 422 and "overlaps" in response.content.decode()
    assert ReportingPeriod.objects.count() == 2


def test_periods_can_be_generated_from_the_list_page(officer):
    response = login(officer).post("/reports/", {"gen-date_from": "2019-01-01", "gen-date_to": "2020-12-31"})
    assert response.status_code == 302 and ReportingPeriod.objects.count() == 3  # annual from 1 May


def test_the_draft_shows_annexes_with_paragraphs_and_what_was_left_out_and_why(officer, period):
    html = login(officer).get(f"/reports/{period.pk}/").content.decode()
    assert "Maryam Example" in html and "Annex I" in html and "RT-" in html
    assert "Dated in the period but not yet verified" in html


def test_an_officer_leaves_a_case_out_with_a_reason_and_can_lift_it(officer, period):
    client = login(officer)
    reference = period_case_reference(period)
    response = client.post(f"/reports/{period.pk}/exclusions/", {"case": reference, "reason": "security", "note": ""})
    assert response.status_code == 302
    html = client.get(f"/reports/{period.pk}/").content.decode()
    assert "Security of the person or of others" in html and "Maryam Example" not in html.split("left-out")[-1]
    exclusion = ReportExclusion.objects.get()
    assert client.post(f"/reports/exclusions/{exclusion.pk}/lift/").status_code == 302
    assert not ReportExclusion.objects.exists()
    response = client.post(f"/reports/{period.pk}/exclusions/", {"case": "RT-0000-99999", "reason": "security"})
    assert response.status_code == 422 and "No case with this reference" in response.content.decode()


@pytest.mark.parametrize("fmt,magic", [("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!doctype")])
def test_each_format_can_be_built_from_the_page(officer, period, fmt, magic):
    response = login(officer).get(f"/reports/{period.pk}/document.{fmt}?public=1")
    assert response.status_code == 200 and response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"]


def test_only_a_senior_official_can_finalise(officer, senior, period):
    assert login(officer).post(f"/reports/{period.pk}/finalise/").status_code == 403
    assert login(senior).post(f"/reports/{period.pk}/finalise/").status_code == 302
    period.refresh_from_db()
    assert period.status == PeriodStatus.FINAL
    response = login(officer).post(f"/reports/{period.pk}/edit/", {"symbol": "A/HRC/1/1", "status": "open"})
    assert response.status_code == 409 and "This report is final" in response.content.decode()


def test_the_patterns_and_statistics_pages_answer(officer, period):
    client = login(officer)
    assert "States with cases in three or more reports" in client.get("/reports/patterns/").content.decode()
    html = client.get("/reports/statistics/", {"year_from": "2016", "year_to": "2016"}).content.decode()
    assert "Travel ban or passport confiscation" in html
    assert client.get("/reports/statistics/", {"year_from": "abc"}).status_code == 400


def test_the_draft_and_the_public_cases_name_the_states_in_the_readers_language(officer, senior, period):
    """The draft's and the public site's State headings were the register's English names in every language."""
    from reprisals.reference.i18n import country_name

    bahrain = country_name("BHR", "", "fr")
    assert bahrain and bahrain != "Bahrain"
    staff = login(officer)
    staff.cookies["django_language"] = "fr"
    draft = staff.get(f"/reports/{period.pk}/").content.decode()
    assert f">{bahrain}</h3>" in draft and ">Bahrain</h3>" not in draft
    services.report_finalise(actor=senior, period=period)
    public = Client()
    public.cookies["django_language"] = "fr"
    text = public.get("/public/cases/").content.decode()
    assert f">{bahrain}</a>" in text and ">Bahrain</a>" not in text
