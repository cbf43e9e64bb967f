from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("manage/", views.manage, name="manage"),
    path("manage/export.xlsx", views.export_excel, name="export"),
    path("manage/import/", views.import_excel, name="import"),
    path("manage/<str:code>/draft/", views.start_draft, name="draft"),
    path("manage/<str:code>/publish/", views.publish, name="publish"),
    path("manage/<str:code>/retire/", views.retire, name="retire"),
    path("<str:code>/", views.procedure_detail, name="detail"),
    path("<str:code>/pdf/", views.procedure_pdf, name="pdf"),
    path("<str:code>/history/", views.procedure_history, name="history"),
    path("<str:code>/v<int:number>/templates/<int:pk>/", views.component_template, name="template"),
]
