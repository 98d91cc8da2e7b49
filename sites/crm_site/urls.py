"""The site's URLs: the app at the root, as any host site includes it (securities_crm/urls.py)."""

from django.urls import include, path

# JSON under /api/; elsewhere our own pages (securities_crm/error_pages.py), in the user's language.
from securities_crm.urls import handler400, handler403, handler404, handler500  # noqa: F401

urlpatterns = [
    path("", include("securities_crm.urls")),
]
