from django.urls import path

from reprisals.reports import public_views, views

app_name = "reports"

urlpatterns = [
    path("reports/", views.period_list, name="period_list"),
    path("reports/patterns/", views.patterns_page, name="patterns"),
    path("reports/statistics/", views.statistics_page, name="statistics"),
    path("reports/<int:period_id>/", views.period_detail, name="period_detail"),
    path("reports/<int:period_id>/edit/", views.period_edit, name="period_edit"),
    path("reports/<int:period_id>/exclusions/", views.exclusion_add, name="exclusion_add"),
    path("reports/<int:period_id>/finalise/", views.period_finalise, name="period_finalise"),
    path("reports/<int:period_id>/document.<str:fmt>", views.period_build, name="period_build"),
    path("reports/exclusions/<int:exclusion_id>/lift/", views.exclusion_lift, name="exclusion_lift"),
    path("public/", public_views.home, name="public_home"),
    path("public/cases/", public_views.cases, name="public_cases"),
    path("public/states/<str:iso3>/", public_views.state, name="public_state"),
    path("public/map.svg", public_views.world_map, name="public_map"),
    path("public/charts/<str:key>.png", public_views.chart, name="public_chart"),
    path("public/data/", public_views.open_data, name="public_data"),
    path("public/data/<str:name>", public_views.open_data_file, name="public_data_file"),
    path("public/reports/<int:period_id>/document.<str:fmt>", public_views.report_document, name="public_report"),
]
