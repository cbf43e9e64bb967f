from django.urls import path

from . import views

app_name = "records"
urlpatterns = [path("<str:ref>/reuse/<int:pk>/", views.reuse, name="reuse")]
