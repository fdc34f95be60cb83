from django.urls import path

from reprisals.linkage import views

urlpatterns = [
    path("linkage/", views.queue, name="linkage_queue"),
    path("linkage/run/", views.run, name="linkage_run"),
    path("linkage/candidates/<int:candidate_id>/decide/", views.decide, name="linkage_decide"),
    path("linkage/persons/<int:person_id>/", views.person, name="linkage_person"),
    path("linkage/persons/<int:person_id>/unmerge/", views.unmerge, name="linkage_unmerge"),
    path("linkage/patterns/", views.patterns, name="linkage_patterns"),
    path("linkage/allegations/", views.allegation_queue, name="linkage_allegations"),
    path("linkage/allegations/run/", views.allegation_run, name="linkage_allegation_run"),
    path("linkage/allegations/<int:candidate_id>/decide/", views.allegation_decide, name="linkage_allegation_decide"),
    path("linkage/incidents/<int:group_id>/", views.incident_group, name="linkage_incident_group"),
    path("linkage/incidents/<int:group_id>/unmerge/", views.incident_group_unmerge, name="linkage_incident_unmerge"),
]
