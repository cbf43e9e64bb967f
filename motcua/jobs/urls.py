from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [path("", views.job_list, name="list"), path("<uuid:result_id>/retry/", views.job_retry, name="retry")]
