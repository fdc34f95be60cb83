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
