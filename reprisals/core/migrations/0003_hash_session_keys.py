"""Web sessions are stored under a hash of their key (``core.sessions``): replace the key of every session
stored before by its hash, so that nobody is signed out by the upgrade and no cookie value stays in the
table. A key already hashed (``h:…``; a real key never contains ``:``) is left as it is, so running this
twice hashes nothing twice.

Going back deletes the hashed sessions: Django's own backend would take a stored value, sent as a cookie,
as a valid session key, which is what this change stops."""

import hashlib

from django.db import migrations

# As in reprisals.core.sessions at the time of writing, kept here so that this migration never changes.
PREFIX = "h:"


def stored_key(session_key):
    return PREFIX + hashlib.sha256(session_key.encode("utf-8")).hexdigest()[:38]


def hash_session_keys(apps, schema_editor):
    Session = apps.get_model("sessions", "Session")
    db = schema_editor.connection.alias
    for key in list(Session.objects.using(db).values_list("session_key", flat=True)):
        if not key.startswith(PREFIX):
            Session.objects.using(db).filter(session_key=key).update(session_key=stored_key(key))


def delete_hashed_sessions(apps, schema_editor):
    Session = apps.get_model("sessions", "Session")
    Session.objects.using(schema_editor.connection.alias).filter(session_key__startswith=PREFIX).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_audit_key_id"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(hash_session_keys, delete_hashed_sessions),
    ]
