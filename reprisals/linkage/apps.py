from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "reprisals.linkage"
    label = "linkage"
    verbose_name = "Linkage"
