"""The follow-up web pages through Django's test client: deadlines, recording a communication from a
case, responses and assessments on the communication page, developments, a State's record, the case
panel, and the State portal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from reprisals.cases import services as case_services
from reprisals.cases.models import CaseStatus
from reprisals.core.models import AuditEntry
from reprisals.followup import selectors, services
from reprisals.followup.models import Assessment, CaseDevelopment, Communication, StateResponse
from reprisals.reference.models import UNBody
from tests.conftest import client_for
from tests.dates import iso, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_case(consenting_case):
    """Communications name these cases, and a case is raised only with its parties' consent."""
    return consenting_case



def html(response) -> str:
    return response.content.decode()


def verified(case, actor):
    for status in (CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED):
        case = case_services.case_transition(actor=actor, case=case, to_status=status, reason="ok",
                                             expected_version=None)
    return case


def form_data(case, **overrides):
    data = {"country": "BHR", "kind": "sp_urgent_appeal", "un_body": "SR-HRD", "symbol": "UA BHR 2/2024",
            "sent_on": today().isoformat(), "deadline": "", "summary": "Urgent appeal on the <b>detention</b>.",
            "internal_notes": "", "case_references": case.reference}
    data.update(overrides)
    return data


def record(actor, case, **extra):
    return services.communication_record(
        actor=actor, country=case.country, kind="sp_allegation_letter", un_body=UNBody.objects.get(code="SR-HRD"),
        sent_on=today(), summary="Letter.", cases=[case], symbol="AL BHR 9/2024", **extra)


def test_every_followup_view_declares_what_it_needs():
    for pattern in get_resolver("reprisals.followup.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        assert hasattr(pattern.callback, "required_capability"), pattern.name


def test_anonymous_visitors_are_sent_to_sign_in(reference):
    for name in ("followup:deadlines", "followup:communication_new", "followup:state_record", "followup:portal_list"):
        response = Client().get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_record_a_communication_from_a_case_page_with_an_attachment(officer, new_case):
    case = verified(new_case(), officer)
    client = client_for(officer)
    page = client.get(reverse("followup:communication_new") + f"?case={case.pk}")
    assert page.status_code == 200 and case.reference in html(page)
    data = form_data(case, attachments=SimpleUploadedFile("appeal.pdf", b"%PDF-1.4 appeal"), shown_to_state="on")
    response = client.post(reverse("followup:communication_new") + f"?case={case.pk}", data)
    assert response.status_code == 302, html(response)
    communication = Communication.objects.get()
    assert communication.deadline == today() + dt.timedelta(days=30)
    assert communication.attachments.get().visible_to_state
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_RESPONSE
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "&lt;b&gt;detention&lt;/b&gt;" in html(detail) and "<b>detention" not in html(detail)
    download = client.get(reverse("followup:attachment_download", args=[communication.attachments.get().pk]))
    assert download.content == b"%PDF-1.4 appeal" and download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("overrides,field_text", [
    ({"sent_on": dt.timedelta(days=-5), "deadline": dt.timedelta(days=-1)}, "has already passed"),  # read by iso()
    ({"case_references": "RT-1999-99999"}, "no case RT-1999-99999"),
    ({"country": "SAU"}, "not the State addressed"),
])
def test_a_refused_communication_shows_the_error_on_the_form_and_saves_nothing(officer, new_case, overrides,
                                                                               field_text):
    case = new_case()
    overrides = {name: iso(value) for name, value in overrides.items()}
    response = client_for(officer).post(reverse("followup:communication_new"), form_data(case, **overrides))
    assert response.status_code == 422
    assert field_text in html(response) and "Nothing was saved" in html(response)
    assert not Communication.objects.exists()


def test_response_then_assessment_then_confirmation_closes_the_case(officer, reviewer, new_case):
    case = verified(new_case(), officer)
    communication = record(officer, case)
    officer_client = client_for(officer)
    url = reverse("followup:communication_detail", args=[communication.pk])
    bad = officer_client.post(reverse("followup:response_new", args=[communication.pk]),
                              {"received_on": (today() - dt.timedelta(days=3)).isoformat(), "channel": "email",
                               "summary": "Reply"})
    assert bad.status_code == 422 and "dated before its communication" in html(bad)
    assert not StateResponse.objects.exists()
    ok = officer_client.post(reverse("followup:response_new", args=[communication.pk]),
                             {"received_on": today().isoformat(), "channel": "email", "summary": "Remedy paid."})
    assert ok.status_code == 302
    response_id = StateResponse.objects.get().pk
    no_reason = officer_client.post(reverse("followup:assessment_new", args=[communication.pk]),
                                    {"response": str(response_id), "level": "adequate", "reason": "",
                                     "remedy_provided": "on"})
    assert no_reason.status_code == 422 and "give the reason" in html(no_reason)
    assert not Assessment.objects.exists()
    proposed = officer_client.post(reverse("followup:assessment_new", args=[communication.pk]),
                                   {"response": str(response_id), "level": "adequate", "reason": "Remedy paid",
                                    "remedy_provided": "on"})
    assert proposed.status_code == 302
    assessment = Assessment.objects.get()
    assert "Decide on the proposed assessment" not in html(officer_client.get(url))
    reviewer_client = client_for(reviewer)
    assert "Decide on the proposed assessment" in html(reviewer_client.get(url))
    assert officer_client.post(reverse("followup:assessment_confirm", args=[assessment.pk]), {}).status_code == 403
    done = reviewer_client.post(reverse("followup:assessment_confirm", args=[assessment.pk]),
                                {"note": "Agreed", "close_cases": "on"}, follow=True)
    assert done.status_code == 200 and case.reference in html(done)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED_ADEQUATELY_ADDRESSED


def test_a_reviewer_cannot_decide_on_their_own_proposal_from_the_page(reviewer, new_case):
    case = new_case()
    communication = record(reviewer, case)
    response = services.response_record(actor=reviewer, communication=communication, received_on=today(),
                                        summary="Noted")
    assessment = services.assessment_propose(actor=reviewer, communication=communication, response=response,
                                             level="acknowledgement", reason="Only noted")
    page = client_for(reviewer).post(reverse("followup:assessment_return", args=[assessment.pk]), {"note": "x"})
    assert page.status_code == 403 and "another reviewer must" in html(page)


def test_deadlines_page_lists_overdue_and_due_soon(officer, new_case, clock):
    case = new_case()
    overdue = services.communication_record(
        actor=officer, country=case.country, kind="sp_urgent_appeal", un_body=UNBody.objects.get(code="WGAD"),
        sent_on=today(), summary="x", cases=[case], symbol="UA OVERDUE")
    soon = record(officer, case)
    clock(50)
    page = client_for(officer).get(reverse("followup:deadlines"))
    assert page.status_code == 200
    text = html(page)
    assert "UA OVERDUE" in text and soon.symbol in text and text.index("UA OVERDUE") < text.index(soon.symbol)
    filtered = html(client_for(officer).get(reverse("followup:deadlines"), {"un_body": "SR-HRD", "days": "30"}))
    assert "UA OVERDUE" not in filtered and soon.symbol in filtered
    assert overdue.pk
    assert client_for(officer).get(reverse("followup:deadlines"), {"days": "-3"}).status_code == 400


def test_a_development_is_recorded_from_its_form(officer, new_case):
    case = new_case()
    client = client_for(officer)
    url = reverse("followup:development_new", args=[case.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"kind": "release", "date": "2024-13", "description": "Freed"})
    assert bad.status_code == 422 and not CaseDevelopment.objects.exists()
    ok = client.post(url, {"kind": "release", "date": "2024-05", "description": "Freed", "for_next_report": "on"})
    assert ok.status_code == 302 and CaseDevelopment.objects.get().for_next_report


def test_a_states_record_page(reviewer, officer, new_case):
    record(officer, new_case())
    page = client_for(reviewer).get(reverse("followup:state_record"), {"state": "BHR"})
    assert page.status_code == 200 and "Bahrain" in html(page)
    assert client_for(reviewer).get(reverse("followup:state_record"),
                                    {"state": "BHR", "date_from": "2024-02-01", "date_to": "2024-01-01"}
                                    ).status_code == 400


def test_the_case_panel_shows_the_cases_communications_and_developments(officer, new_case, clock):
    case = new_case()
    record(officer, case)
    services.development_record(actor=officer, case=case, kind="death", date="2024", description="Died in custody.")
    clock(61)
    text = render_to_string("followup/_case_panel.html", selectors.case_panel_context(officer, case))
    assert "AL BHR 9/2024" in text and "Overdue" in text and "Died in custody." in text
    assert f"?case={case.pk}" in text


# ---------------------------------------------------------------- the State portal


def test_the_state_portal_lists_shows_and_answers_with_an_attachment(officer, state_user, new_case, clock):
    case = new_case()
    communication = record(officer, case, internal_notes="Internal: the minister is hostile")
    client = client_for(state_user)
    listing = client.get(reverse("followup:portal_list"))
    assert listing.status_code == 200 and "AL BHR 9/2024" in html(listing)
    detail = client.get(reverse("followup:portal_detail", args=[communication.pk]))
    text = html(detail)
    assert detail.status_code == 200 and "Please respond by" in text
    assert "minister" not in text and case.reference not in text and "Maryam" not in text
    clock(61)
    sent = client.post(reverse("followup:portal_respond", args=[communication.pk]),
                       {"summary": "An inquiry was opened.",
                        "attachments": SimpleUploadedFile("reply.pdf", b"%PDF-1.4 reply")}, follow=True)
    assert sent.status_code == 200 and "recorded as a late response" in html(sent)
    response = StateResponse.objects.get()
    assert response.channel == "portal" and response.attachments.get().visible_to_state
    refused = client.post(reverse("followup:portal_respond", args=[communication.pk]),
                          {"summary": "x", "attachments": SimpleUploadedFile("a.exe", b"MZ")})
    assert refused.status_code == 422 and "not accepted" in html(refused)
    actions = list(AuditEntry.objects.filter(actor_id=state_user.pk).values_list("action", "payload"))
    pages = [payload.get("page") for action, payload in actions if action == "portal.view"]
    assert {"list", "detail", "respond.refused"} <= set(pages)


def test_states_and_bodies_are_named_in_the_readers_language(officer, reviewer, state_user, new_case, clock):
    """The deadlines list, a State's record and the portal's heading named States and UN bodies in English
    whatever the language of the page."""
    from reprisals.reference.i18n import country_name, un_body_name

    case = new_case()
    record(officer, case)
    clock(50)
    bahrain, body = country_name("BHR", "Bahrain", "ar"), un_body_name("SR-HRD", "", "ar")
    assert bahrain != "Bahrain" and body
    for user, url, expected in [(officer, reverse("followup:deadlines"), [bahrain, body]),
                                (reviewer, reverse("followup:state_record") + "?state=BHR", [bahrain]),
                                (state_user, reverse("followup:portal_list"), [bahrain, body])]:
        client = client_for(user)
        client.cookies["django_language"] = "ar"
        text = html(client.get(url))
        assert all(name in text for name in expected), (url, expected)
        assert ">Bahrain<" not in text and "Bahrain</h" not in text and "to Bahrain" not in text, url
