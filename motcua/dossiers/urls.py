from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("counter/", views.counter, name="counter"),
    path("counter/procedures/", views.counter_procedures, name="counter_procedures"),
    path("counter/applicant/", views.counter_applicant, name="counter_applicant"),
    path("counter/chip-card/", views.counter_chip_card, name="counter_chip_card"),
    path("work/", views.work, name="work"),
    path("work/bulk/", views.bulk, name="bulk"),
    path("work/<str:queue>/", views.work, name="queue"),
    path("dossiers/import/", views.legacy_import, name="legacy_import"),
    path("dossiers/accesses/", views.accesses, name="accesses"),
    path("dossiers/versions/", views.versions, name="versions"),
    path("dossiers/versions/<str:code>/", views.version_moves, name="version_moves"),
    path("dossiers/<str:ref>/", views.dossier_detail, name="detail"),
    path("dossiers/<str:ref>/actions/<str:name>/", views.action, name="action"),
    path("dossiers/<str:ref>/files/", views.upload, name="upload"),
    path("dossiers/<str:ref>/digitise/", views.digitise, name="digitise"),
    path("dossiers/<str:ref>/files/<int:pk>/", views.file_download, name="file"),
    path("dossiers/<str:ref>/files/<int:pk>/sign/", views.sign_result, name="sign_result"),
    path("track/", views.track, name="track"),
]
