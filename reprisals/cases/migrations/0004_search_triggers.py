"""Keep SQLite's full-text table in step with cases_case by triggers, whatever writes the rows
(services, bulk loads, restores, test flushes), and rebuild it once from the column."""

from django.db import migrations

TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS cases_case_fts_ai AFTER INSERT ON cases_case BEGIN
         INSERT INTO cases_case_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS cases_case_fts_ad AFTER DELETE ON cases_case BEGIN
         DELETE FROM cases_case_fts WHERE rowid = old.id; END""",
    """CREATE TRIGGER IF NOT EXISTS cases_case_fts_au AFTER UPDATE OF search_text ON cases_case BEGIN
         DELETE FROM cases_case_fts WHERE rowid = old.id;
         INSERT INTO cases_case_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in TRIGGERS:
        schema_editor.execute(sql)
    schema_editor.execute("DELETE FROM cases_case_fts")
    schema_editor.execute("INSERT INTO cases_case_fts(rowid, search_text) SELECT id, search_text FROM cases_case")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in ("cases_case_fts_ai", "cases_case_fts_ad", "cases_case_fts_au"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_erasurerequest")]
    operations = [migrations.RunPython(forwards, backwards)]
