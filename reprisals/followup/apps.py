from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "reprisals.followup"
    label = "followup"
    verbose_name = "Follow-up with States"

    def ready(self) -> None:
        from reprisals.cases.selectors import TIMELINE_SOURCES
        from reprisals.followup.timeline import case_events

        if case_events not in TIMELINE_SOURCES:
            TIMELINE_SOURCES.append(case_events)
