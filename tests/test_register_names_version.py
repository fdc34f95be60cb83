"""The register-wide list of names (``RegisterNames.load``) is made once and kept while the names version, a
random token that the database's own triggers change at every write to the parties, the erased names and
their key, stays the same: one tiny query per public page instead of reading every party. Whatever writes
(a service, a bulk ``update()``, raw SQL, a delete, an erasure's hashes), the next load sees it; a load
inside a transaction rolled back is never mistaken for a later state; without the token's row every load
compares the rows again. A stale list would publish a person's name."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from reprisals.cases.models import AffectedParty, ErasedName
from reprisals.reference.models import Country
from reprisals.reports import redaction
from reprisals.reports.redaction import WITHHELD, ErasedNames, RegisterNames, names_version
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
NOTHING = {"raise_with_state": False, "publish_name": False, "publish_anonymously": False}
PARTIES = AffectedParty._meta.db_table


@pytest.fixture
def egypt(reference) -> Country:
    return Country.objects.get(iso3="EGY")


@pytest.fixture
def party(officer, egypt) -> AffectedParty:
    party = make_case(actor=officer, country=egypt, name="Maryam Firstname", consents=NOTHING).parties.get()
    settle()
    RegisterNames.load()  # made and kept
    return party


def settle() -> None:
    """What a commit does to the token on PostgreSQL, where it changes at commit (the test's transaction is
    rolled back, never committed): the deferred triggers run now. Nothing on SQLite."""
    connection.check_constraints()


def version() -> str | None:
    settle()
    return names_version()


def blanked(name: str) -> bool:
    return RegisterNames.load().scrub(f"{name} was there") == f"{WITHHELD} was there"


def test_an_unchanged_register_is_checked_in_one_query_that_reads_no_party(party):
    before = version()
    with CaptureQueriesContext(connection) as queries:
        register = RegisterNames.load()
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert not any(PARTIES in q["sql"] for q in queries)
    assert names_version() == before
    assert register.scrub("Maryam Firstname was there") == f"{WITHHELD} was there"


def test_a_bulk_update_of_a_name_changes_the_version_and_the_name_is_blanked(party):
    before = version()
    AffectedParty.objects.filter(pk=party.pk).update(name="Zubeida Renamedova")  # no signal, no save()
    assert version() != before
    assert blanked("Zubeida Renamedova")
    assert not blanked("Maryam Firstname")


def test_a_raw_sql_insert_changes_the_version_and_the_name_is_blanked(party):
    before = version()
    columns = [f.column for f in AffectedParty._meta.concrete_fields if f.column not in ("id", "name")]
    listed = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PARTIES} (name, {listed}) SELECT %s, {listed} FROM {PARTIES} WHERE id = %s",
                       ["Ilyas Rawinserted", party.pk])
    assert version() != before
    assert blanked("Ilyas Rawinserted")


def test_a_delete_changes_the_version_and_the_name_is_no_longer_the_registers(party, officer, egypt):
    make_case(actor=officer, country=egypt, name="Other Staying", consents=NOTHING)
    assert blanked("Maryam Firstname")
    before = version()
    AffectedParty.objects.filter(pk=party.pk).delete()
    assert version() != before
    assert not RegisterNames.load().names_anyone("Maryam Firstname")
    assert blanked("Other Staying")


def test_an_erased_names_hashes_written_in_bulk_change_the_version_and_the_name_is_blanked(party):
    before = version()
    rows = ErasedNames.rows(["Zenobia Hashedname"], True)  # makes the hashes' key: a write too
    assert version() != before
    before = version()
    ErasedName.objects.bulk_create([ErasedName(key_id=k, kind=kind, digest=d, words=w) for k, kind, d, w in rows])
    assert version() != before
    assert blanked("Zenobia Hashedname")


def test_a_load_in_a_transaction_rolled_back_is_not_taken_for_a_later_change(party, officer, egypt):
    """A counter would come back to the value it had in the rolled-back transaction at the next change,
    and that change's name would be missed."""

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        make_case(actor=officer, country=egypt, name="Anselm Rolledback", consents=NOTHING)
        settle()
        assert blanked("Anselm Rolledback")
        raise RolledBack
    assert not RegisterNames.load().names_anyone("Anselm Rolledback")
    with pytest.raises(RolledBack), transaction.atomic():
        make_case(actor=officer, country=egypt, name="Anselm Rolledback", consents=NOTHING)
        settle()
        assert blanked("Anselm Rolledback")
        raise RolledBack
    make_case(actor=officer, country=egypt, name="Berenike Afterwards", consents=NOTHING)
    settle()
    assert blanked("Berenike Afterwards")
    assert not RegisterNames.load().names_anyone("Anselm Rolledback")


def test_a_bulk_update_rolled_back_then_another_is_seen(party):
    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        AffectedParty.objects.filter(pk=party.pk).update(name="Cassius Inbetween")
        settle()
        assert blanked("Cassius Inbetween")
        raise RolledBack
    AffectedParty.objects.filter(pk=party.pk).update(name="Dorotea Laterone")
    settle()
    assert blanked("Dorotea Laterone")
    assert not RegisterNames.load().names_anyone("Cassius Inbetween")


def test_without_the_versions_row_every_load_compares_the_rows(party):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_names_version")
    assert names_version() is None
    assert blanked("Maryam Firstname")
    with CaptureQueriesContext(connection) as queries:
        RegisterNames.load()
    assert any(PARTIES in q["sql"] for q in queries)  # no kept list trusted without a version
    AffectedParty.objects.filter(pk=party.pk).update(name="Evander Norow")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_names_version")  # gone again
    assert blanked("Evander Norow")
    assert not blanked("Maryam Firstname")


def test_a_write_puts_a_missing_versions_row_back(party):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_names_version")
    RegisterNames.load()
    AffectedParty.objects.filter(pk=party.pk).update(name="Fenella Backagain")
    assert version() is not None
    assert blanked("Fenella Backagain")


def test_the_version_is_read_before_the_rows(party, monkeypatch):
    """Rows read before a write and kept under the version after it would be a stale list: the version is
    read first, so a write in between only costs a rebuild at the next load."""
    real = redaction.names_version

    def a_write_then_the_version() -> str | None:
        monkeypatch.setattr(redaction, "names_version", real)
        AffectedParty.objects.filter(pk=party.pk).update(name="Gideon Midload")
        return real()

    redaction._LAST = None
    monkeypatch.setattr(redaction, "names_version", a_write_then_the_version)
    RegisterNames.load()
    assert blanked("Gideon Midload")


def test_every_watched_table_has_its_triggers():
    """A migration that remakes one of these tables (SQLite's ALTER) drops its triggers: this says so."""
    tables = ["cases_affectedparty", "cases_erasedname", "cases_erasednamekey"]
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                               "AND name LIKE 'cases_names_version%%'", [table])
                events = {e for (sql,) in cursor.fetchall() for e in ("INSERT", "UPDATE", "DELETE") if e in sql}
                assert events == {"INSERT", "UPDATE", "DELETE"}, table
            else:
                cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass "
                               "AND tgname LIKE 'cases_names_version%%' AND tgenabled <> 'D'", [table])
                assert {n.rsplit("_", 1)[1] for (n,) in cursor.fetchall()} == {"mark", "commit", "truncate"}, table


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL changes the token at commit")
def test_a_transaction_that_wrote_names_does_not_trust_the_token_before_its_commit(party):
    before = names_version()
    assert before is not None
    AffectedParty.objects.filter(pk=party.pk).update(name="Hester Uncommitted")
    assert names_version() is None  # not yet changed, and not trusted: the rows are compared
    assert blanked("Hester Uncommitted")
    settle()
    assert names_version() not in (None, before)
