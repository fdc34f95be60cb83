"""A chain re-sealed from scratch after an accepted break (`audit reseal --accept-break SEQ`) verifies, but
only since then: `audit verify`, the audit page's check and `GET /audit/check` name every break accepted
along it (the `audit.accept_break` entry, the break, when and by whom), so that an auditor sees it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from reprisals.core.audit import ACCEPT_BREAK_ACTION, audit_check, audit_head, audit_record, audit_reseal_broken
from reprisals.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def damage(seq: int) -> None:
    AuditEntry.objects.filter(seq=seq).update(payload={"damaged": True})


def accept(seq: int) -> AuditEntry:
    call_command("audit", "reseal", "--accept-break", str(seq), stdout=io.StringIO())
    return AuditEntry.objects.get(action=ACCEPT_BREAK_ACTION, payload__break_seq=seq)


def verify() -> list[str]:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def web(auditor) -> Client:
    client = Client()
    client.force_login(auditor)
    return client


def test_verify_says_the_chain_holds_since_the_accepted_break_and_keeps_its_last_line(chain, officer):
    assert not any("accepted break" in line for line in verify())
    damage(2)
    record = accept(2)
    audit_record(actor=officer, action="test.after", payload={})
    lines = verify()  # no CommandError: the chain holds, exit 0
    assert lines[-1] == "head {}:{}".format(*audit_head())
    (said,) = [line for line in lines if "accepted break" in line]
    assert said.startswith(f"the chain holds since an accepted break: entry #{record.seq} (")
    assert record.at.isoformat(timespec="seconds") in said and "by system" in said and "break at #2 " in said


def test_every_accepted_break_is_named_oldest_first_with_who_accepted_it(chain, officer):
    damage(2)
    first = accept(2)
    audit_record(actor=officer, action="test.after", payload={})
    damage(4)
    audit_reseal_broken(4, actor=officer)
    check = audit_check()
    assert check.broken is None
    second = AuditEntry.objects.get(action=ACCEPT_BREAK_ACTION, payload__break_seq=4)
    assert [(a.seq, a.break_seq, a.at, a.actor) for a in check.accepted] == [
        (first.seq, 2, first.at, "system"), (second.seq, 4, second.at, officer.username)]
    said = [line for line in verify() if "accepted break" in line]
    assert len(said) == 2 and f"#{first.seq} " in said[0] and f"by {officer.username})" in said[1]


def test_an_accept_break_entry_changed_afterwards_is_a_break_not_an_accepted_one(chain):
    damage(2)
    record = accept(2)
    AuditEntry.objects.filter(pk=record.pk).update(payload={**record.payload, "break_seq": 1})
    check = audit_check()
    assert check.broken is not None and check.broken.seq == record.seq


def test_the_page_says_the_log_holds_since_the_accepted_break(web, chain):
    page = web.post("/audit/check/", follow=True).content.decode()
    assert "intact" in page and "since a break was accepted" not in page
    damage(3)
    record = accept(3)
    page = web.post("/audit/check/", follow=True).content.decode()
    when = timezone.localtime(record.at).strftime("%Y-%m-%d %H:%M:%S")
    assert (f"The audit log holds since a break was accepted: entry #{record.seq} records that system accepted "
            f"the break at entry #3 on {when}") in page


def test_the_api_lists_the_accepted_breaks(api_as, auditor, chain, officer):
    api = api_as(auditor)
    assert api.get("/api/v1/audit/check").json()["accepted_breaks"] == []
    damage(2)
    audit_reseal_broken(2, actor=officer)
    record = AuditEntry.objects.get(action=ACCEPT_BREAK_ACTION)
    body = api.get("/api/v1/audit/check").json()
    assert body["intact"] is True
    (accepted,) = body["accepted_breaks"]
    assert {k: v for k, v in accepted.items() if k != "at"} == {"seq": record.seq, "break_seq": 2,
                                                              "actor": officer.username}
    assert accepted["at"].startswith(record.at.strftime("%Y-%m-%dT%H:%M:%S"))
