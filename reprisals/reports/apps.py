from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reprisals.reports"
    label = "reports"
    verbose_name = "Reports"
