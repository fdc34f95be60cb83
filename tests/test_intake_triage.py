"""Triage: every submission waits for an officer with its provenance; attach, open a case, or decline."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import PASSWORD
from django.test import Client

from reprisals.cases.models import ConsentRecord
from reprisals.cases.selectors import allegations_in_triage
from reprisals.core.errors import Forbidden, ValidationFailed
from reprisals.intake import selectors, services
from reprisals.intake.models import SubmissionStatus
from reprisals.intake.rows import PersonData, SubmissionData

pytestmark = pytest.mark.django_db


def send(submitter, **extra):
    data = SubmissionData(country="BHR", what_happened="Detained after the HRC session.", sender_reference="T1",
                          incident_date="2024-03", forms=["detention"], un_body="HRC",
                          engagement_kind="participation_un_meeting", engagement_date="2024-02",
                          persons=[PersonData(name="Ana Example", gender="female", roles=["lawyer"])],
                          consent={"consent_raise_with_state": True, "consent_publish_name": False},
                          risk={"detained": True}, **extra)
    return services.submission_create(actor=submitter, data=data)


def login(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_submission_is_in_both_triage_queues_urgent_first(submitter, officer):
    calm = services.submission_create(actor=submitter, data=SubmissionData(
        country="EGY", what_happened="Questioned.", sender_reference="C1"))
    urgent = send(submitter)
    assert list(selectors.triage_queue(officer)) == [urgent, calm]
    assert urgent.allegation in allegations_in_triage(officer)


def test_opening_a_case_carries_over_people_consent_incident_and_engagement(submitter, officer):
    submission = send(submitter)
    case = services.submission_open_case(actor=officer, submission=submission, title="Detention of a lawyer")
    assert case.risk_level == "urgent" and case.allegations.get() == submission.allegation
    party = case.parties.get()
    assert party.name == "Ana Example" and [r.code for r in party.roles.all()] == ["lawyer"]
    decisions = {c.use: c.granted for c in ConsentRecord.objects.filter(party=party)}
    assert decisions == {"raise_with_state": True, "publish_name": False}
    assert [f.code for f in case.incidents.get().forms.all()] == ["detention"]
    assert case.engagements.get().un_body.code == "HRC"
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED and submission.decided_by == officer
    assert not selectors.triage_queue(officer).exists()


def test_attach_to_an_existing_case(submitter, officer, new_case):
    case = new_case()
    submission = send(submitter)
    services.submission_attach(actor=officer, submission=submission, case=case)
    submission.refresh_from_db()
    assert submission.allegation.case == case and submission.status == "accepted"
    with pytest.raises(ValidationFailed):
        services.submission_decline(actor=officer, submission=submission, reason="late")


def test_attaching_in_the_registers_own_triage_also_shows_accepted(submitter, officer, new_case):
    from reprisals.cases import services as case_services

    submission = send(submitter)
    case_services.allegation_attach(actor=officer, allegation=submission.allegation, case=new_case())
    submission.refresh_from_db()
    assert selectors.effective_status(submission) == "accepted"


def test_decline_needs_a_reason_which_the_sender_never_sees(submitter, officer, api_as):
    submission = send(submitter)
    with pytest.raises(ValidationFailed):
        services.submission_decline(actor=officer, submission=submission, reason=" ")
    services.submission_decline(actor=officer, submission=submission, reason="Outside the mandate")
    body = api_as(submitter).get(f"/api/v1/submissions/{submission.pk}").content.decode()
    assert "not_taken_forward" in body and "mandate" not in body


def test_only_triage_officers_decide(submitter, focal):
    submission = send(submitter)
    with pytest.raises(Forbidden):
        services.submission_take(actor=focal, submission=submission)


def test_the_triage_pages_show_provenance_and_act(submitter, officer):
    submission = send(submitter)
    client = login(officer)
    page = client.get("/intake/triage/").content.decode()
    assert "International Service for Human Rights" in page and "T1" in page and "Urgent" in page
    detail = client.get(f"/intake/submissions/{submission.pk}/").content.decode()
    assert "Ana Example" not in detail  # protected until revealed
    revealed = client.post(f"/intake/submissions/{submission.pk}/reveal/").content.decode()
    assert "Ana Example" in revealed
    assert client.post(f"/intake/submissions/{submission.pk}/take/").status_code == 302
    response = client.post(f"/intake/submissions/{submission.pk}/open-case/", {"title": "From the web"})
    assert response.status_code == 302 and "/cases/" in response["Location"]


def test_attach_by_an_unknown_reference_is_a_form_error(submitter, officer):
    submission = send(submitter)
    response = login(officer).post(f"/intake/submissions/{submission.pk}/attach/", {"reference": "RT-1900-1"})
    assert response.status_code == 422 and "no case with this reference" in response.content.decode()


def test_submitters_cannot_see_the_triage_pages(submitter):
    assert login(submitter).get("/intake/triage/").status_code == 403


def test_a_sender_sees_its_own_list_page(submitter, other_focal):
    send(submitter)
    import re

    reference = re.compile(r"(?<![A-Za-z0-9])T1(?![A-Za-z0-9])")  # not inside a random CSRF token
    assert reference.search(login(submitter).get("/intake/mine/").content.decode())
    assert not reference.search(login(other_focal).get("/intake/mine/").content.decode())


def test_the_web_import_previews_then_imports_on_confirmation(officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reprisals.intake.models import PendingUpload, Submission

    client = login(officer)
    good = SimpleUploadedFile("a.csv", b"sender_reference,country,what_happened\nW1,BHR,Detained\n")
    page = client.post("/intake/import/", {"file": good, "format": "csv", "source": "ISHR"})
    assert page.status_code == 200 and "Every row is valid" in page.content.decode()
    assert Submission.objects.count() == 0
    pending = PendingUpload.objects.get()
    assert b"Detained" not in bytes(pending.data)  # stored encrypted
    assert client.post(f"/intake/import/{pending.pk}/confirm/").status_code == 302
    assert Submission.objects.get().sender_reference == "W1"
    assert bytes(PendingUpload.objects.get().data) == b""  # the content is erased once imported
    bad = SimpleUploadedFile("b.csv", b"sender_reference,country,what_happened\nW2,QZZ,Detained\n")
    page = client.post("/intake/import/", {"file": bad, "format": "csv", "source": "ISHR"})
    assert page.status_code == 422 and "line 2, country" in page.content.decode()
    assert not PendingUpload.objects.filter(batch=None).exists()  # nothing waits for confirmation


@pytest.mark.parametrize("name", ["submissions.csv", "submissions.xlsx", "submissions.json", "submissions.jsonl",
                                  "end-reprisals-case.csv"])
def test_templates_are_downloadable(officer, name):
    response = login(officer).get(f"/intake/templates/{name}")
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'"{name}"')


def test_the_reporting_page_saves_a_schedule(officer):
    client = login(officer)
    response = client.post("/intake/reporting/", {"entity": "OHCHR-COL", "every_months": 4,
                                                  "starts_on": dt.date(2024, 1, 1).isoformat()})
    assert response.status_code == 302
    assert "OHCHR Colombia" in client.get("/intake/reporting/").content.decode()


def test_the_json_export_page_holds_what_the_user_may_see(focal, new_case):
    from reprisals.reference.models import Entity

    mine = new_case(title="From ISHR")
    new_case(title="From Amnesty", entity=Entity.objects.get(code="AMNESTY"))
    response = login(focal).get("/intake/export/json/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert [c["reference"] for c in response.json()] == [mine.reference]
