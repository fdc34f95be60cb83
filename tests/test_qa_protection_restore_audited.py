"""A restore is the largest write there is: the log it brings back ends with an entry saying that the
register was restored, from which file and how many rows, and the chain still verifies."""

from __future__ import annotations

import io

from django.core.management import call_command

from reprisals.core.audit import audit_verify
from reprisals.core.backup import backed_up_models
from reprisals.core.models import AuditEntry


def _wipe() -> None:
    for model in reversed(backed_up_models()):
        if model._meta.app_label != "reference":
            model._default_manager.all().delete()
    for model in backed_up_models():
        for field in model._meta.local_many_to_many:
            field.remote_field.through.objects.all().delete()


def test_a_restore_is_recorded_in_the_audit_log(new_case, tmp_path):
    new_case()
    path = tmp_path / "register.backup"
    call_command("backup", "--out", str(path), stdout=io.StringIO())
    entries = AuditEntry.objects.count()
    _wipe()
    call_command("restore", str(path), stdout=io.StringIO())
    last = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == entries + 1
    assert last.action == "backup.restore" and last.payload["file"] == "register.backup"
    assert last.payload["rows"] > 0
    assert audit_verify() is None
