"""A stolen database file or dump reveals no protected value: the raw bytes are searched for plants."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.db import connection

from reprisals.cases import services

pytestmark = pytest.mark.django_db(transaction=True)

PLANTED = ["Planted Source Qx7", "planted-contact@example.org", "Planted Real Name Zw3", "+00 planted phone",
           "Planted risk note Vb9"]


@pytest.fixture
def planted(new_case, officer):
    case = new_case()
    allegation = case.allegations.first()
    services.allegation_update(actor=officer, allegation=allegation, source_identity=PLANTED[0],
                               source_contact=PLANTED[1])
    services.party_add(actor=officer, case=case, is_anonymous=True, protected_name=PLANTED[2], contact=PLANTED[3],
                       description="a witness")
    case.refresh_from_db()
    services.case_update(actor=officer, case=case, expected_version=case.version, risk_notes=PLANTED[4])
    return case


def test_the_raw_sqlite_file_holds_no_protected_value(planted):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; the PostgreSQL dump is checked in its own test")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = connection.settings_dict["NAME"]
    raw = open(path, "rb").read()
    assert len(raw) > 10_000
    assert b"Source Alpha" not in raw  # from the fixture's allegation
    for value in PLANTED:
        assert value.encode() not in raw, value


def test_a_postgresql_dump_holds_no_protected_value(planted):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is needed for this check (apt-get install postgresql-client)")
    s = connection.settings_dict
    dump = subprocess.run(
        ["pg_dump", "-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"] or "postgres",
         "--data-only", s["NAME"]],
        capture_output=True, check=True, timeout=120, env={"PGPASSWORD": s.get("PASSWORD") or "", "PATH": "/usr/bin"},
    ).stdout
    assert b"cases_affectedparty" in dump
    for value in PLANTED:
        assert value.encode() not in dump, value
