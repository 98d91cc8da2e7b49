from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_url = "/portal/"

urlpatterns = [
    path("", RedirectView.as_view(url="/app/", permanent=False)),
    path("app/", admin.site.urls),
    path("api/", include("securities_crm.api.urls")),
    path("api/v1/", include("securities_crm.api.urls")),
    path("portal/", include("securities_crm.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
