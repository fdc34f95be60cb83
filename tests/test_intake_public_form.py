"""The secure public form: no account, separate consent choices, risk questions, encrypted attachments,
a receipt code shown once (only its hash stored), a status page that reveals nothing else, rate limits."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reprisals.intake import services
from reprisals.intake.models import Submission, SubmissionAttachment, SubmissionUpdate

pytestmark = pytest.mark.django_db

FORM = {
    "country": "BHR", "what_happened": "My brother was arrested after speaking at the HRC.", "incident_date": "2024-03",
    "person_name": "Hasan Example", "un_body": "HRC", "engagement_kind": "participation_un_meeting",
    "consent_raise_with_state": "yes", "consent_publish_name": "no", "consent_publish_anonymously": "yes",
    "consent_share_un": "no", "in_danger": "unknown", "detained": "yes", "travelling_to_un_session": "no",
    "contact": "signal: +000 000", "forms_of_reprisal": ["arbitrary_arrest"],
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


def submit(client=None, **extra):
    client = client or Client()
    return client.post("/submit/", {**FORM, **extra})


def receipt_of(response) -> str:
    match = re.search(r'id="receipt-code">([0-9A-Z-]+)<', response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1)


def test_the_form_needs_no_account_and_has_csrf_on(reference):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/submit/")
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    assert client.post("/submit/", FORM).status_code == 403  # no CSRF token
    token = page.cookies["csrftoken"].value
    response = client.post("/submit/", {**FORM, "csrfmiddlewaretoken": token})
    assert response.status_code == 201


def test_a_submission_is_stored_with_its_consent_and_risk_and_flagged_urgent(reference):
    response = submit()
    assert response.status_code == 201
    submission = Submission.objects.get()
    assert submission.channel == "public_form" and submission.entity is None and submission.submitted_by is None
    assert (submission.consent_raise_with_state, submission.consent_publish_name,
            submission.consent_publish_anonymously, submission.consent_share_un) == (True, False, True, False)
    assert submission.detained is True and submission.in_danger is None and submission.is_urgent
    assert submission.allegation.case is None and submission.allegation.channel == "public_form"
    assert submission.allegation.source_contact == "signal: +000 000"
    assert "urgent" in response.content.decode()


def test_each_consent_choice_must_be_made(reference):
    response = submit(consent_publish_name="")
    assert response.status_code == 422 and not Submission.objects.exists()


def test_the_receipt_is_shown_once_and_only_its_hash_is_stored(reference):
    response = submit()
    code = receipt_of(response)
    submission = Submission.objects.get()
    assert submission.receipt_digest == services.receipt_digest(code) and code not in submission.receipt_digest
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert code not in Client().get("/submit/status/").content.decode()


def test_the_status_page_shows_the_status_and_nothing_else(reference, officer):
    code = receipt_of(submit())
    page = Client().post("/submit/status/", {"code": code.lower().replace("-", " ")})
    text = page.content.decode()
    assert page.status_code == 200 and "Received" in text
    for secret in ("Hasan", "arrested", "signal", "BHR", "Bahrain"):
        assert secret not in text
    services.submission_take(actor=officer, submission=Submission.objects.get())
    assert "In triage" in Client().post("/submit/status/", {"code": code}).content.decode()


def test_a_wrong_code_is_not_found(reference):
    submit()
    assert Client().post("/submit/status/", {"code": "AAAAA-BBBBB-CCCCC-DDDDD"}).status_code == 404


def test_the_sender_adds_information_with_the_code(reference):
    code = receipt_of(submit())
    response = Client().post("/submit/status/add/", {"code": code, "text": "He was moved to another prison.",
                                                     "attachments": SimpleUploadedFile("order.pdf", PDF)})
    assert response.status_code == 200 and "was added" in response.content.decode()
    update = SubmissionUpdate.objects.get()
    assert update.text == "He was moved to another prison." and update.attachments.count() == 1


def test_attachments_are_stored_encrypted_and_officers_can_read_them(reference, officer):
    from conftest import PASSWORD

    submit(attachments=[SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"x" * 100),
                        SimpleUploadedFile("letter.pdf", PDF)])
    stored = SubmissionAttachment.objects.order_by("id")
    assert [a.file_name for a in stored] == ["photo.png", "letter.pdf"]
    assert PDF not in bytes(stored[1].data) and b"%PDF" not in bytes(stored[1].data)
    client = Client()
    client.login(username=officer.username, password=PASSWORD)
    download = client.get(f"/intake/attachments/{stored[1].pk}/")
    assert download.status_code == 200 and download.content == PDF


@pytest.mark.parametrize("upload,message", [
    (("run.exe", b"MZ\x90\x00"), "not accepted"),
    (("fake.pdf", b"<html>not a pdf</html>"), "not really a PDF"),
    (("big.txt", b"a" * (10 * 1024 * 1024 + 1)), "larger than 10 MB"),
])
def test_wrong_type_or_oversized_attachments_are_refused(reference, upload, message):
    response = submit(attachments=SimpleUploadedFile(*upload))
    assert response.status_code == 422 and message in response.content.decode()
    assert not Submission.objects.exists() and not SubmissionAttachment.objects.exists()


def test_submissions_are_rate_limited_per_address(reference):
    client = Client()
    statuses = [submit(client).status_code for _ in range(6)]
    assert statuses == [201] * 5 + [429]
    assert Submission.objects.count() == 5


def test_status_lookups_are_rate_limited_per_receipt_code(reference):
    code = receipt_of(submit())
    statuses = [Client(REMOTE_ADDR=f"10.0.0.{n}").post("/submit/status/", {"code": code}).status_code
                for n in range(11)]
    assert statuses == [200] * 10 + [429]


def test_status_lookups_are_rate_limited_per_address(reference):
    client = Client()
    statuses = [client.post("/submit/status/", {"code": f"WRONG-{n}"}).status_code for n in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429


def test_the_rate_limiter_counts_per_key():
    from reprisals.intake.ratelimit import allow

    assert [allow("t", "a", limit=2, window=60) for _ in range(3)] == [True, True, False]
    assert allow("t", "b", limit=2, window=60)


# An address is counted as the sign-in limit counts it (``accounts.twofactor.address_key``): one home line or
# server usually holds a whole IPv6 /64, and could otherwise take a fresh address for each request.


def test_submissions_from_one_ipv6_64_share_one_allowance(reference):
    statuses = [submit(Client(REMOTE_ADDR=f"2001:db8:1:2::{n:x}")).status_code for n in range(1, 8)]
    assert statuses == [201] * 5 + [429] * 2
    assert Submission.objects.count() == 5
    assert submit(Client(REMOTE_ADDR="2001:db8:1:3::1")).status_code == 201  # the next /64 is another client


def test_status_lookups_from_one_ipv6_64_share_one_allowance(reference):
    statuses = [Client(REMOTE_ADDR=f"2001:db8:1:2:{n:x}::1").post("/submit/status/", {"code": f"WRONG-{n}"})
                .status_code for n in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    assert Client(REMOTE_ADDR="2001:db8:1:2::1").post("/submit/status/add/", {"code": "WRONG", "text": "x"}
                                                      ).status_code == 429  # adding counts with look-ups


def test_an_ipv4_mapped_address_counts_as_its_ipv4_address(reference):
    statuses = [submit(Client(REMOTE_ADDR=address)).status_code
                for address in ["192.0.2.7", "::ffff:192.0.2.7"] * 3]
    assert statuses == [201] * 5 + [429]


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_64(reference, settings):
    settings.TRUSTED_PROXIES = "10.0.0.5"

    def via_proxy(address):
        return Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=address)

    statuses = [submit(via_proxy(f"2001:db8:1:2::{n:x}")).status_code for n in range(1, 7)]
    assert statuses == [201] * 5 + [429]
    assert submit(via_proxy("2001:db8:9:9::1")).status_code == 201  # another client behind the same proxy
    assert submit(Client(REMOTE_ADDR="2001:db8:1:2::99", HTTP_X_FORWARDED_FOR="2001:db8:7:7::1")
                  ).status_code == 429  # not from the proxy: the header is the client's word, not believed


def test_the_public_form_key_is_the_sign_in_address_key():
    from django.test import RequestFactory

    from reprisals.accounts.twofactor import address_key
    from reprisals.intake.ratelimit import client

    for remote in ("2001:db8:1:2:aaaa::1", "::ffff:192.0.2.7", "192.0.2.7", "not-an-address"):
        assert client(RequestFactory().get("/", REMOTE_ADDR=remote)) == address_key(remote)
    assert client(RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert client(RequestFactory().get("/", REMOTE_ADDR="")) == "unknown"
