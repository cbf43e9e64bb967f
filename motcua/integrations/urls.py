from django.urls import path

from . import views

app_name = "integrations"
urlpatterns = [
    path("postal/webhook/", views.postal_webhook, name="postal_webhook"),
    path("payments/callback/", views.payment_callback, name="payment_callback"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("reconciliation/<int:pk>/resend/", views.resend, name="resend"),
]
