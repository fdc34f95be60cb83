from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "reprisals.followup"
    label = "followup"
    verbose_name = "Followup"
