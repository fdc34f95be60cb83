"""The names version: one row whose token the database changes, by triggers, at every write to the parties,
the erased names or the erased names' key, so ``reports.redaction.RegisterNames.load`` can tell in one tiny
query whether the register-wide list of names it keeps is still the register's.

Triggers, not signals: bulk ``update()``/``bulk_create()``, raw SQL, other migrations and restores change it
too. Any update counts, not only of the name columns: a party's real name is re-encrypted under a fresh nonce
at every save anyway, and a column added later that holds a name cannot be forgotten here.

The token is random at every change, never a counter: a transaction that loaded the names and then rolled
back would let a counter come back to a value already seen with other names behind it. The triggers insert
the row again when it is missing. On PostgreSQL the token changes once per transaction, at its commit (and
at a TRUNCATE, which the test runner's flush uses): see below. SQLite has row triggers and one writer.

No Django model: a model's row would be backed up (the token would change while a restore loads the
parties, so the restored rows would not compare equal) and would make a fresh database look non-empty to
``restore``. A plain operation rather than ``RunSQL``: it changes no value a backup holds, and
``core.backup`` refuses backups older than any ``RunSQL``/``RunPython`` migration it does not list.
"""

from django.db import migrations

TABLE = "cases_names_version"
DIRTY = "reprisals.names_dirty"  # PostgreSQL: this transaction wrote names not yet in the token
WATCHED = {"party": "cases_affectedparty", "erased": "cases_erasedname", "erasedkey": "cases_erasednamekey"}

SQLITE_TOKEN = "lower(hex(randomblob(16)))"
SQLITE_BUMP = (f"INSERT INTO {TABLE} (id, token) VALUES (1, {SQLITE_TOKEN}) "
               "ON CONFLICT (id) DO UPDATE SET token = excluded.token;")

SQLITE_FORWARDS = [
    f"CREATE TABLE {TABLE} (id integer NOT NULL PRIMARY KEY CHECK (id = 1), token varchar(40) NOT NULL)",
    f"INSERT INTO {TABLE} (id, token) VALUES (1, {SQLITE_TOKEN})",
    *(f"CREATE TRIGGER {TABLE}_{short}_{event.lower()} AFTER {event} ON {table} BEGIN {SQLITE_BUMP} END"
      for short, table in WATCHED.items() for event in ("INSERT", "UPDATE", "DELETE")),
]
SQLITE_BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {TABLE}_{short}_{event.lower()}"
      for short, table in WATCHED.items() for event in ("INSERT", "UPDATE", "DELETE")),
    f"DROP TABLE IF EXISTS {TABLE}",
]

# PostgreSQL: a write marks its transaction (a transaction-local setting, no lock) and the token changes at
# its commit, once (a deferred constraint trigger), so the token's row is locked only while committing: a
# lock taken at the write and held to the commit would deadlock with the audit chain's head, which services
# lock before or after writing parties. A load inside a marked transaction does not trust the token
# (``reports.redaction.names_version``); a rolled-back savepoint takes its mark with it.
POSTGRES_FORWARDS = [
    f"CREATE TABLE {TABLE} (id integer NOT NULL PRIMARY KEY CHECK (id = 1), token varchar(40) NOT NULL)",
    f"INSERT INTO {TABLE} (id, token) VALUES (1, gen_random_uuid()::text)",
    f"""CREATE FUNCTION {TABLE}_bump() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {TABLE} (id, token) VALUES (1, gen_random_uuid()::text)
                ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
            PERFORM set_config('{DIRTY}', 'off', true);
            RETURN NULL;
        END
    $$""",
    f"""CREATE FUNCTION {TABLE}_mark() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM set_config('{DIRTY}', 'on', true);
            RETURN NULL;
        END
    $$""",
    f"""CREATE FUNCTION {TABLE}_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF coalesce(current_setting('{DIRTY}', true), '') = 'on' THEN  -- once per commit
                INSERT INTO {TABLE} (id, token) VALUES (1, gen_random_uuid()::text)
                    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
                PERFORM set_config('{DIRTY}', 'off', true);
            END IF;
            RETURN NULL;
        END
    $$""",
    *(sql for short, table in WATCHED.items() for sql in (
        f"CREATE TRIGGER {TABLE}_{short}_mark AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_mark()",
        f"CREATE CONSTRAINT TRIGGER {TABLE}_{short}_commit AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TABLE}_commit()",
        f"CREATE TRIGGER {TABLE}_{short}_truncate AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump()",
    )),
]
POSTGRES_BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {TABLE}_{short}_{which} ON {table}"
      for short, table in WATCHED.items() for which in ("mark", "commit", "truncate")),
    # as the first version of this migration (one trigger a table, in commit 07fcfb5) named them
    *(f"DROP TRIGGER IF EXISTS {TABLE}_{short} ON {table}" for short, table in WATCHED.items()),
    *(f"DROP FUNCTION IF EXISTS {TABLE}_{name}()" for name in ("bump", "mark", "commit")),
    f"DROP TABLE IF EXISTS {TABLE}",
]

STATEMENTS = {"sqlite": (SQLITE_FORWARDS, SQLITE_BACKWARDS), "postgresql": (POSTGRES_FORWARDS, POSTGRES_BACKWARDS)}


class NamesVersion(migrations.operations.base.Operation):
    """Creates (and drops) the names version table and its triggers, in the database's own SQL."""

    reversible = True
    reduces_to_sql = True

    def state_forwards(self, app_label, state):
        pass  # no model

    def _run(self, schema_editor, which):
        vendor = schema_editor.connection.vendor
        if vendor not in STATEMENTS:
            # Reprisals Tracker runs on SQLite and PostgreSQL only (docs/architecture.md): refuse any other
            # database rather than migrate it without the triggers the names' cache relies on.
            raise ValueError(f"the names version needs SQLite or PostgreSQL, not {vendor}")
        for sql in STATEMENTS[vendor][which]:
            schema_editor.execute(sql, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, 0)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, 1)

    def describe(self):
        return "Create the names version token and the triggers that change it"

    @property
    def migration_name_fragment(self):
        return "names_version"


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_erasednamekey'),
    ]

    operations = [
        NamesVersion(),
    ]
