"""PostgreSQL: keep the tsvector of Case.search_text in a stored generated column with its own GIN index,
so that a search never recomputes it row by row (the planner may walk the newest cases first and test
each one; with the stored vector that test is cheap)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE cases_case ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
    )
    schema_editor.execute("CREATE INDEX IF NOT EXISTS case_search_vector_gin ON cases_case USING gin (search_vector)")
    schema_editor.execute("DROP INDEX IF EXISTS case_search_gin")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS case_search_vector_gin")
    schema_editor.execute("ALTER TABLE cases_case DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS case_search_gin ON cases_case USING gin (to_tsvector('simple', search_text))"
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_reference_sequence")]
    operations = [migrations.RunPython(forwards, backwards)]
