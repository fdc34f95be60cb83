from django.urls import path

from reprisals.core import audit_views

urlpatterns = [
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/check/", audit_views.audit_check, name="audit_check"),
]
