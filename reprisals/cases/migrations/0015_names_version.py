"""The names version: one row whose token the database changes, by triggers, at every write to the parties,
the erased names or the erased names' key, so ``reports.redaction.RegisterNames.load`` can tell in one tiny
query whether the register-wide list of names it keeps is still the register's.

Triggers, not signals: bulk ``update()``/``bulk_create()``, raw SQL, other migrations and restores change it
too. Any update counts, not only of the name columns: a party's real name is re-encrypted under a fresh nonce
at every save anyway, and a column added later that holds a name cannot be forgotten here.

The token is random at every change, never a counter: a transaction that loaded the names and then rolled
back would let a counter come back to a value already seen with other names behind it. The triggers insert
the row again when it is missing. On PostgreSQL they run once per statement (and on TRUNCATE, which the
test runner's flush uses); SQLite has only row triggers.

No Django model: a model's row would be backed up (the token would change while a restore loads the
parties, so the restored rows would not compare equal) and would make a fresh database look non-empty to
``restore``. A plain operation rather than ``RunSQL``: it changes no value a backup holds, and
``core.backup`` refuses backups older than any ``RunSQL``/``RunPython`` migration it does not list.
"""

from django.db import migrations

TABLE = "cases_names_version"
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

POSTGRES_FORWARDS = [
    f"CREATE TABLE {TABLE} (id integer NOT NULL PRIMARY KEY CHECK (id = 1), token varchar(40) NOT NULL)",
    f"INSERT INTO {TABLE} (id, token) VALUES (1, gen_random_uuid()::text)",
    f"""CREATE FUNCTION {TABLE}_bump() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {TABLE} (id, token) VALUES (1, gen_random_uuid()::text)
                ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
            RETURN NULL;
        END
    $$""",
    *(f"CREATE TRIGGER {TABLE}_{short} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
      f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump()" for short, table in WATCHED.items()),
]
POSTGRES_BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {TABLE}_{short} ON {table}" for short, table in WATCHED.items()),
    f"DROP FUNCTION IF EXISTS {TABLE}_bump()",
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
            raise NotImplementedError(f"no names version triggers for {vendor}")
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
