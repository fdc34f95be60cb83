"""Bad input to the reports API: a case reference holding broken Unicode (half a surrogate pair, which JSON can
carry and no database can store or compare) is refused naming the field, never a server error; nothing is
written."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.core.models import AuditEntry
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.models import ReportExclusion
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(officer):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Some Defender")
    return services.period_create(actor=officer, start=dt.date(2015, 5, 1), end=dt.date(2016, 4, 30))


@pytest.mark.parametrize("reference", ["\\ud800", "RT-2016-\\udfff1", "\\udc00\\ud800"])
def test_a_case_reference_with_broken_unicode_is_refused_naming_the_field(api_as, officer, period, reference):
    api = api_as(officer)
    entries = AuditEntry.objects.count()
    body = '{"case_reference": "' + reference + '", "reason": "security"}'
    response = api.post(f"/api/v1/reports/periods/{period.pk}/exclusions", body, raw=True)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed" and list(error["fields"]) == ["case_reference"]
    assert "broken Unicode" in error["message"]
    assert not ReportExclusion.objects.exists() and AuditEntry.objects.count() == entries
