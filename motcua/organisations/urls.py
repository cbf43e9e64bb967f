from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("staff/", views.staff_list, name="staff_list"),
    path("<str:code>/", views.agency_detail, name="agency_detail"),
]
