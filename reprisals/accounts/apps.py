from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "reprisals.accounts"
    label = "accounts"
    verbose_name = "Accounts"
