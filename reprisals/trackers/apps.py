from django.apps import AppConfig


class TrackersConfig(AppConfig):
    name = "reprisals.trackers"
    label = "trackers"
    verbose_name = "Trackers"

    def ready(self) -> None:
        from reprisals.cases.selectors import TIMELINE_SOURCES
        from reprisals.trackers.timeline import case_events

        if case_events not in TIMELINE_SOURCES:
            TIMELINE_SOURCES.append(case_events)
