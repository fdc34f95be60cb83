from django.urls import path

from reprisals.accounts import views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("login/second-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("login/second-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("reauthenticate/", views.reauthenticate, name="reauthenticate"),
    path("language/", views.language, name="set_language"),
]
