from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("nav/badges/", views.nav_badges, name="nav_badges"),
    path("healthz", views.healthz, name="healthz"),
]
