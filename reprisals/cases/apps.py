from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "reprisals.cases"
    label = "cases"
    verbose_name = "Cases"
