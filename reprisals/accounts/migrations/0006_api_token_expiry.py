"""API tokens expire: ``expires_at`` (90 days after creation unless chosen otherwise, at most 365) and an
idle limit (30 days without use, counted from the latest of creation, renewal and use).

The tokens that exist when this migration runs are not cut off at once (that would lock every
integration out without notice), nor left without an end: each gets ``expires_at`` 90 days after the
migration, and ``renewed_at`` set to the migration's time, so that its idle time also starts then.
After that they follow the same rules as new tokens (``reprisals token renew`` to extend one)."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone

DAYS = 90  # accounts.models.TOKEN_DAYS when this migration was written


def migrated_at():
    return timezone.now()


def expiry_from_migration():
    return timezone.now() + dt.timedelta(days=DAYS)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_loginfailure_username_hmac"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=expiry_from_migration, verbose_name="expires at"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="renewed_at",
            field=models.DateTimeField(blank=True, null=True, default=migrated_at, verbose_name="renewed at"),
            preserve_default=False,
        ),
    ]
