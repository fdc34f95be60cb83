from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "reprisals.accounts"
    label = "accounts"
    verbose_name = pgettext_lazy("section of the administration site", "Accounts")
