from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reprisals.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from reprisals.cases.erasure import ERASURE_HOOKS
        from reprisals.reports.erasure import erase_names

        if erase_names not in ERASURE_HOOKS:  # names erased from this app's copies too
            ERASURE_HOOKS.append(erase_names)
