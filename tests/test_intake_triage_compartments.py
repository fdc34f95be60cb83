"""Compartments hold in intake triage as on the case pages. A submission is visible in triage while it is
not yet part of a case, or when its case is one the officer may see (``cases_visible_to``). The submission
behind a restricted case is "not found" to an officer outside its compartment: its page, the reveal of
its people, risk notes and the source's contact, its files and every triage decision answer 404, exactly
as for an id that does not exist, and the refused reveal records nothing in the audit log (as a reveal
of a hidden case records nothing)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from reprisals.cases import services as case_services
from reprisals.core.errors import NotFound
from reprisals.core.models import AuditEntry
from reprisals.intake import selectors, services
from reprisals.intake.attachments import check_file
from reprisals.intake.models import Submission, SubmissionAttachment, SubmissionStatus
from reprisals.intake.rows import PersonData, SubmissionData

pytestmark = pytest.mark.django_db

NAME = "Ana Secretperson"
RISK = "Hiding at her cousin's flat in Sitra"
CONTACT = "ana.signal+97333001122"
EVIDENCE = b"%PDF-1.4 medical report of Ana Secretperson"
NOWHERE = 999_999


def login(user):
    client = Client()
    client.force_login(user)
    return client


def receive(title="Detention of a lawyer"):
    data = SubmissionData(
        country="BHR", title=title, what_happened=f"{NAME} was detained after Geneva.", place="Sitra",
        persons=[PersonData(name=NAME, gender="female", roles=["lawyer"])],
        consent={"consent_raise_with_state": True}, risk_notes=RISK)
    submission, _code = services.submission_receive_public(
        data=data, contact=CONTACT, files=[check_file("report.pdf", EVIDENCE)])
    return submission


@pytest.fixture
def restricted(officer2, reviewer):
    """A public-form submission that officer2 opened a case from, restricted to officer2."""
    submission = receive()
    case = services.submission_open_case(actor=officer2, submission=submission, title="Detention of a lawyer")
    case_services.case_restrict(actor=reviewer, case=case, restricted=True, members=[officer2])
    return submission, case


def page_text(response, path: str) -> str:
    """A page without its per-request CSRF token nor its own address (the language form sends one back
    to it), to compare two answers."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return text.replace(path, "PATH")


# ---------------------------------------------------------------- outside the compartment


def test_the_submission_of_a_restricted_case_is_not_found_outside_its_compartment(restricted, officer):
    submission, case = restricted
    outsider = login(officer)
    assert outsider.get(f"/cases/{case.pk}/").status_code == 404
    page = outsider.get(f"/intake/submissions/{submission.pk}/")
    assert page.status_code == 404
    text = page.content.decode()
    assert case.reference not in text and "detained after Geneva" not in text and NAME not in text


def test_its_people_risk_notes_and_contact_are_not_revealed_and_nothing_is_audited(restricted, officer):
    submission, _case = restricted
    before = AuditEntry.objects.count()
    response = login(officer).post(f"/intake/submissions/{submission.pk}/reveal/")
    assert response.status_code == 404
    text = html.unescape(response.content.decode())
    assert NAME not in text and RISK not in text and CONTACT not in text
    # As for a hidden case: nothing was disclosed, so nothing is recorded, as for an id that does not exist.
    assert AuditEntry.objects.count() == before


def test_its_files_are_not_found_outside_its_compartment(restricted, officer):
    submission, _case = restricted
    attachment = submission.attachments.get()
    before = AuditEntry.objects.count()
    response = login(officer).get(f"/intake/attachments/{attachment.pk}/")
    assert response.status_code == 404 and EVIDENCE not in response.content
    assert AuditEntry.objects.count() == before


def test_a_hidden_submission_answers_exactly_as_one_that_does_not_exist(restricted, officer):
    submission, _case = restricted
    attachment = submission.attachments.get()
    outsider = login(officer)
    pairs = [
        ("get", f"/intake/submissions/{submission.pk}/", f"/intake/submissions/{NOWHERE}/", {}),
        ("post", f"/intake/submissions/{submission.pk}/reveal/", f"/intake/submissions/{NOWHERE}/reveal/", {}),
        ("post", f"/intake/submissions/{submission.pk}/take/", f"/intake/submissions/{NOWHERE}/take/", {}),
        ("post", f"/intake/submissions/{submission.pk}/decline/", f"/intake/submissions/{NOWHERE}/decline/",
         {"reason": "Duplicate"}),
        ("post", f"/intake/submissions/{submission.pk}/decline/", f"/intake/submissions/{NOWHERE}/decline/", {}),
        ("post", f"/intake/submissions/{submission.pk}/open-case/", f"/intake/submissions/{NOWHERE}/open-case/",
         {"title": "Another case"}),
        ("post", f"/intake/submissions/{submission.pk}/attach/", f"/intake/submissions/{NOWHERE}/attach/",
         {"reference": "RT-NOPE"}),
        ("get", f"/intake/attachments/{attachment.pk}/", f"/intake/attachments/{NOWHERE}/", {}),
    ]
    for method, hidden, missing, data in pairs:
        one, other = getattr(outsider, method)(hidden, data), getattr(outsider, method)(missing, data)
        assert one.status_code == other.status_code == 404, (hidden, one.status_code, other.status_code)
        assert page_text(one, hidden) == page_text(other, missing), hidden


def test_no_triage_decision_reaches_a_hidden_submission(restricted, officer, new_case):
    submission, case = restricted
    other_case = new_case()
    for decide in (
        lambda: services.submission_take(actor=officer, submission=submission),
        lambda: services.submission_decline(actor=officer, submission=submission.pk, reason="Duplicate"),
        lambda: services.submission_attach(actor=officer, submission=submission, case=other_case),
        lambda: services.submission_open_case(actor=officer, submission=submission, title="Again"),
    ):
        with pytest.raises(NotFound):  # not "already decided", which would say that it exists
            decide()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED and submission.allegation.case_id == case.pk


def test_the_selectors_leave_it_out(restricted, officer, officer2):
    submission, _case = restricted
    attachment = submission.attachments.get()
    assert submission not in selectors.visible_for_triage(officer)
    assert submission not in selectors.triage_queue(officer, include_decided=True)
    with pytest.raises(NotFound):
        selectors.submission_get_for_triage(officer, submission.pk)
    with pytest.raises(NotFound):
        selectors.attachment_get_for_triage(officer, attachment.pk)
    assert selectors.attachment_get_for_triage(officer2, attachment.pk) == attachment


def test_a_submission_added_to_a_restricted_case_in_the_registers_own_triage_is_hidden_too(
        officer, officer2, reviewer, new_case):
    """The register's own triage attaches the allegation without touching the submission's status."""
    case = new_case(actor=officer2)
    case_services.case_restrict(actor=reviewer, case=case, restricted=True, members=[officer2])
    submission = receive()
    case_services.allegation_attach(actor=officer2, allegation=submission.allegation, case=case)
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.RECEIVED
    assert login(officer).get(f"/intake/submissions/{submission.pk}/").status_code == 404
    assert login(officer2).get(f"/intake/submissions/{submission.pk}/").status_code == 200


# ---------------------------------------------------------------- who still sees it


def test_a_member_of_the_compartment_reads_reveals_and_downloads_as_before(restricted, officer2):
    submission, case = restricted
    member = login(officer2)
    page = member.get(f"/intake/submissions/{submission.pk}/")
    assert page.status_code == 200 and case.reference in page.content.decode()
    revealed = html.unescape(member.post(f"/intake/submissions/{submission.pk}/reveal/").content.decode())
    assert NAME in revealed and RISK in revealed and CONTACT in revealed
    assert AuditEntry.objects.filter(action="protected.read", actor_id=officer2.pk).exists()
    download = member.get(f"/intake/attachments/{submission.attachments.get().pk}/")
    assert download.status_code == 200 and download.content == EVIDENCE


def test_lifting_the_restriction_shows_it_again(restricted, officer, reviewer):
    submission, case = restricted
    case_services.case_restrict(actor=reviewer, case=case, restricted=False, members=[])
    assert login(officer).get(f"/intake/submissions/{submission.pk}/").status_code == 200


def test_a_submission_not_yet_in_a_case_is_in_every_triage_officers_queue(officer, officer2, restricted):
    waiting = receive(title="Travel ban")
    hidden, _case = restricted
    for user in (officer, officer2):
        assert list(selectors.triage_queue(user)) == [waiting]
        client = login(user)
        queue = client.get("/intake/triage/")
        assert queue.status_code == 200 and f"/intake/submissions/{waiting.pk}/" in queue.content.decode()
        assert f"/intake/submissions/{hidden.pk}/" not in queue.content.decode()
        assert client.get(f"/intake/submissions/{waiting.pk}/").status_code == 200
    attachment = SubmissionAttachment.objects.get(submission=waiting)
    assert login(officer).get(f"/intake/attachments/{attachment.pk}/").content == EVIDENCE
