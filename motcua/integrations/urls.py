from django.urls import path

from . import views

app_name = "integrations"
urlpatterns = [
    path("postal/webhook/", views.postal_webhook, name="postal_webhook"),
    path("payments/callback/", views.payment_callback, name="payment_callback"),
    path("national/dossiers/", views.national_push, name="national_push"),
    path("intake/", views.intake, name="intake"),
    path("intake/<int:pk>/<str:action>/", views.intake_action, name="intake_action"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("reconciliation/<int:pk>/resend/", views.resend, name="resend"),
]
