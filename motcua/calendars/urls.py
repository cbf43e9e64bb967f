from django.urls import path

from . import views

app_name = "calendars"
urlpatterns = [
    path("", views.year_view, name="year"),
    path("days/", views.day_save, name="day_save"),
    path("days/<int:pk>/remove/", views.day_remove, name="day_remove"),
    path("years/<int:year>/confirm/", views.year_confirm, name="year_confirm"),
    path("recompute/", views.recompute, name="recompute"),
    path("due/", views.due_preview, name="due"),
]
