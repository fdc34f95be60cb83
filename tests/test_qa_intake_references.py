"""Allegation numbers are reserved as needed: one per single submission, a block only as large as an
import's rows, so the sequence stays dense; concurrent writers never share a number."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from reprisals.cases import services as case_services
from reprisals.cases.models import Allegation
from reprisals.intake import importer, services
from reprisals.intake.rows import SubmissionData


def numbers(references):
    return [int(r.rsplit("-", 1)[1]) for r in references]


def _data(ref: str = "") -> SubmissionData:
    return SubmissionData(country="BHR", what_happened="Detained at the airport.", sender_reference=ref)


def _import(tmp_path: Path, name: str, refs: list[str], officer) -> None:
    path = tmp_path / name
    path.write_text("sender_reference,country,what_happened\n" + "".join(
        f"{r},BHR,Detained at the airport\n" for r in refs), encoding="utf-8")
    report = importer.import_run(actor=officer, opener=lambda: path.open("rb"), fmt="csv", file_name=name,
                                 source="ISHR")
    assert report.ok and report.created == len(refs)


@pytest.mark.django_db
def test_single_submissions_and_small_imports_use_consecutive_numbers(officer, submitter, bahrain, tmp_path):
    year = timezone.now().year
    services.submission_receive_public(data=_data())
    _import(tmp_path, "one.csv", ["ONE-1"], officer)
    services.submission_create(actor=submitter, data=_data("API-1"))
    services.submission_create(actor=submitter, data=_data("API-2"))
    _import(tmp_path, "three.csv", ["THREE-1", "THREE-2", "THREE-3"], officer)
    allegation = case_services.allegation_record(actor=officer, country=bahrain, received_on=timezone.now().date(),
                                                 narrative="Recorded by hand.")
    got = numbers(Allegation.objects.filter(reference__startswith=f"AL-{year}-").order_by("id")
                  .values_list("reference", flat=True))
    assert got == list(range(got[0], got[0] + 8)), got
    assert numbers([allegation.reference]) == [got[-1]]


@pytest.mark.django_db
def test_an_allocator_reserves_exactly_what_is_asked(officer):
    year = timezone.now().year
    allocator = services.ReferenceAllocator(year)
    allocator.reserve(3)
    first = [allocator.next() for _ in range(3)]
    after = services.ReferenceAllocator(year).next()
    assert numbers(first + [after]) == list(range(numbers(first)[0], numbers(first)[0] + 4))
    again = allocator.next()  # nothing pending: one more, after the other allocator's
    assert numbers([again]) == [numbers([after])[0] + 1]


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_number_and_leave_no_gap(submitter, officer, tmp_path):
    clients = 8
    errors: list[BaseException] = []
    start = threading.Barrier(clients)

    def work(i: int) -> None:
        try:
            start.wait()
            if i % 2:
                _import(tmp_path, f"f{i}.csv", [f"F{i}-1", f"F{i}-2"], officer)
            else:
                services.submission_create(actor=submitter, data=_data(f"C-{i}"))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    got = sorted(numbers(Allegation.objects.values_list("reference", flat=True)))
    assert len(got) == clients // 2 + clients // 2 * 2
    assert got == list(range(got[0], got[0] + len(got)))
