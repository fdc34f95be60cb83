from django.urls import path

from reprisals.intake import views

urlpatterns = [
    path("submit/", views.public_submit, name="public_submit"),
    path("submit/status/", views.public_status, name="public_status"),
    path("submit/status/add/", views.public_add, name="public_add"),
    path("intake/triage/", views.triage, name="intake_triage"),
    path("intake/submissions/<int:submission_id>/", views.submission_detail, name="intake_submission"),
    path("intake/submissions/<int:submission_id>/reveal/", views.submission_reveal, name="intake_reveal"),
    path("intake/submissions/<int:submission_id>/take/", views.submission_take, name="intake_take"),
    path("intake/submissions/<int:submission_id>/decline/", views.submission_decline, name="intake_decline"),
    path("intake/submissions/<int:submission_id>/attach/", views.submission_attach, name="intake_attach"),
    path("intake/submissions/<int:submission_id>/open-case/", views.submission_open_case, name="intake_open_case"),
    path("intake/attachments/<int:attachment_id>/", views.attachment_download, name="intake_attachment"),
    path("intake/mine/", views.my_submissions, name="intake_mine"),
    path("intake/import/", views.import_upload, name="intake_import"),
    path("intake/import/<int:pending_id>/confirm/", views.import_confirm, name="intake_import_confirm"),
    path("intake/templates/<str:name>", views.import_template, name="intake_template"),
    path("intake/reporting/", views.reporting_page, name="intake_reporting"),
    path("intake/export/<str:fmt>/", views.export_download, name="intake_export"),
]
