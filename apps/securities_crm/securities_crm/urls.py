"""The app's routes, for one include() at the root of a site's URLs:

    from django.urls import include, path
    from securities_crm.urls import handler400, handler403, handler404, handler500  # noqa: F401

    urlpatterns = [path("", include("securities_crm.urls"))]

At the root, because the app's paths are absolute: the desk at /app/, the REST API at /api/ and /api/v1/,
the portal at /portal/, the language switch at /i18n/, and the legacy `cmd=` API form on `/` itself
(frappe-client posts there); the error pages, the lockout and the content policy go by those paths.
The host keeps every other path for itself.

The four error handlers answer Frappe's JSON under /api/ and our own pages, in the user's language,
elsewhere; Django reads them from the site's ROOT_URLCONF only, hence the import above.
"""

from django.contrib import admin
from django.urls import include, path

from .api import views as api_views
from .desk import jsi18n

admin.site.site_url = "/portal/"  # the desk's "view site" link

urlpatterns = [
    path("", api_views.root),  # the desk, or the legacy `cmd=` API form
    path("app/jsi18n/", jsi18n.view),  # the admin's catalogue with our additions (desk/jsi18n.py)
    path("app/", admin.site.urls),
    path("api/v1/", include("securities_crm.api.urls")),  # before api/, whose catch-all answers JSON 404s
    path("api/", include("securities_crm.api.urls")),
    path("portal/", include("securities_crm.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "securities_crm.error_pages.bad_request"
handler403 = "securities_crm.error_pages.permission_denied"
handler404 = "securities_crm.error_pages.page_not_found"
handler500 = "securities_crm.error_pages.server_error"
