from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.PortalLogin.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("register/", views.register, name="register"),
    path("verify/", views.verify, name="verify"),
    path("profile/", views.profile, name="profile"),
    path("dossiers/", views.mine, name="mine"),
    path("dossiers/<str:ref>/", views.dossier, name="dossier"),
    path("dossiers/<str:ref>/supplement/", views.supplement, name="supplement"),
    path("dossiers/<str:ref>/withdraw/", views.withdraw, name="withdraw"),
    path("dossiers/<str:ref>/rate/", views.rate, name="rate"),
    path("dossiers/<str:ref>/files/<int:file_id>/", views.dossier_file, name="dossier_file"),
    path("submit/<str:code>/", views.start, name="start"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
    path("drafts/<int:pk>/files/<int:file_id>/delete/", views.draft_file_delete, name="draft_file_delete"),
    path("drafts/<int:pk>/reuse/<int:stored_id>/", views.draft_reuse, name="draft_reuse"),
    path("feedback/", views.feedback_list, name="feedback"),
    path("feedback/new/", views.feedback_new, name="feedback_new"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("feedback/manage/", views.feedback_manage, name="feedback_manage"),
    path("feedback/manage/<int:pk>/", views.feedback_answer, name="feedback_answer"),
    path("kiosk/", views.kiosk, name="kiosk"),
    path("kiosk/procedures/", views.kiosk_procedures, name="kiosk_procedures"),
    path("kiosk/procedures/<str:code>/", views.kiosk_procedure, name="kiosk_procedure"),
    path("kiosk/track/", views.kiosk_track, name="kiosk_track"),
]
