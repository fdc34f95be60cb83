"""Auditors read the audit log, newest first, with filters, in the web and the API, and check its chain.
They see who did what to which object and when, never a protected value; no other role reads the log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from reprisals.core import crypto
from reprisals.core.audit import audit_record
from reprisals.core.models import AuditEntry
from tests.test_audit_keyed import plain_sha256, rewrite

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(auditor) -> Client:
    client = Client()
    client.force_login(auditor)
    return client


@pytest.fixture
def case(new_case):
    return new_case(name="Maryam Secretname")


def shown(response) -> list[str]:
    return [entry.action for entry in response.context["entries"]]


def test_the_auditor_is_led_to_the_log_from_the_start_page_and_the_navigation(web):
    page = web.get("/", follow=True).content.decode()
    assert 'href="/audit/"' in page and "Open the audit log" in page


def test_the_auditor_sees_every_write_newest_first_and_no_protected_value(web, case):
    response = web.get("/audit/")
    assert response.status_code == 200
    actions = shown(response)
    assert "case.open" in actions and "party.add" in actions
    seqs = [entry.seq for entry in response.context["entries"]]
    assert seqs == sorted(seqs, reverse=True)
    page = response.content.decode()
    assert "Secretname" not in page and "Source Alpha" not in page and "alpha@example.org" not in page


def test_filters_by_action_prefix_actor_object_and_day(web, case, officer):
    on_cases = shown(web.get("/audit/", {"action": "case."}))
    assert "case.open" in on_cases and all(action.startswith("case.") for action in on_cases)
    assert shown(web.get("/audit/", {"action": "case.open"})) == ["case.open"]
    assert set(shown(web.get("/audit/", {"actor": officer.username}))) >= {"case.open", "party.add"}
    assert shown(web.get("/audit/", {"actor": "nobody"})) == []
    assert shown(web.get("/audit/", {"object_type": "cases.case", "object_id": str(case.pk),
                                     "action": "case.open"})) == ["case.open"]
    today = timezone.localdate()
    assert "case.open" in shown(web.get("/audit/", {"date_from": today, "date_to": today}))
    assert shown(web.get("/audit/", {"date_to": today - dt.timedelta(days=1)})) == []


@pytest.mark.parametrize("query", [{"date_from": "2016-13-45"}, {"date_from": "2020-02-02", "date_to": "2020-01-01"},
                                   {"before": "abc"}, {"action": "x" * 61}])
def test_a_filter_that_cannot_be_used_is_named(web, query):
    response = web.get("/audit/", query)
    assert response.status_code == 400
    assert "These filters cannot be used" in response.content.decode()


def test_pages_follow_the_sequence_without_gaps_or_repeats(web, officer, monkeypatch):
    from reprisals.core import audit_views

    monkeypatch.setattr(audit_views, "PAGE_SIZE", 3)
    for n in range(7):
        audit_record(actor=officer, action="test.page", object_type="test", object_id=str(n))
    seen, before = [], None
    while True:
        response = web.get("/audit/", {"action": "test.page", **({"before": before} if before else {})})
        seen += [entry.object_id for entry in response.context["entries"]]
        before = response.context["older"]
        if before is None:
            break
    assert seen == [str(n) for n in reversed(range(7))]


def test_checking_the_chain_says_intact_then_names_the_entry_changed_behind_its_back(web, case):
    response = web.post("/audit/check/", follow=True)
    assert "intact" in response.content.decode()
    changed = AuditEntry.objects.get(action="case.open")
    AuditEntry.objects.filter(pk=changed.pk).update(action="case.close")
    response = web.post("/audit/check/", follow=True)
    assert f"broken at entry #{changed.seq}" in response.content.decode()


def test_no_other_role_reads_the_log(officer, reviewer, admin_user, focal, state_user):
    for user in (officer, reviewer, admin_user, focal, state_user):
        client = Client()
        client.force_login(user)
        assert client.get("/audit/").status_code == 403
        assert client.post("/audit/check/").status_code == 403


def test_the_api_lists_filters_pages_and_checks(api_as, auditor, officer, case):
    api = api_as(auditor)
    body = api.get("/api/v1/audit", action="case.open").json()
    assert [item["action"] for item in body["items"]] == ["case.open"]
    assert body["items"][0]["actor"] == officer.username and len(body["items"][0]["hash"]) == 64
    first = api.get("/api/v1/audit", limit=1).json()
    second = api.get("/api/v1/audit", limit=1, cursor=first["next_cursor"]).json()
    assert second["items"][0]["seq"] == first["items"][0]["seq"] - 1
    assert api.get("/api/v1/audit/check").json() == {"intact": True, "broken_at": None, "reason": "",
                                                     "key_missing": False, "unkeyed": 0, "old_key": 0,
                                                     "accepted_breaks": []}
    assert api.get("/api/v1/audit", date_from="2020-02-02", date_to="2020-01-01").status_code == 422
    assert api.get("/api/v1/audit", cursor="junk!").status_code == 422
    assert api_as(officer).get("/api/v1/audit").status_code == 403
    assert api_as(officer).get("/api/v1/audit/check").status_code == 403


def test_the_last_day_a_date_can_name_is_a_filter_like_any_other(web, api_as, auditor, case):
    """9999-12-31 (a browser's date field lets one type it) had no next day to bound by: a server error."""
    response = web.get("/audit/", {"date_from": "2000-01-01", "date_to": "9999-12-31"})
    assert response.status_code == 200 and "case.open" in shown(response)
    answer = api_as(auditor).get("/api/v1/audit", date_to="9999-12-31")
    assert answer.status_code == 200 and "case.open" in [e["action"] for e in answer.json()["items"]]


def test_codes_times_and_details_read_left_to_right_in_arabic(web, case):
    """In a right-to-left page the details ({'case': 'RT-…', 'forms': [...]}) and the time came out
    reordered ("15:38:14 2026-11-29", braces at the wrong end); they are marked left-to-right."""
    import re

    web.cookies["django_language"] = "ar"
    text = web.get("/audit/").content.decode()
    assert 'dir="rtl"' in text
    rows = text[text.index('id="audit-rows"'):]
    assert re.search(r'<span dir="ltr">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d</span>', rows)
    assert '<code class="text-break" dir="ltr">{' in rows and '<code dir="ltr">case.open</code>' in rows


def test_the_check_counts_the_entries_sealed_without_the_key(web, api_as, auditor, case):
    """Entries written before keyed sealing verify, but a database writer could rewrite them unseen: the
    page warns, and the API says how many, until `reprisals rotate-key` seals them."""
    rewrite(plain_sha256, key_id="")  # what an upgraded register holds: the log as it was sealed before
    legacy = AuditEntry.objects.count()
    response = web.post("/audit/check/", follow=True).content.decode()
    assert "intact" in response and f"{legacy} entries, written before the log was sealed" in response
    assert api_as(auditor).get("/api/v1/audit/check").json()["unkeyed"] == legacy
    call_command("rotate-key", "--seal-legacy")
    assert api_as(auditor).get("/api/v1/audit/check").json()["unkeyed"] == 0
    assert "sealed without it" not in web.post("/audit/check/", follow=True).content.decode()


def test_a_key_missing_from_the_configuration_is_not_called_a_break(web, api_as, auditor, case):
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[]):
        # the page and the API, as an auditor signed in under a configuration without the key that sealed the log
        page = web.post("/audit/check/", follow=True).content.decode()
        assert "cannot be checked from entry #1 on" in page and "is broken" not in page
        body = api_as(auditor).get("/api/v1/audit/check").json()
    assert body["intact"] is False and body["broken_at"] == 1 and body["key_missing"] is True


def test_the_check_counts_the_entries_still_under_an_older_data_key(web, api_as, auditor, case, settings):
    """Until a rotation has finished, entries sealed with the old key verify while it is configured, and
    whoever holds that key could rewrite them: the page warns and the API says how many."""
    before = AuditEntry.objects.count()
    with override_settings(DATA_KEY=crypto.generate_key(), DATA_KEYS_OLD=[settings.DATA_KEY]):
        page = web.post("/audit/check/", follow=True).content.decode()
        assert "intact" in page and f"{before} entries are sealed with an older data key" in page
        assert api_as(auditor).get("/api/v1/audit/check").json()["old_key"] == before
        call_command("rotate-key")
        assert api_as(auditor).get("/api/v1/audit/check").json()["old_key"] == 0
        assert "older data key" not in web.post("/audit/check/", follow=True).content.decode()
