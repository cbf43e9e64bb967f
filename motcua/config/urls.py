from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from motcua.api.api import api

admin.site.site_header = _("Quản trị hệ thống một cửa điện tử")
admin.site.site_title = _("Quản trị motcua")
admin.site.index_title = _("Danh mục quản trị")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("motcua.accounts.urls")),
    path("organisations/", include("motcua.organisations.urls")),
    path("calendar/", include("motcua.calendars.urls")),
    path("jobs/", include("motcua.jobs.urls")),
    path("procedures/", include("motcua.catalog.urls")),
    path("portal/", include("motcua.portal.urls")),
    path("reports/", include("motcua.reports.urls")),
    path("integrations/", include("motcua.integrations.urls")),
    path("reform/", include("motcua.reform.urls")),
    path("verify/", include("motcua.signatures.urls")),
    path("records/", include("motcua.records.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("", include("motcua.fees.urls")),
    path("", include("motcua.documents.urls")),  # before the dossiers' "dossiers/<ref>/"
    path("", include("motcua.dossiers.urls")),
    path("", include("motcua.core.urls")),
]
