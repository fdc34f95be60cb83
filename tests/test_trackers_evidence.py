"""Online intimidation: evidence attached to an incident, its file encrypted at rest with a SHA-256 and a
capture time, refused when over-size or of a forbidden type (nothing saved), downloaded only by staff
who can see the case (audited), shown on the case page, and counted in the statistics."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reprisals.cases import services as case_services
from reprisals.core.errors import Forbidden, NotFound, ValidationFailed
from reprisals.core.models import AuditEntry
from reprisals.trackers import files, selectors, services
from reprisals.trackers.demo import tiny_png
from reprisals.trackers.models import EvidenceFile, OnlineEvidence

pytestmark = pytest.mark.django_db
SEEN = dt.datetime(2016, 3, 12, 9, 30, tzinfo=dt.UTC)
PNG = tiny_png(42)


def add(officer, incident, **overrides):
    values = dict(actor=officer, incident=incident, platform="x_twitter", seen_at=SEEN,
                  url="https://x.com/patriot_1/status/1", account_handle="@patriot_1",
                  text="Traitor who spoke in Geneva", file_name="shot.png", file_data=PNG)
    values.update(overrides)
    return services.evidence_add(**values)


@pytest.fixture
def incident(new_case):
    return new_case().incidents.get()


def test_evidence_is_stored_with_its_hash_capture_time_and_encrypted_file(officer, incident):
    before = timezone.now()
    evidence = add(officer, incident)
    assert evidence.file_sha256 == hashlib.sha256(PNG).hexdigest()
    assert evidence.file_kind == "png" and evidence.file_size == len(PNG) and evidence.file_name == "shot.png"
    assert before <= evidence.captured_at <= timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed FROM trackers_evidencefile WHERE evidence_id = %s", [evidence.pk])
        stored = bytes(cursor.fetchone()[0])
    assert PNG not in stored and stored.startswith(b"RTF1")
    entry = AuditEntry.objects.get(action="online_evidence.add")
    assert entry.payload["file_sha256"] == evidence.file_sha256 and "Traitor" not in str(entry.payload)


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_saved(officer, incident):
    with pytest.raises(ValidationFailed) as err:
        add(officer, incident, file_name="big.txt", file_data=b"a" * (files.MAX_BYTES + 1))
    assert "file" in err.value.fields and "limit is 10.0 MB" in err.value.message
    assert not OnlineEvidence.objects.exists() and not EvidenceFile.objects.exists()


@pytest.mark.parametrize(("name", "data"), [("payload.exe", b"MZ\x90\x00"), ("shot.png", b"<html>not a png</html>"),
                                            ("page.svg", b"<svg onload=alert(1)>")])
def test_a_forbidden_or_disguised_type_is_refused_and_nothing_is_saved(officer, incident, name, data):
    with pytest.raises(ValidationFailed) as err:
        add(officer, incident, file_name=name, file_data=data)
    assert "file" in err.value.fields
    assert not OnlineEvidence.objects.exists()


def test_a_url_must_be_http_or_https_and_is_never_fetched(officer, incident, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the system must never fetch evidence")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x"):
        with pytest.raises(ValidationFailed) as err:
            add(officer, incident, url=bad, file_data=None)
        assert "url" in err.value.fields
    evidence = add(officer, incident, url="https://t.me/channel/42", platform="telegram", file_data=None)
    assert evidence.url == "https://t.me/channel/42" and not evidence.has_file


def test_seen_at_may_not_be_in_the_future_or_without_a_zone(officer, incident):
    with pytest.raises(ValidationFailed) as err:
        add(officer, incident, seen_at=timezone.now() + dt.timedelta(hours=2))
    assert "seen_at" in err.value.fields
    with pytest.raises(ValidationFailed):
        add(officer, incident, seen_at=dt.datetime(2016, 3, 12, 9, 30))
    assert not OnlineEvidence.objects.exists()


def test_evidence_needs_something(officer, incident):
    with pytest.raises(ValidationFailed) as err:
        add(officer, incident, url="", text="", file_data=None)
    assert "give at least" in err.value.message


def test_path_traversal_in_a_file_name_is_neutralised(officer, incident):
    evidence = add(officer, incident, file_name="../../../../etc/cron.d/evil.png")
    assert evidence.file_name == "evil.png"


def test_who_may_add_and_see_evidence(officer, focal, other_focal, auditor, incident, reviewer):
    with pytest.raises(Forbidden):
        add(focal, incident)  # focal points view trackers but do not edit them
    evidence = add(officer, incident)
    assert selectors.evidence_get_for_user(focal, evidence.pk) == evidence  # its entity's case
    with pytest.raises(NotFound):
        selectors.evidence_get_for_user(other_focal, evidence.pk)
    case_services.case_restrict(actor=reviewer, case=incident.case, restricted=True, members=[])
    with pytest.raises(NotFound):
        add(officer, incident)
    with pytest.raises(NotFound):
        services.evidence_download(actor=officer, evidence_id=evidence.pk)
    with pytest.raises(Forbidden):
        services.evidence_download(actor=auditor, evidence_id=evidence.pk)


def test_a_focal_point_sees_the_evidence_on_its_entitys_case_but_not_its_file(officer, focal, incident):
    evidence = add(officer, incident)
    assert selectors.evidence_get_for_user(focal, evidence.pk) == evidence
    with pytest.raises(Forbidden):
        services.evidence_download(actor=focal, evidence_id=evidence.pk)
    assert not AuditEntry.objects.filter(action="online_evidence.download").exists()
    client = Client()
    client.force_login(focal)
    assert client.post(reverse("trackers:evidence_download", args=[evidence.pk])).status_code == 403
    page = client.get(reverse("case_detail", args=[incident.case_id])).content.decode()
    assert "shot.png" in page and reverse("trackers:evidence_download", args=[evidence.pk]) not in page


def test_download_returns_the_original_bytes_and_is_audited(officer, incident):
    evidence = add(officer, incident)
    client = Client()
    client.force_login(officer)
    r = client.post(reverse("trackers:evidence_download", args=[evidence.pk]))
    assert r.status_code == 200 and r.content == PNG
    assert r["Content-Type"] == "image/png" and r["Content-Disposition"].startswith('attachment; filename="shot.png"')
    assert r["X-Content-Type-Options"] == "nosniff" and "no-cache" in r["Cache-Control"]
    entry = AuditEntry.objects.get(action="online_evidence.download")
    assert entry.actor_label == "officer" and entry.object_id == str(evidence.pk)
    assert client.get(reverse("trackers:evidence_download", args=[evidence.pk])).status_code == 405


def test_a_tampered_file_is_not_served(officer, incident):
    evidence = add(officer, incident)
    blob = bytearray(EvidenceFile.objects.get(pk=evidence.pk).sealed)
    blob[-1] ^= 1
    EvidenceFile.objects.filter(pk=evidence.pk).update(sealed=bytes(blob))
    with pytest.raises(ValidationFailed) as err:
        services.evidence_download(actor=officer, evidence_id=evidence.pk)
    assert "integrity" in err.value.message
    assert AuditEntry.objects.filter(action="online_evidence.integrity_failure").exists()


# ---------------------------------------------------------------- the web form


def test_officers_upload_evidence_on_the_page(officer, incident):
    client = Client()
    client.force_login(officer)
    url = reverse("trackers:evidence_add", args=[incident.case_id])
    assert client.get(url).status_code == 200
    data = {"incident": incident.pk, "platform": "facebook", "url": "https://facebook.com/x/posts/1",
            "account_handle": "Page X", "seen_at": "2016-03-12T09:30", "text": "Smear post",
            "file": SimpleUploadedFile("post.txt", "«traitor»\n".encode(), content_type="text/plain")}
    r = client.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    evidence = OnlineEvidence.objects.get()
    assert evidence.seen_at == SEEN and evidence.file_kind == "text"


def test_a_forbidden_upload_is_refused_on_the_page_with_the_reason(officer, incident):
    client = Client()
    client.force_login(officer)
    url = reverse("trackers:evidence_add", args=[incident.case_id])
    data = {"incident": incident.pk, "platform": "other", "seen_at": "2016-03-12T09:30",
            "file": SimpleUploadedFile("doc.docx", b"PK\x03\x04word", content_type="application/octet-stream")}
    r = client.post(url, data)
    assert r.status_code == 422 and "not accepted" in r.content.decode()
    assert not OnlineEvidence.objects.exists()


def test_an_over_size_upload_is_refused_on_the_page_and_kept_in_memory(officer, incident, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client = Client()
    client.force_login(officer)
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (files.MAX_BYTES + 10), content_type="image/png")
    r = client.post(reverse("trackers:evidence_add", args=[incident.case_id]),
                    {"incident": incident.pk, "platform": "other", "seen_at": "2016-03-12T09:30", "file": big})
    assert r.status_code == 422 and "limit is 10.0 MB" in r.content.decode()
    assert not OnlineEvidence.objects.exists() and list(tmp_path.iterdir()) == []


def test_the_upload_page_checks_csrf(officer, incident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    r = client.post(reverse("trackers:evidence_add", args=[incident.case_id]),
                    {"incident": incident.pk, "platform": "other", "seen_at": "2016-03-12T09:30", "text": "x"})
    assert r.status_code == 403 and not OnlineEvidence.objects.exists()


def test_the_case_page_fragment_shows_hash_and_capture_time(officer, incident):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    evidence = add(officer, incident)
    context = selectors.incident_evidence_context(officer, incident.case)
    request = RequestFactory().get("/")
    request.user = officer
    html = render_to_string("trackers/_incident_evidence.html", context, request=request)
    assert evidence.file_sha256 in html and "@patriot_1" in html and "shot.png" in html
    assert 'href="https://x.com' not in html  # the address is shown, never linked
    assert selectors.incident_evidence_context(_auditor(), incident.case) == {"online_evidence": None}


def _auditor():
    from reprisals.accounts.models import User

    return User(role="auditor", is_active=True)


def test_evidence_appears_on_the_case_timeline(officer, incident):
    from reprisals.cases import selectors as case_selectors

    add(officer, incident)
    events = case_selectors.case_timeline(case_selectors.case_detail(officer, incident.case_id))
    assert any(e.kind == "online_evidence" and "@patriot_1" in e.title for e in events)


# ---------------------------------------------------------------- API


def test_api_add_read_and_download(api_as, officer, focal, incident):
    body = {"platform": "youtube", "url": "https://youtube.com/watch?v=abc", "seen_at": "2016-03-12T09:30:00Z",
            "text": "Video calling her a foreign agent",
            "file": {"name": "frame.png", "content_base64": base64.b64encode(PNG).decode()}}
    assert api_as(focal).post(f"/api/v1/trackers/incidents/{incident.pk}/evidence", body).status_code == 403
    r = api_as(officer).post(f"/api/v1/trackers/incidents/{incident.pk}/evidence", body)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["file_sha256"] == hashlib.sha256(PNG).hexdigest() and data["case_id"] == incident.case_id
    listed = api_as(focal).get(f"/api/v1/trackers/incidents/{incident.pk}/evidence").json()
    assert [e["id"] for e in listed] == [data["id"]]
    r = api_as(officer).get(f"/api/v1/trackers/evidence/{data['id']}/file")
    assert r.status_code == 200 and r.content == PNG


def test_api_refuses_bad_files_in_the_error_shape(api_as, officer, incident):
    base = {"platform": "other", "seen_at": "2016-03-12T09:30:00Z"}
    url = f"/api/v1/trackers/incidents/{incident.pk}/evidence"
    r = api_as(officer).post(url, {**base, "file": {"name": "x.png", "content_base64": "%%%"}})
    assert r.status_code == 422 and "file.content_base64" in r.json()["error"]["fields"]
    exe = base64.b64encode(b"MZ\x90\x00").decode()
    r = api_as(officer).post(url, {**base, "file": {"name": "x.exe", "content_base64": exe}})
    assert r.status_code == 422 and "file" in r.json()["error"]["fields"]
    r = api_as(officer).post(url, {**base, "platform": "myspace", "text": "x"})
    assert r.status_code == 422
    assert not OnlineEvidence.objects.exists()


# ---------------------------------------------------------------- statistics


def test_statistics_count_online_forms_and_evidence_by_year_and_platform(officer, new_case):
    first = new_case().incidents.get()  # 2016, travel ban and arrest: not online
    second = new_case(title="Smear")
    online = case_services.incident_add(actor=officer, case=second, date="2017-05", forms=["smear_campaign", "hacking"])
    add(officer, first, platform="facebook")
    add(officer, online, platform="x_twitter")
    add(officer, online, platform="x_twitter", file_data=None)
    stats = selectors.online_statistics(officer)
    years = {row["year"]: row for row in stats.years}
    assert years[2016]["online"] == 1 and years[2016]["with_forms"] == 0 and years[2016]["with_evidence"] == 1
    assert years[2017]["with_forms"] == 1 and years[2017]["with_evidence"] == 1
    assert stats.by_platform_total["x_twitter"] == 1 and stats.by_platform_total["facebook"] == 1
    assert stats.by_form_total == {"online_harassment": 0, "hacking": 1, "surveillance": 0, "smear_campaign": 1}
    assert stats.totals["online"] == 2


def test_statistics_only_count_cases_the_user_can_see(officer, other_focal, new_case):
    add(officer, new_case().incidents.get())
    assert selectors.online_statistics(other_focal).totals["online"] == 0
    assert selectors.online_statistics(officer).totals["online"] == 1


def test_statistics_page_and_api(api_as, officer, incident):
    add(officer, incident)
    client = Client()
    client.force_login(officer)
    assert "X/Twitter" in client.get(reverse("trackers:online_statistics")).content.decode()
    data = api_as(officer).get("/api/v1/trackers/online/statistics").json()
    assert data["by_platform"]["x_twitter"] == 1 and data["years"][0]["platforms"]["x_twitter"] == 1
