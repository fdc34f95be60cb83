"""A failed sign-in no longer keeps the user name typed (sometimes a password typed into the wrong box):
``LoginFailure.username`` holds an HMAC-SHA256 of it, casefolded, keyed from the secret key
(``twofactor.account_key``). The rows already there (at most 15 minutes old) are converted."""

from django.db import migrations
from django.utils.crypto import salted_hmac

SALT = "reprisals.accounts.LoginFailure.username"  # twofactor.ACCOUNT_KEY_SALT


def hash_names(apps, schema_editor):
    LoginFailure = apps.get_model("accounts", "LoginFailure")
    for row in LoginFailure.objects.using(schema_editor.connection.alias).only("pk", "username").iterator():
        digest = salted_hmac(SALT, row.username.casefold(), algorithm="sha256").hexdigest()
        LoginFailure.objects.using(schema_editor.connection.alias).filter(pk=row.pk).update(username=digest)


def drop_failures(apps, schema_editor):
    """Back: the names cannot be recovered from their HMACs; the failures (15 minutes' worth) go."""
    apps.get_model("accounts", "LoginFailure").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_address_throttle"),
    ]

    operations = [
        migrations.RunPython(hash_names, drop_failures),
    ]
