"""PostgreSQL: index "RT-2018-00001", "2016-03" and "name@example.org" as separate words, as the query side
(``search.query_terms``) and SQLite's FTS5 tokenizer split them. PostgreSQL's text parser keeps hyphenated
numbers whole ("-2018", "-00001"), so a search for a case reference or a date found nothing there."""

from django.db import migrations

SPLIT = "translate(search_text, '-./@', '    ')"


def _rebuild(schema_editor, expression: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS case_search_vector_gin")
    schema_editor.execute("ALTER TABLE cases_case DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        f"ALTER TABLE cases_case ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
    )
    schema_editor.execute("CREATE INDEX case_search_vector_gin ON cases_case USING gin (search_vector)")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, f"to_tsvector('simple', {SPLIT})")


def backwards(apps, schema_editor):
    _rebuild(schema_editor, "to_tsvector('simple', search_text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_erasure_decision_reason")]
    operations = [migrations.RunPython(forwards, backwards)]
