from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "reprisals.core"
    label = "core"
    verbose_name = "Core"
