"""Keep SQLite's full-text table in step with cases_case by triggers, whatever writes the rows
(services, bulk loads, restores, test flushes), and rebuild it once from the column. The triggers are
re-created after every migrate too (``CasesConfig.ready``), since SQLite drops them when it rebuilds
the table to alter it."""

from django.db import migrations


def forwards(apps, schema_editor):
    from reprisals.cases.search import ensure_sqlite_index

    ensure_sqlite_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_erasurerequest")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
