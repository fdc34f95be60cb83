from django.urls import path

from reprisals.linkage import views

urlpatterns = [
    path("linkage/", views.queue, name="linkage_queue"),
    path("linkage/candidates/<int:candidate_id>/decide/", views.decide, name="linkage_decide"),
    path("linkage/persons/<int:person_id>/", views.person, name="linkage_person"),
    path("linkage/persons/<int:person_id>/unmerge/", views.unmerge, name="linkage_unmerge"),
    path("linkage/patterns/", views.patterns, name="linkage_patterns"),
]
