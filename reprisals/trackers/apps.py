from django.apps import AppConfig


class TrackersConfig(AppConfig):
    name = "reprisals.trackers"
    label = "trackers"
    verbose_name = "Trackers"
