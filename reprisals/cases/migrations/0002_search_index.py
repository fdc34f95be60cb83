"""Full-text index over Case.search_text: an FTS5 table on SQLite, a GIN expression index on PostgreSQL."""

from django.db import migrations


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS cases_case_fts USING fts5("
            "search_text, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS case_search_gin ON cases_case "
            "USING gin (to_tsvector('simple', search_text))"
        )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS cases_case_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_gin")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
