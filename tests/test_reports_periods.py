"""Reporting periods: how a periodicity cuts time, and the rules of recorded periods."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from reprisals.core.errors import Forbidden, ValidationFailed
from reprisals.reports import conf, services
from reprisals.reports.models import ReportingPeriod
from reprisals.reports.periods import Periodicity, Span, period_of, periods_between

D = dt.date
ANNUAL = Periodicity("annual", 5, 1)
THREE = Periodicity("three_a_year", 1, 1)


def test_an_annual_report_runs_from_1_may_to_30_april():
    assert period_of(D(2016, 3, 10), ANNUAL) == Span(D(2015, 5, 1), D(2016, 4, 30))
    assert period_of(D(2016, 5, 1), ANNUAL) == Span(D(2016, 5, 1), D(2017, 4, 30))
    assert period_of(D(2016, 4, 30), ANNUAL) == Span(D(2015, 5, 1), D(2016, 4, 30))


def test_three_reports_a_year_run_january_to_april_may_to_august_and_september_to_december():
    assert periods_between(D(2016, 1, 1), D(2016, 12, 31), THREE) == [
        Span(D(2016, 1, 1), D(2016, 4, 30)), Span(D(2016, 5, 1), D(2016, 8, 31)), Span(D(2016, 9, 1), D(2016, 12, 31))]


def test_three_a_year_anchored_on_1_may_gives_the_same_periods():
    assert periods_between(D(2016, 1, 1), D(2016, 12, 31), Periodicity("three_a_year", 5, 1)) == \
        periods_between(D(2016, 1, 1), D(2016, 12, 31), THREE)


def test_generated_periods_touch_without_gap_or_overlap():
    spans = periods_between(D(2010, 2, 3), D(2024, 7, 9), ANNUAL)
    assert spans[0].start <= D(2010, 2, 3) and spans[-1].end >= D(2024, 7, 9)
    for a, b in zip(spans, spans[1:], strict=False):
        assert b.start == a.end + dt.timedelta(days=1)


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Span(D(2016, 5, 1), D(2016, 5, 1))


def test_the_periodicity_is_a_setting_with_an_annual_default():
    assert conf.periodicity() == Periodicity("annual", 5, 1)
    with override_settings(REPORTS_PERIODICITY="three_a_year", REPORTS_PERIOD_START="01-01"):
        assert conf.periodicity() == THREE


@pytest.mark.django_db
def test_periods_cannot_overlap(officer):
    services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30))
    with pytest.raises(ValidationFailed) as err:
        services.period_create(actor=officer, start=D(2016, 4, 1), end=D(2017, 3, 31))
    assert "start" in err.value.fields
    assert ReportingPeriod.objects.count() == 1


@pytest.mark.django_db
def test_a_period_must_end_after_it_starts_and_carry_a_real_symbol(officer):
    with pytest.raises(ValidationFailed) as err:
        services.period_create(actor=officer, start=D(2016, 5, 1), end=D(2016, 4, 1))
    assert "end" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        services.period_create(actor=officer, start=D(2016, 5, 1), end=D(2017, 4, 30), symbol="<script>")
    assert "symbol" in err.value.fields


@pytest.mark.django_db
def test_only_report_staff_record_periods(focal, state_user):
    for user in (focal, state_user):
        with pytest.raises(Forbidden):
            services.period_create(actor=user, start=D(2016, 5, 1), end=D(2017, 4, 30))


@pytest.mark.django_db
def test_generating_periods_follows_the_setting_and_skips_existing_ones(officer):
    services.period_create(actor=officer, start=D(2016, 5, 1), end=D(2016, 8, 31), symbol="A/HRC/1/1")
    with override_settings(REPORTS_PERIODICITY="three_a_year", REPORTS_PERIOD_START="01-01"):
        made = services.periods_generate(actor=officer, date_from=D(2016, 1, 1), date_to=D(2016, 12, 31))
    assert [(p.start, p.end) for p in made] == [(D(2016, 1, 1), D(2016, 4, 30)), (D(2016, 9, 1), D(2016, 12, 31))]
    assert ReportingPeriod.objects.count() == 3


@pytest.mark.django_db
def test_a_period_before_the_united_nations_is_refused_and_not_generated(officer):
    """Periods could be created for 1930, or generated from 1939: nothing to report on before 24 October 1945."""
    with pytest.raises(ValidationFailed) as err:
        services.period_create(actor=officer, start=D(1930, 1, 1), end=D(1930, 12, 31))
    assert "United Nations was founded" in err.value.fields["end"][0]
    with pytest.raises(ValidationFailed) as err:
        services.periods_generate(actor=officer, date_from=D(1940, 1, 1), date_to=D(1944, 12, 31))
    assert "date_to" in err.value.fields and not ReportingPeriod.objects.exists()
    made = services.periods_generate(actor=officer, date_from=D(1944, 1, 1), date_to=D(1946, 12, 31))
    assert [p.start for p in made] == [D(1945, 5, 1), D(1946, 5, 1)]
