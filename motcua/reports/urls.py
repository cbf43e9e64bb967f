from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.settlement_view, name="settlement"),
    path("settlement/dossiers/", views.drill, name="drill"),
    path("public/", views.public_statistics, name="public"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
