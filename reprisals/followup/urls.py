from django.urls import path

from reprisals.followup import views

app_name = "followup"

urlpatterns = [
    path("followup/", views.deadlines, name="deadlines"),
    path("followup/communications/new/", views.communication_new, name="communication_new"),
    path("followup/communications/import/", views.communications_import, name="communications_import"),
    path("followup/communications/import/template.csv", views.communications_import_template,
         name="communications_import_template"),
    path("followup/communications/<int:communication_id>/", views.communication_detail, name="communication_detail"),
    path("followup/communications/<int:communication_id>/cases/", views.cases_add, name="cases_add"),
    path("followup/communications/<int:communication_id>/responses/", views.response_new, name="response_new"),
    path("followup/communications/<int:communication_id>/assessments/", views.assessment_new, name="assessment_new"),
    path("followup/assessments/<int:assessment_id>/confirm/", views.assessment_confirm, name="assessment_confirm"),
    path("followup/assessments/<int:assessment_id>/return/", views.assessment_return, name="assessment_return"),
    path("followup/attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path("followup/cases/<int:case_id>/developments/new/", views.development_new, name="development_new"),
    path("followup/record/", views.state_record, name="state_record"),
    path("portal/", views.portal_list, name="portal_list"),
    path("portal/communications/<int:communication_id>/", views.portal_detail, name="portal_detail"),
    path("portal/communications/<int:communication_id>/respond/", views.portal_respond, name="portal_respond"),
    path("portal/attachments/<int:attachment_id>/", views.portal_attachment, name="portal_attachment"),
]
