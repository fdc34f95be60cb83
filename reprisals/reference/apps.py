from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "reprisals.reference"
    label = "reference"
    verbose_name = "Reference"
