from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReferenceConfig(AppConfig):
    name = "reprisals.reference"
    label = "reference"
    verbose_name = pgettext_lazy("section of the administration site", "Reference")

    def ready(self) -> None:
        from reprisals.reference.selectors import connect_signals

        connect_signals()
