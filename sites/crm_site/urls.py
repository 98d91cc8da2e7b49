from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from securities_crm.api import views as api_views

admin.site.site_url = "/portal/"

urlpatterns = [
    path("", api_views.root),  # the desk, or the legacy `cmd=` API form
    path("app/", admin.site.urls),
    path("api/v1/", include("securities_crm.api.urls")),  # before api/, whose catch-all answers JSON 404s
    path("api/", include("securities_crm.api.urls")),
    path("portal/", include("securities_crm.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# JSON under /api/; elsewhere our own pages (securities_crm/error_pages.py), in the user's language.
handler400 = "securities_crm.error_pages.bad_request"
handler403 = "securities_crm.error_pages.permission_denied"
handler404 = "securities_crm.error_pages.page_not_found"
handler500 = "securities_crm.error_pages.server_error"
