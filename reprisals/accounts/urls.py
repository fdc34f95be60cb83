from django.urls import path

from reprisals.accounts import views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("language/", views.language, name="set_language"),
]
