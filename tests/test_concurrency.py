"""Many officers at once: no lost update, and the audit chain still verifies."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from reprisals.cases import services
from reprisals.cases.models import Case
from reprisals.core.audit import audit_record, audit_verify
from reprisals.core.errors import Conflict
from reprisals.core.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 20


def run_in_threads(work) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(CLIENTS)

    def target(i: int) -> None:
        try:
            start.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def test_twenty_officers_editing_one_case_lose_no_update(new_case, officer):
    case = new_case()
    start_version = Case.objects.get(pk=case.pk).version
    updates_before = AuditEntry.objects.filter(action="case.update").count()

    def edit(i: int) -> None:
        while True:
            current = Case.objects.get(pk=case.pk)
            try:
                services.case_update(actor=officer, case=current, expected_version=current.version,
                                     summary=f"{current.summary}[{i}]")
                return
            except Conflict:
                continue

    assert run_in_threads(edit) == []
    final = Case.objects.get(pk=case.pk)
    assert final.version == start_version + CLIENTS
    assert sorted(final.summary.replace("]", "").split("[")[1:]) == sorted(str(i) for i in range(CLIENTS))
    assert AuditEntry.objects.filter(action="case.update").count() == updates_before + CLIENTS
    assert audit_verify() is None


def test_concurrent_audit_writers_keep_one_unbroken_chain(officer):
    def write(i: int) -> None:
        for k in range(5):
            audit_record(actor=officer, action="test.concurrent", object_type="t", object_id=f"{i}-{k}")

    assert run_in_threads(write) == []
    entries = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert entries == list(range(1, len(entries) + 1))
    assert AuditEntry.objects.filter(action="test.concurrent").count() == CLIENTS * 5
    assert audit_verify() is None
