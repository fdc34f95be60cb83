"""Web addresses of the trackers: staff pages under /trackers/, the public San José page at the root."""

from django.urls import path

from reprisals.trackers import ngo_views, views

app_name = "trackers"

urlpatterns = [
    path("san-jose-guidelines/", views.sanjose_public, name="sanjose_public"),
    path("san-jose-guidelines.json", views.sanjose_public_json, name="sanjose_public_json"),
    path("trackers/", views.index, name="index"),
    path("trackers/san-jose/", views.sanjose_staff, name="sanjose_staff"),
    path("trackers/san-jose/adoptions/new/", views.sanjose_adoption_add, name="sanjose_adoption_add"),
    path("trackers/san-jose/rapporteurs/new/", views.sanjose_rapporteur_add, name="sanjose_rapporteur_add"),
    path("trackers/san-jose/actions/new/", views.sanjose_action_add, name="sanjose_action_add"),
    path("trackers/ngo/", ngo_views.ngo_list, name="ngo_list"),
    path("trackers/ngo/deferred/", ngo_views.ngo_deferred, name="ngo_deferred"),
    path("trackers/ngo/longest-waiting/", ngo_views.ngo_waiting, name="ngo_waiting"),
    path("trackers/ngo/by-state/", ngo_views.ngo_by_state, name="ngo_by_state"),
    path("trackers/ngo/by-session/", ngo_views.ngo_by_session, name="ngo_by_session"),
    path("trackers/ngo/new/", ngo_views.ngo_add, name="ngo_add"),
    path("trackers/ngo/import/", ngo_views.ngo_import, name="ngo_import"),
    path("trackers/ngo/import/template.csv", ngo_views.ngo_import_template, name="ngo_import_template"),
    path("trackers/ngo/<int:application_id>/", ngo_views.ngo_detail, name="ngo_detail"),
    path("trackers/ngo/<int:application_id>/outcomes/new/", ngo_views.ngo_outcome_add, name="ngo_outcome_add"),
    path("trackers/ngo/<int:application_id>/case/", ngo_views.ngo_link_case, name="ngo_link_case"),
    path("trackers/online/", views.online_statistics, name="online_statistics"),
    path("trackers/cases/<int:case_id>/evidence/new/", views.evidence_add, name="evidence_add"),
    path("trackers/evidence/<int:evidence_id>/download/", views.evidence_download, name="evidence_download"),
]
