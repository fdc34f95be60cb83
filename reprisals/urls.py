from django.contrib import admin
from django.urls import include, path, re_path

from reprisals.api import api, unknown_endpoint

urlpatterns = [
    path("admin/", admin.site.urls),
    # django-ninja's root view answers the API's base address with the site's HTML 404: the error shape instead.
    path("api/v1/", unknown_endpoint),
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown_endpoint),
    path("", include("reprisals.accounts.urls")),
    path("", include("reprisals.cases.urls")),
    path("", include("reprisals.followup.urls")),
    path("", include("reprisals.intake.urls")),
    path("", include("reprisals.linkage.urls")),
    path("", include("reprisals.trackers.urls")),
    path("", include("reprisals.reports.urls")),
    path("", include("reprisals.core.urls")),
]

handler400 = "reprisals.core.views.bad_request"
handler403 = "reprisals.core.views.permission_denied"
handler404 = "reprisals.core.views.page_not_found"
handler500 = "reprisals.core.views.server_error"
