from django.urls import path

from . import views

app_name = "reform"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("appraisal/", views.queue, name="queue"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("rankings/", views.rankings, name="rankings"),
    path("rankings/<int:year>/<str:level>/", views.rankings, name="rankings_year"),
    path("frameworks/", views.frameworks, name="frameworks"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework"),
    path("inspections/<int:pk>/", views.plan, name="plan"),
    path("inspections/visits/<int:pk>/", views.inspection, name="inspection"),
    path("remediation/", views.remediation, name="remediation"),
]
