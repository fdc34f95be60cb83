"""Pages of intake show vocabulary labels in the reader's language, never raw codes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reprisals.intake import services
from reprisals.intake.rows import PersonData, SubmissionData
from reprisals.reference.models import Term

pytestmark = pytest.mark.django_db


def _client(user, language: str = "en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


@pytest.fixture
def submission(submitter):
    return services.submission_create(actor=submitter, data=SubmissionData(
        sender_reference="L1", country="BHR", what_happened="Passport confiscated.", incident_date="2024-03",
        forms=["travel_ban"], perpetrator="security_intelligence", un_body="HRC",
        engagement_kind="participation_un_meeting", engagement_date="2024-03",
        persons=[PersonData(name="Maryam Example", gender="female", roles=["human_rights_defender"])]))


def label(vocabulary: str, code: str) -> str:
    return Term.objects.get(vocabulary=vocabulary, code=code).label


def test_the_submission_page_shows_labels_not_codes(officer, submission):
    client = _client(officer)
    text = client.get(f"/intake/submissions/{submission.pk}/").content.decode()
    for code in ("travel_ban", "security_intelligence", "participation_un_meeting"):
        assert code not in text
    assert label("reprisal_form", "travel_ban") in text
    assert label("perpetrator", "security_intelligence") in text
    assert label("engagement_kind", "participation_un_meeting") in text
    revealed = client.post(f"/intake/submissions/{submission.pk}/reveal/").content.decode()
    assert "human_rights_defender" not in revealed and label("party_role", "human_rights_defender") in revealed
    assert "· female" not in revealed and "Female" in revealed


def test_the_submission_page_uses_the_readers_language(officer, submission):
    from reprisals.reference.i18n import term_label

    french = term_label("reprisal_form", "travel_ban", "", "fr")
    if not french:
        pytest.skip("no French label for travel_ban in the reference data")
    text = _client(officer, "fr").get(f"/intake/submissions/{submission.pk}/").content.decode()
    assert french in text and "travel_ban" not in text


def test_the_import_preview_and_format_choices_show_labels(officer):
    client = _client(officer)
    upload = client.get("/intake/import/").content.decode()
    assert ">uwazi-csv<" not in upload and ">csv<" not in upload
    assert "End Reprisals (Uwazi) CSV export" in upload
    body = b"sender_reference,country,what_happened,forms\nP1,BHR,Detained,travel_ban\n"
    page = client.post("/intake/import/", {"file": SimpleUploadedFile("a.csv", body), "format": "csv",
                                           "source": "ISHR"}).content.decode()
    assert "travel_ban" not in page and label("reprisal_form", "travel_ban") in page
