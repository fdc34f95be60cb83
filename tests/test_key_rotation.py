"""Rotating the data key re-encrypts every protected value; the old key can then be retired."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from reprisals.cases import services
from reprisals.cases.models import AffectedParty, Allegation
from reprisals.core import crypto

pytestmark = pytest.mark.django_db


def raw_values(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608 - fixed names
        return [r[0] for r in cursor.fetchall()]


def test_rotation_moves_every_value_to_the_new_key_and_keeps_lookups_working(new_case, officer, settings):
    case = new_case()
    services.party_add(actor=officer, case=case, is_anonymous=True, protected_name="Rotated Name",
                       description="a witness")
    old_key, new_key = settings.DATA_KEY, crypto.generate_key()
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[old_key]):
        new_id = crypto.keyring()[0].key_id
        out = io.StringIO()
        call_command("rotate-key", stdout=out)
        assert "re-encrypted" in out.getvalue()
        for table, column in [("cases_allegation", "source_identity"), ("cases_affectedparty", "protected_name")]:
            assert raw_values(table, column) and all(crypto.key_id_of(v) == new_id for v in raw_values(table, column))
        index = crypto.blind_index("rotated name")
        assert AffectedParty.objects.filter(protected_name_index=index).count() == 1
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[]):
        assert Allegation.objects.get(case=case).source_identity == "Source Alpha"
        out = io.StringIO()
        call_command("rotate-key", stdout=out)
        assert "re-encrypted 0 rows" in out.getvalue()


def test_rotation_re_encrypts_every_attached_file_so_the_old_key_can_go(consenting_case, officer, settings):
    """Letters to States and their answers, the public form's evidence, pending imports and online evidence
    are sealed files, not fields: they are rotated too, and open once the old key is removed."""
    import datetime as dt

    from reprisals.followup import files as followup_files
    from reprisals.followup import services as followup
    from reprisals.followup.models import FollowupAttachment
    from reprisals.intake import attachments as intake_files
    from reprisals.intake import services as intake
    from reprisals.intake.models import PendingUpload, SubmissionAttachment
    from reprisals.intake.rows import SubmissionData
    from reprisals.reference.models import UNBody
    from reprisals.trackers import sealing
    from reprisals.trackers import services as trackers
    from reprisals.trackers.demo import tiny_png
    from reprisals.trackers.models import EvidenceFile

    case = consenting_case()
    followup.communication_record(actor=officer, country=case.country, kind="sp_allegation_letter",
                                  un_body=UNBody.objects.get(code="SR-HRD"), sent_on=dt.date.today(),
                                  summary="Letter.", cases=[case],
                                  attachments=[followup_files.Upload("letter.pdf", b"%PDF-letter")])
    intake.submission_receive_public(data=SubmissionData(country="BHR", what_happened="Detained."),
                                     files=[intake_files.CheckedFile("photo.txt", "text/plain", b"seen")])
    PendingUpload.objects.create(uploaded_by=officer, format="csv", file_name="cases.csv",
                                 data=intake_files.encrypt_bytes(b"name\nA"))
    png = tiny_png(7)
    evidence = trackers.evidence_add(actor=officer, incident=case.incidents.get(), platform="x_twitter",
                                     seen_at=dt.datetime(2016, 3, 12, tzinfo=dt.UTC), text="Traitor",
                                     file_name="shot.png", file_data=png)
    blobs = [(FollowupAttachment, "sealed", followup_files.key_id_of), (EvidenceFile, "sealed", sealing.key_id_of),
             (SubmissionAttachment, "data", intake_files.key_id_of), (PendingUpload, "data", intake_files.key_id_of)]
    old_key, new_key = settings.DATA_KEY, crypto.generate_key()
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[old_key]):
        new_id = crypto.keyring()[0].key_id
        call_command("rotate-key", stdout=io.StringIO())
        for model, field, key_id_of in blobs:
            stored = [bytes(b) for b in model.objects.values_list(field, flat=True)]
            assert stored and all(key_id_of(b) == new_id for b in stored), model
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[]):
        assert followup_files.unseal(FollowupAttachment.objects.get().sealed) == b"%PDF-letter"
        assert intake_files.decrypt_bytes(SubmissionAttachment.objects.get().data) == b"seen"
        assert intake_files.decrypt_bytes(PendingUpload.objects.get().data) == b"name\nA"
        assert trackers.evidence_download(actor=officer, evidence_id=evidence.pk)[1] == png
        out = io.StringIO()
        call_command("rotate-key", stdout=out)
        assert "re-encrypted 0 rows" in out.getvalue()
