from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "reprisals.intake"
    label = "intake"
    verbose_name = "Intake"
