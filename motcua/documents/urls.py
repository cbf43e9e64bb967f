from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("dossiers/register/", views.register, name="register"),
    path("dossiers/<str:ref>/print/<str:form>/", views.print_view, name="print"),
    path("dossiers/<str:ref>/forms/<str:form>.pdf", views.form_pdf, name="form_pdf"),
]
