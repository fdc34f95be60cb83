from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "reprisals.reference"
    label = "reference"
    verbose_name = "Reference"

    def ready(self) -> None:
        from reprisals.reference.selectors import connect_signals

        connect_signals()
