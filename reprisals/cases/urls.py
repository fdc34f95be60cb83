from django.urls import path

from reprisals.cases import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/reveal/", views.case_reveal, name="case_reveal"),
    path("cases/<int:case_id>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:case_id>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:case_id>/transition/", views.case_transition, name="case_transition"),
    path("cases/<int:case_id>/parties/new/", views.party_add, name="party_add"),
    path("cases/<int:case_id>/parties/<int:party_id>/consent/", views.consent_record, name="consent_record"),
    path("cases/<int:case_id>/parties/<int:party_id>/erasure/", views.erasure_request, name="erasure_request"),
    path("erasures/", views.erasure_queue, name="erasure_queue"),
    path("erasures/<int:request_id>/", views.erasure_decide, name="erasure_decide"),
    path("cases/<int:case_id>/incidents/new/", views.incident_add, name="incident_add"),
    path("cases/<int:case_id>/engagements/new/", views.engagement_add, name="engagement_add"),
    path("allegations/", views.allegation_triage, name="allegation_triage"),
    path("allegations/new/", views.allegation_record, name="allegation_record"),
    path("allegations/<int:allegation_id>/open-case/", views.case_open, name="case_open"),
    path("allegations/<int:allegation_id>/attach/", views.allegation_attach, name="allegation_attach"),
]
