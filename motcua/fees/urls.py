from django.urls import path

from . import views

app_name = "fees"
urlpatterns = [
    path("fees/collections/", views.collections, name="collections"),
    path("fees/receipts/<int:pk>/", views.receipt_print, name="receipt"),
    path("fees/receipts/<int:pk>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("dossiers/<str:ref>/fees/", views.collect, name="collect"),
]
