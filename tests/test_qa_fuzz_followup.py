"""Bad input to the follow-up import and to recording a communication: a symbol longer than the register keeps
is refused naming ``symbol`` before it is looked up (a symbol of tens of thousands of characters made the
duplicate check fail in SQLite once the State had a communication), never a server error; nothing is written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reprisals.core.errors import ValidationFailed
from reprisals.core.models import AuditEntry
from reprisals.followup import services
from reprisals.followup.models import Communication
from tests.conftest import client_for
from tests.dates import today

pytestmark = pytest.mark.django_db

HEADER = "country,kind,un_body,symbol,sent_on,deadline,summary,internal_notes,cases"
LONG = "AL BHR " + "9" * 60_000


@pytest.fixture
def case_with_a_letter(officer, verified_case, bahrain):
    """A case of Bahrain, and a letter already recorded to Bahrain, which the duplicate check compares with."""
    case = verified_case()
    services.communication_record(actor=officer, country=bahrain, kind="sp_allegation_letter",
                                  un_body=services.case_services.un_body_by_code("SR-HRD"), sent_on=today(),
                                  summary="An earlier letter.", cases=[case], symbol="AL BHR 1/2016")
    return case


def test_the_import_page_lists_an_over_long_symbol_as_the_rows_problem(officer, case_with_a_letter):
    case = case_with_a_letter
    client = client_for(officer)
    body = f"{HEADER}\nBHR,sp_allegation_letter,SR-HRD,{LONG},2016-04-02,,Allegation letter.,,{case.reference}\n"
    before = AuditEntry.objects.count()
    for dry_run in ({"dry_run": "on"}, {}):
        page = client.post(reverse("followup:communications_import"),
                           {**dry_run, "file": SimpleUploadedFile("old.csv", body.encode())})
        assert page.status_code == 422
        text = page.content.decode()
        assert "symbol" in text and "at most 100 characters" in text
    assert Communication.objects.count() == 1 and AuditEntry.objects.count() == before


def test_recording_a_communication_with_an_over_long_symbol_names_the_field(officer, case_with_a_letter, bahrain):
    case = case_with_a_letter
    with pytest.raises(ValidationFailed) as refused:
        services.communication_record(
            actor=officer, country=bahrain, kind="sp_allegation_letter", un_body=services.case_services.un_body_by_code(
                "SR-HRD"), sent_on=today(), summary="Allegation letter.", cases=[case], symbol=LONG)
    assert list(refused.value.fields) == ["symbol"]
    assert Communication.objects.count() == 1
